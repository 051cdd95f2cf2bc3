package dev.phasor.testkit;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.Step;
import dev.phasor.api.StepContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Slow steps, for tests that kill or add workers mid-phase: {@code phasor.test.phases} phases (default 3)
 * of {@code phasor.test.width} steps (default 6), each sleeping {@code phasor.test.sleepMs} (default 400)
 * and returning phase * 1000 + index; the last step sums everything. With {@code phasor.test.executions}
 * set to a directory, every execution of a step body appends a line to {@code DIR/<step>}, so that a test
 * can count how often each step really ran, whatever process ran it ({@link #executions}).
 */
public final class Sleepy implements PipelineDefinition {

    /** The expected value of {@code last}. */
    public static long expectedLast(int phases, int width) {
        long sum = 0;
        for (int ph = 0; ph < phases; ph++) {
            for (int i = 0; i < width; i++) {
                sum += ph * 1000L + i;
            }
        }
        return sum;
    }

    @Override
    public Pipeline define() {
        int phases = Integer.getInteger("phasor.test.phases", 3);
        int width = Integer.getInteger("phasor.test.width", 6);
        int sleepMs = Integer.getInteger("phasor.test.sleepMs", 400);
        PipelineBuilder p = Pipeline.builder("sleepy");
        List<Step<Long>> all = new ArrayList<>();
        Step<Long> previous = null;
        for (int ph = 0; ph < phases; ph++) {
            Step<Long> gate = null;
            for (int i = 0; i < width; i++) {
                Params params = Params.of("phase", ph, "i", i, "sleepMs", sleepMs);
                Step<Long> s = previous == null ? p.step("s" + ph + "_" + i, params, Sleepy::nap)
                        : p.step("s" + ph + "_" + i, params, previous, (ps, up) -> nap(ps));
                all.add(s);
                gate = gate == null ? s : gate;
            }
            previous = gate;
        }
        p.stepAll("last", all, Sleepy::sum);
        return p.build();
    }

    static long nap(Params p) throws InterruptedException {
        countExecution();
        Thread.sleep(p.getInt("sleepMs"));
        return p.getInt("phase") * 1000L + p.getInt("i");
    }

    static long sum(List<Long> values) {
        countExecution();
        return values.stream().mapToLong(Long::longValue).sum();
    }

    /** Appends this execution to the step's counter file, when {@code phasor.test.executions} names a directory. */
    private static void countExecution() {
        String dir = System.getProperty("phasor.test.executions");
        if (dir == null) {
            return;
        }
        String step = StepContext.current().step();
        try {
            Files.createDirectories(Path.of(dir));
            // one short O_APPEND write per execution: lines from several processes never interleave
            Files.writeString(Path.of(dir, step), ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many times each step's body started, by step, from the counter files in {@code dir}. */
    public static Map<String, Integer> executions(Path dir) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return counts;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                counts.put(f.getFileName().toString(), (int) Files.readAllLines(f).stream().filter(l -> !l.isBlank()).count());
            }
        }
        return counts;
    }
}
