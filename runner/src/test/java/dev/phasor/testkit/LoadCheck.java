package dev.phasor.testkit;

import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.internal.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks a finished {@link Load} run from its cache, cold: every step done, every result right. */
public final class LoadCheck {

    private LoadCheck() {
    }

    /** What a checked run did, from its run manifest. */
    public record Figures(int steps, double wallSeconds, String backend, Map<String, Integer> workers) {
        public double stepsPerSecond() {
            return steps / wallSeconds;
        }
    }

    /**
     * Fails unless every one of the {@code leaves + groups + 1} steps is done and every leaf's, group's and
     * the total's result is the expected value; returns the run's figures from {@code runs/latest.json}.
     */
    public static Figures verify(Path root, String pipeline, int leaves, int size) throws IOException {
        CacheReader r = CacheReader.open(root, pipeline);
        int groups = Load.groups(leaves, size);
        int expectedSteps = leaves + groups + 1;
        if (r.steps().size() != expectedSteps) {
            throw new AssertionError(pipeline + ": " + r.steps().size() + " steps in the schema, expected " + expectedSteps);
        }
        List<String> notDone = new ArrayList<>();
        for (StepStatus s : r.statuses()) {
            if (s.status() != StepStatus.DONE) {
                notDone.add(s.step() + "=" + s.status() + "/" + s.state().word());
            }
        }
        if (!notDone.isEmpty()) {
            throw new AssertionError(pipeline + ": " + notDone.size() + " steps not done, e.g. "
                    + notDone.subList(0, Math.min(5, notDone.size())));
        }
        for (int i = 0; i < leaves; i++) {
            expect(r, Load.leafName(i), Load.leafValue(i));
        }
        for (int g = 0; g < groups; g++) {
            expect(r, Load.groupName(g), Load.expectedGroup(g, leaves, size));
        }
        expect(r, "total", Load.expectedTotal(leaves, size));
        var manifest = Json.PRETTY.readTree(r.layout().dir().resolve("runs/latest.json").toFile());
        if (!"ok".equals(manifest.path("outcome").asText())) {
            throw new AssertionError(pipeline + ": run outcome " + manifest.path("outcome"));
        }
        Map<String, Integer> workers = new java.util.TreeMap<>();
        manifest.path("workers").fields().forEachRemaining(e -> workers.put(e.getKey(), e.getValue().asInt()));
        return new Figures(expectedSteps, manifest.path("wallMillis").asDouble() / 1000.0,
                manifest.path("backend").asText(), workers);
    }

    private static void expect(CacheReader r, String step, long value) {
        Object actual = r.result(step);
        if (!(actual instanceof Long l) || l != value) {
            throw new AssertionError(step + ": result " + actual + ", expected " + value);
        }
    }
}
