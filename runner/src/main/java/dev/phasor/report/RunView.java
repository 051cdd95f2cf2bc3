package dev.phasor.report;

import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.SchemaDocument;
import dev.phasor.cache.StatusFiles;
import dev.phasor.cache.StepStatus;
import dev.phasor.internal.IsoInstant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A pipeline's DAG by phase with each step's status: what {@code phasor graph}, {@code phasor times} and
 * the HTML report read. Built from a schema (the stored one, or the one of a pipeline class) and status
 * files, or from the statuses a run holds in memory.
 *
 * @param pipeline the pipeline's name
 * @param phases steps by phase, in plan order
 * @param manifest the latest run's manifest, or null if no run wrote one
 */
public record RunView(String pipeline, List<List<StepView>> phases, RunManifest manifest) {

    /** The view of a cache directory read cold. */
    public static RunView of(CacheReader reader) {
        RunManifest latest = RunManifests.latest(reader.layout());
        return of(reader.schema(), reader::status, latest);
    }

    /**
     * The view of {@code schema} (for example a pipeline class's, before or after a run) with the status files
     * under {@code layout} whose key is the step's current key; other steps are pending.
     */
    public static RunView ofStatusFiles(SchemaDocument schema, CacheLayout layout) {
        Map<String, String> keys = new LinkedHashMap<>();
        schema.phases().forEach(p -> p.steps().forEach(s -> keys.put(s.name(), s.key())));
        Function<String, StepStatus> status = step -> {
            StepStatus s = StatusFiles.read(layout.statusFile(step));
            return s != null && keys.get(step).equals(s.key()) ? s : null;
        };
        return of(schema, status, RunManifests.latest(layout));
    }

    /** The view of {@code schema} with the statuses a run holds in memory. */
    public static RunView of(SchemaDocument schema, Collection<StepStatus> statuses, RunManifest manifest) {
        Map<String, StepStatus> byName = new LinkedHashMap<>();
        statuses.forEach(s -> byName.put(s.step(), s));
        return of(schema, byName::get, manifest);
    }

    private static RunView of(SchemaDocument schema, Function<String, StepStatus> status, RunManifest manifest) {
        Instant runStart = manifest == null ? null : IsoInstant.parse(manifest.startedAt());
        List<List<StepView>> phases = new ArrayList<>();
        for (SchemaDocument.PhaseEntry p : schema.phases()) {
            List<StepView> steps = new ArrayList<>(p.steps().size());
            for (SchemaDocument.StepEntry e : p.steps()) {
                List<String> upstream = new ArrayList<>(e.inputs() == null ? List.of() : e.inputs());
                if (e.after() != null) {
                    e.after().stream().filter(a -> !upstream.contains(a)).forEach(upstream::add);
                }
                StepStatus s = status.apply(e.name());
                if (s == null) {
                    s = StepStatus.pending(e.name(), p.phase(), e.key());
                }
                steps.add(new StepView(e.name(), p.phase(), e.kind(), List.copyOf(upstream), s, Outcome.of(s, runStart)));
            }
            phases.add(List.copyOf(steps));
        }
        return new RunView(schema.pipeline(), List.copyOf(phases), manifest);
    }

    /** Every step in plan order. */
    public List<StepView> steps() {
        List<StepView> all = new ArrayList<>();
        phases.forEach(all::addAll);
        return all;
    }

    /** How many steps have each outcome (every outcome present, zero or not). */
    public Map<Outcome, Integer> counts() {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            counts.put(o, 0);
        }
        steps().forEach(s -> counts.merge(s.outcome(), 1, Integer::sum));
        return counts;
    }
}
