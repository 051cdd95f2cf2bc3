package dev.phasor.exec;

import dev.phasor.api.Step;
import dev.phasor.api.StepDefinition;
import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.StepStatus;
import dev.phasor.cache.SummaryTable;
import dev.phasor.serialization.ResultFile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a run, read on the coordinator: each step's status, and its result by handle.
 */
public final class RunReport {

    private final PreparedPipeline prepared;
    private final Map<String, StepStatus> statuses;
    private final double wallMillis;
    private final List<String> removedSteps;

    public RunReport(PreparedPipeline prepared, Map<String, StepStatus> statuses, double wallMillis) {
        this(prepared, statuses, wallMillis, List.of());
    }

    public RunReport(PreparedPipeline prepared, Map<String, StepStatus> statuses, double wallMillis,
            List<String> removedSteps) {
        this.prepared = prepared;
        this.statuses = statuses;
        this.wallMillis = wallMillis;
        this.removedSteps = List.copyOf(removedSteps);
    }

    /**
     * Exit code of the run: 0 if every step is done or was left pending on purpose ({@code --until},
     * {@code --restart-failed}), 1 if any failed or was skipped.
     */
    public int exitCode() {
        return succeeded() ? 0 : 1;
    }

    /** True if no step failed or was skipped, and every step is done or held back on purpose. */
    public boolean succeeded() {
        return statuses.values().stream().allMatch(s -> s.isDone() || isHeld(s));
    }

    /** Number of steps this run left pending on purpose ({@code --until}, {@code --restart-failed}). */
    public int held() {
        return (int) statuses.values().stream().filter(RunReport::isHeld).count();
    }

    private static boolean isHeld(StepStatus s) {
        return s.isUnfinished() && "not run".equals(s.run());
    }

    /** Steps of the cache's former definition that {@code --update} removed (their files are in {@code removed/}). */
    public List<String> removedSteps() {
        return removedSteps;
    }

    /** Number of steps with the given status code. */
    public int count(int status) {
        int n = 0;
        for (StepStatus s : statuses.values()) {
            if (s.status() == status) {
                n++;
            }
        }
        return n;
    }

    /** Number of steps this run executed (as opposed to reusing a cached result). */
    public int executed() {
        int n = 0;
        for (StepStatus s : statuses.values()) {
            if ("ran".equals(s.run())) {
                n++;
            }
        }
        return n;
    }

    /** The status of the step called {@code step}. */
    public StepStatus status(String step) {
        StepStatus s = statuses.get(step);
        if (s == null) {
            throw new IllegalArgumentException("pipeline '" + prepared.pipeline().name() + "' has no step '" + step + "'");
        }
        return s;
    }

    /** The status of {@code step}. */
    public StepStatus status(Step<?> step) {
        return status(step.name());
    }

    /** All statuses in plan order. */
    public Collection<StepStatus> statuses() {
        return statuses.values();
    }

    /** Wall time of the run in milliseconds. */
    public double wallMillis() {
        return wallMillis;
    }

    public CacheLayout layout() {
        return prepared.layout();
    }

    /**
     * The result of {@code step}, read from the cache.
     *
     * @throws dev.phasor.cache.ResultUnavailableException if it failed, was skipped or has no readable result
     */
    @SuppressWarnings("unchecked")
    public <T> T result(Step<T> step) {
        return (T) result(step.name());
    }

    /** The result of the step called {@code step}. */
    public Object result(String step) {
        return prepared.results().readFor(status(step));
    }

    /** The summary table of this run. */
    public String summary() {
        StringBuilder out = new StringBuilder();
        try {
            writeSummary(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        return out.toString();
    }

    /**
     * Writes the summary table to {@code file}: streamed to a temporary sibling and renamed into place, so
     * that a reader never sees half a table and a 100,000-step table is never built in memory. Created with the
     * cache's mode.
     */
    public void writeSummaryFile(Path file) throws IOException {
        Path tmp = ResultFile.temporarySibling(file);
        try (Writer out = new BufferedWriter(new OutputStreamWriter(prepared.layout().mode().newOutputStream(tmp),
                StandardCharsets.UTF_8.newEncoder()))) { // reports bad text, as Files.newBufferedWriter
            writeSummary(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        ResultFile.moveIntoPlace(tmp, file);
    }

    /** Writes the summary table of this run to {@code out}, a row at a time. */
    public void writeSummary(Appendable out) throws IOException {
        Map<String, StepDefinition> byName = new HashMap<>();
        prepared.pipeline().steps().forEach(s -> byName.put(s.name(), s));
        SummaryTable.write(out, prepared.layout(), new ArrayList<>(statuses.values()), name -> {
            StepDefinition s = byName.get(name);
            return s == null ? "{}" : SummaryTable.paramsText(s.params().asMap());
        }, prepared.results()::readFor);
    }

    /** Names of failed steps, in plan order. */
    public List<String> failedSteps() {
        List<String> names = new ArrayList<>();
        statuses.values().stream().filter(s -> s.status() == StepStatus.FAILED).forEach(s -> names.add(s.step()));
        return names;
    }
}
