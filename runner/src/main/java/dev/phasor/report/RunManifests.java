package dev.phasor.report;

import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.StatusFiles;
import dev.phasor.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads and writes run manifests under {@code <cache>/<pipeline>/runs/}. */
public final class RunManifests {

    /** The copy of the latest manifest. */
    public static final String LATEST = "latest.json";

    private RunManifests() {
    }

    /** The directory of a pipeline's manifests. */
    public static Path dir(CacheLayout layout) {
        return layout.dir().resolve("runs");
    }

    /**
     * Writes {@code manifest} as {@code runs/<runId>.json} and as {@code runs/latest.json}, with the layout's mode;
     * returns the first.
     */
    public static Path write(CacheLayout layout, RunManifest manifest) throws IOException {
        Path dir = layout.mode().createDirectories(dir(layout));
        byte[] json = Json.PRETTY.writeValueAsBytes(manifest);
        Path file = dir.resolve(manifest.runId() + ".json");
        StatusFiles.writeAtomically(file, json, layout.mode());
        StatusFiles.writeAtomically(dir.resolve(LATEST), json, layout.mode());
        return file;
    }

    /** The latest run's manifest, or null if no run wrote one (or it cannot be read). */
    public static RunManifest latest(CacheLayout layout) {
        return read(dir(layout).resolve(LATEST));
    }

    /** Every manifest, oldest first (by start time: two runs may start within the second a run id names). */
    public static List<RunManifest> all(CacheLayout layout) {
        List<RunManifest> manifests = new ArrayList<>();
        if (!Files.isDirectory(dir(layout))) {
            return manifests;
        }
        try (Stream<Path> files = Files.list(dir(layout))) {
            files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .filter(f -> !f.getFileName().toString().equals(LATEST))
                    .map(RunManifests::read)
                    .filter(m -> m != null)
                    .sorted(java.util.Comparator.comparing((RunManifest m) -> java.time.Instant.parse(m.startedAt()))
                            .thenComparing(RunManifest::runId))
                    .forEach(manifests::add);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + dir(layout) + ": " + e.getMessage(), e);
        }
        return manifests;
    }

    private static RunManifest read(Path file) {
        try {
            return Json.PRETTY.readValue(Files.readAllBytes(file), RunManifest.class);
        } catch (IOException e) { // missing or not a manifest: no manifest
            return null;
        }
    }
}
