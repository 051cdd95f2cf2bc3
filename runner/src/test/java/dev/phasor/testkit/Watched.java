package dev.phasor.testkit;

import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run slow enough to watch on the dashboard: phase 0 has {@code phasor.test.width} steps {@code load_<i>}
 * (default 6) sleeping {@code phasor.test.sleepMs} (default 700) and returning {@code i * i}, plus
 * {@code broken}, which prints {@link #LOG_LINES} lines and then fails with {@link #MESSAGE}; phase 1 has
 * {@code square_<i>} (each after {@code load_<i>}, sleeping too) and {@code after_broken} (skipped); phase 2
 * {@code total} sums the squares' results. When the system property {@link #GATE} names a file, each square
 * starts only once that file exists: a test watching the run holds it (and its dashboard) in phase 1 for as long
 * as it needs, however slow the machine.
 */
public final class Watched implements PipelineDefinition {

    public static final String MESSAGE = "the input is damaged <b>here</b>";
    public static final int LOG_LINES = 40;
    /** The system property naming the file the squares wait for; unset, they do not wait. */
    public static final String GATE = "phasor.test.gate";
    /** How long a square waits for the gate at most: a test that failed midway must not hold the run forever. */
    private static final long GATE_LIMIT_MS = 120_000;

    @Override
    public Pipeline define() {
        int width = Integer.getInteger("phasor.test.width", 6);
        int sleepMs = Integer.getInteger("phasor.test.sleepMs", 700);
        PipelineBuilder p = Pipeline.builder("watched");
        List<Step<Integer>> squares = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            Step<Integer> load = p.step("load_" + i, Params.of("i", i, "sleepMs", sleepMs), (Params ps) -> {
                nap(ps);
                return ps.getInt("i") * ps.getInt("i");
            });
            squares.add(p.step("square_" + i, Params.of("sleepMs", sleepMs), load, (Params ps, Integer v) -> {
                awaitGate();
                nap(ps);
                return v;
            }));
        }
        Step<Integer> broken = p.step("broken", Watched::broken);
        p.step("after_broken", broken, x -> x + 1);
        p.stepAll("total", squares, values -> values.stream().mapToInt(Integer::intValue).sum());
        return p.build();
    }

    private static void nap(Params ps) {
        try {
            Thread.sleep(ps.getInt("sleepMs"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Read when a square runs, not at definition: a worker in another JVM does not wait. */
    private static void awaitGate() {
        String gate = System.getProperty(GATE);
        long deadline = System.currentTimeMillis() + GATE_LIMIT_MS;
        while (gate != null && !Files.exists(Path.of(gate)) && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    static int broken() {
        for (int i = 1; i <= LOG_LINES; i++) {
            System.out.println("reading record " + i);
        }
        throw new IllegalStateException(MESSAGE);
    }
}
