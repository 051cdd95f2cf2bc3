package dev.phasor.testkit;

import dev.phasor.Phasor;
import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The load and concurrency pipeline: {@code phasor.test.load.steps} leaves (default 1,000), leaf i returning
 * {@link #leafValue}; one fan-in per {@code phasor.test.load.group} leaves (default 100) computing a
 * position-weighted checksum of its leaves; and {@code total}, the weighted checksum of the groups. A
 * wrong, missing or misplaced leaf result changes its group and the total, so a run cannot pass with one.
 *
 * <p>Hooks for the concurrency tests, read where the step runs (system properties): leaf 0 creates the file
 * {@code phasor.test.load.started} when it starts and waits (at most 120 s) for the file
 * {@code phasor.test.load.gate}; {@code phasor.test.load.sleepMs} makes every leaf sleep; {@code define()}
 * creates {@code <phasor.test.load.go>.ready-<pid>} and waits (at most 120 s) for the file
 * {@code phasor.test.load.go}, so that two coordinators can be released at the same instant. {@code phasor.test.load.name} names the pipeline (default {@code load}).
 * {@code phasor.test.heapOut} makes the JVM record its heap figures ({@link HeapWatch}).
 */
public final class Load implements PipelineDefinition {

    static {
        HeapWatch.installIfAsked();
    }

    private static final long WAIT_SECONDS = 120;

    public static void main(String[] args) {
        Phasor.exit(Phasor.main(Load.class, args));
    }

    /** Leaf i's value: a mix of i, so that results are distinct and a swapped pair changes a checksum. */
    public static long leafValue(long i) {
        long z = (i + 1) * 0x9E3779B97F4A7C15L;
        return z ^ (z >>> 29);
    }

    /** The expected result of group {@code g} of {@code leaves} leaves in groups of {@code size}. */
    public static long expectedGroup(int g, int leaves, int size) {
        long sum = 0;
        for (int i = g * size; i < Math.min(leaves, (g + 1) * size); i++) {
            sum += (i + 1L) * leafValue(i);
        }
        return sum;
    }

    public static int groups(int leaves, int size) {
        return (leaves + size - 1) / size;
    }

    /** The expected result of {@code total}. */
    public static long expectedTotal(int leaves, int size) {
        long sum = 0;
        for (int g = 0; g < groups(leaves, size); g++) {
            sum += (g + 1L) * expectedGroup(g, leaves, size);
        }
        return sum;
    }

    public static String leafName(int i) {
        return "leaf_" + i;
    }

    public static String groupName(int g) {
        return "group_" + g;
    }

    @Override
    public Pipeline define() {
        String go = System.getProperty("phasor.test.load.go");
        if (go != null) {
            touch(Path.of(go + ".ready-" + ProcessHandle.current().pid()));
            awaitFile(Path.of(go), "the go file");
        }
        int leaves = Integer.getInteger("phasor.test.load.steps", 1000);
        int size = Integer.getInteger("phasor.test.load.group", 100);
        PipelineBuilder p = Pipeline.builder(System.getProperty("phasor.test.load.name", "load"));
        List<Step<Long>> groupSteps = new ArrayList<>();
        for (int g = 0; g < groups(leaves, size); g++) {
            List<Step<Long>> members = new ArrayList<>();
            for (int i = g * size; i < Math.min(leaves, (g + 1) * size); i++) {
                members.add(p.step(leafName(i), Params.of("i", i), Load::leaf));
            }
            groupSteps.add(p.stepAll(groupName(g), Params.of("from", g * size), members, Load::group));
        }
        p.stepAll("total", groupSteps, Load::total);
        return p.build();
    }

    static long leaf(Params p) throws InterruptedException {
        int i = p.getInt("i");
        if (i == 0) {
            String started = System.getProperty("phasor.test.load.started");
            if (started != null) {
                touch(Path.of(started));
            }
            String gate = System.getProperty("phasor.test.load.gate");
            if (gate != null) {
                awaitFile(Path.of(gate), "the gate file");
            }
        }
        long sleepMs = Long.getLong("phasor.test.load.sleepMs", 0);
        if (sleepMs > 0) {
            Thread.sleep(sleepMs);
        }
        return leafValue(i);
    }

    static long group(Params p, List<Long> members) {
        long from = p.getInt("from");
        long sum = 0;
        for (int k = 0; k < members.size(); k++) {
            sum += (from + k + 1) * members.get(k);
        }
        return sum;
    }

    static long total(List<Long> groups) {
        long sum = 0;
        for (int g = 0; g < groups.size(); g++) {
            sum += (g + 1L) * groups.get(g);
        }
        return sum;
    }

    private static void touch(Path file) {
        try {
            Files.writeString(file, Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitFile(Path file, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " " + file + " did not appear within " + WAIT_SECONDS + " s");
            }
            try {
                Thread.sleep(2); // polling a file the test creates; the deadline bounds it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what);
            }
        }
    }
}
