package dev.phasor.dashboard;

import dev.phasor.cache.SchemaDocument;
import dev.phasor.cache.StepStatus;
import dev.phasor.report.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the page draws, built from a {@link StepBoard}: counts, phases, the task stream, steps per second,
 * failed steps and (when small) the DAG. Its size is bounded whatever the pipeline's: a large phase is
 * sent as groups of steps with the same name but for numbers, never one entry per step.
 */
final class BoardSnapshot {

    /** Up to this many steps, each step is its own cell on the page; above, phases show groups. */
    static final int MAX_CELLS = 2000;
    /** Groups shown per phase; the rest are counted together. */
    static final int MAX_GROUPS = 40;
    /** Up to this many steps, the DAG is drawn. */
    static final int MAX_DAG = 150;
    /** Bars of the task stream: the latest ones. */
    static final int MAX_BARS = 1000;
    static final int MAX_FAILED = 50;
    /** Points of the steps-per-second curve at most (buckets widen to fit). */
    static final int MAX_POINTS = 240;

    private final Map<String, String> logTails = new HashMap<>();

    /** The snapshot as a JSON-ready map. */
    Map<String, Object> build(StepBoard board) {
        return board.read(v -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("pipeline", board.layout().pipeline());
            out.put("live", v.live());
            out.put("runStart", v.runStart() == null ? null : v.runStart().toString());
            out.put("now", System.currentTimeMillis());
            out.put("total", v.size());
            Outcome[] outcomes = new Outcome[v.size()];
            Map<String, Integer> counts = v.emptyCounts();
            for (int i = 0; i < outcomes.length; i++) {
                outcomes[i] = v.outcome(i);
                counts.merge(outcomes[i].label(), 1, Integer::sum);
            }
            out.put("counts", counts);
            out.put("phases", phases(v, outcomes));
            out.put("rate", rate(v, outcomes));
            out.put("gantt", gantt(v, outcomes));
            out.put("failed", failed(board, v, outcomes));
            out.put("dag", v.schema() != null && v.size() <= MAX_DAG ? dag(v, outcomes) : null);
            return out;
        });
    }

    private static List<Map<String, Object>> phases(StepBoard.View v, Outcome[] outcomes) {
        boolean cells = v.size() <= MAX_CELLS;
        Map<Integer, Map<String, Object>> byPhase = new TreeMap<>();
        Map<Integer, Map<String, Map<String, Integer>>> groups = new HashMap<>();
        for (int i = 0; i < outcomes.length; i++) {
            int phase = v.phase(i);
            Map<String, Object> p = byPhase.computeIfAbsent(phase, k -> newPhase(k, v, cells));
            p.merge("total", 1, (a, b) -> (Integer) a + (Integer) b);
            @SuppressWarnings("unchecked")
            Map<String, Integer> counts = (Map<String, Integer>) p.get("counts");
            counts.merge(outcomes[i].label(), 1, Integer::sum);
            if (cells) {
                @SuppressWarnings("unchecked")
                List<List<String>> list = (List<List<String>>) p.get("cells");
                list.add(List.of(v.names().get(i), outcomes[i].label()));
            } else {
                Map<String, Map<String, Integer>> g = groups.computeIfAbsent(phase, k -> new LinkedHashMap<>());
                String name = group(v.names().get(i));
                if (!g.containsKey(name) && g.size() >= MAX_GROUPS) {
                    name = "(other steps)";
                }
                g.computeIfAbsent(name, k -> v.emptyCounts()).merge(outcomes[i].label(), 1, Integer::sum);
            }
        }
        groups.forEach((phase, g) -> {
            List<Map<String, Object>> list = new ArrayList<>();
            g.forEach((name, c) -> list.add(Map.of("name", name, "counts", c,
                    "total", c.values().stream().mapToInt(Integer::intValue).sum())));
            byPhase.get(phase).put("groups", list);
        });
        return new ArrayList<>(byPhase.values());
    }

    private static Map<String, Object> newPhase(int phase, StepBoard.View v, boolean cells) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("phase", phase);
        p.put("total", 0);
        p.put("counts", v.emptyCounts());
        if (cells) {
            p.put("cells", new ArrayList<List<String>>());
        }
        return p;
    }

    /** A step's group: its name with every run of digits as {@code #} ({@code count_17} is in {@code count_#}). */
    static String group(String step) {
        return step.replaceAll("[0-9]+", "#");
    }

    private static boolean ran(Outcome o) {
        return o == Outcome.DONE || o == Outcome.FAILED;
    }

    /** Steps finished per second of the run, in buckets of one second or more. */
    private static Map<String, Object> rate(StepBoard.View v, Outcome[] outcomes) {
        long origin = origin(v, outcomes);
        long last = origin;
        for (int i = 0; i < outcomes.length; i++) {
            if (ran(outcomes[i]) && v.endMs(i) > 0) {
                last = Math.max(last, v.endMs(i));
            }
        }
        if (v.live()) {
            last = Math.max(last, System.currentTimeMillis());
        }
        long span = Math.max(1, last - origin);
        long bucketMs = Math.max(1000, ((span / MAX_POINTS) / 1000 + 1) * 1000);
        int[] points = new int[(int) (span / bucketMs) + 1];
        for (int i = 0; i < outcomes.length; i++) {
            if (ran(outcomes[i]) && v.endMs(i) >= origin) {
                points[(int) ((v.endMs(i) - origin) / bucketMs)]++;
            }
        }
        Map<String, Object> rate = new LinkedHashMap<>();
        rate.put("origin", origin);
        rate.put("bucketSeconds", bucketMs / 1000);
        rate.put("points", points);
        return rate;
    }

    private static long origin(StepBoard.View v, Outcome[] outcomes) {
        if (v.runStart() != null) {
            return v.runStart().toEpochMilli();
        }
        long first = Long.MAX_VALUE;
        for (int i = 0; i < outcomes.length; i++) {
            if (ran(outcomes[i]) && v.startMs(i) > 0) {
                first = Math.min(first, v.startMs(i));
            }
        }
        return first == Long.MAX_VALUE ? System.currentTimeMillis() : first;
    }

    /** The latest {@link #MAX_BARS} steps that ran, by worker: [start, end, outcome, step]. */
    private static Map<String, Object> gantt(StepBoard.View v, Outcome[] outcomes) {
        List<Integer> ranSteps = new ArrayList<>();
        for (int i = 0; i < outcomes.length; i++) {
            if (ran(outcomes[i]) && v.startMs(i) > 0 && v.endMs(i) > 0 && v.status(i).worker() != null) {
                ranSteps.add(i);
            }
        }
        if (ranSteps.size() > MAX_BARS) {
            ranSteps.sort((a, b) -> Long.compare(v.endMs(b), v.endMs(a)));
            ranSteps = ranSteps.subList(0, MAX_BARS);
        }
        Map<String, List<List<Object>>> lanes = new TreeMap<>();
        long origin = Long.MAX_VALUE;
        long end = 0;
        for (int i : ranSteps) {
            origin = Math.min(origin, v.startMs(i));
            end = Math.max(end, v.endMs(i));
            lanes.computeIfAbsent(v.status(i).worker(), k -> new ArrayList<>())
                    .add(List.of(v.startMs(i), v.endMs(i), outcomes[i].label(), v.names().get(i)));
        }
        Map<String, Object> gantt = new LinkedHashMap<>();
        gantt.put("origin", origin == Long.MAX_VALUE ? 0 : origin);
        gantt.put("end", end);
        gantt.put("shown", ranSteps.size());
        gantt.put("lanes", lanes);
        return gantt;
    }

    private List<Map<String, Object>> failed(StepBoard board, StepBoard.View v, Outcome[] outcomes) {
        List<Map<String, Object>> failed = new ArrayList<>();
        for (int i = 0; i < outcomes.length && failed.size() < MAX_FAILED; i++) {
            if (outcomes[i] != Outcome.FAILED) {
                continue;
            }
            StepStatus s = v.status(i);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("step", s.step());
            f.put("phase", s.phase());
            f.put("errorType", s.errorType());
            f.put("errorMessage", s.errorMessage());
            f.put("attempts", Math.max(1, s.attempt()));
            f.put("worker", s.worker());
            f.put("ended", s.ended());
            f.put("logTail", logTails.computeIfAbsent(s.step() + "@" + s.ended(),
                    k -> LogTail.of(board.layout().logFile(s.step()))));
            failed.add(f);
        }
        return failed;
    }

    private static Map<String, Object> dag(StepBoard.View v, Outcome[] outcomes) {
        List<List<Object>> nodes = new ArrayList<>();
        for (int i = 0; i < outcomes.length; i++) {
            nodes.add(List.of(v.names().get(i), v.phase(i), outcomes[i].label()));
        }
        List<List<String>> edges = new ArrayList<>();
        SchemaDocument schema = v.schema();
        List<SchemaDocument.PhaseEntry> all = new ArrayList<>(schema.phases());
        if (schema.expansions() != null) {
            schema.expansions().forEach(x -> all.addAll(x.phases()));
        }
        for (SchemaDocument.PhaseEntry p : all) {
            for (SchemaDocument.StepEntry e : p.steps()) {
                List<String> up = new ArrayList<>();
                if (e.inputs() != null) {
                    up.addAll(e.inputs());
                }
                if (e.after() != null) {
                    up.addAll(e.after());
                }
                if (e.afterFinished() != null) {
                    up.addAll(e.afterFinished());
                }
                up.stream().distinct().filter(u -> v.indexOf(u) >= 0).forEach(u -> edges.add(List.of(u, e.name())));
            }
        }
        return Map.of("nodes", nodes, "edges", edges);
    }
}
