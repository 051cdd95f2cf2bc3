package dev.phasor.exec;

import dev.phasor.api.Pipeline;
import dev.phasor.api.StepDefinition;
import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.StatusFiles;
import dev.phasor.cache.StepStatus;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which steps a run forces, holds back or restarts, from {@link RunOptions}: {@code --rerun} patterns,
 * steps declared with {@code reload()}, and everything downstream of them are forced; {@code --until} patterns and everything downstream are held
 * (left pending); {@code --restart-failed} restarts only the steps whose status file says failed,
 * skipped or running. Patterns are step names or globs ({@code *}, {@code ?}, {@code [ab]}, {@code {a,b}});
 * one that matches no step is an error naming it.
 */
final class StepSelection {

    private final Set<String> forced;
    private final Set<String> held;
    private final Set<String> restartable;
    private final List<String> untilPatterns;

    private StepSelection(Set<String> forced, Set<String> held, Set<String> restartable, List<String> untilPatterns) {
        this.forced = forced;
        this.held = held;
        this.restartable = restartable;
        this.untilPatterns = untilPatterns;
    }

    /**
     * The selection for a run of {@code pipeline} on {@code layout}.
     *
     * @throws IllegalArgumentException if a pattern matches no step
     */
    static StepSelection of(Pipeline pipeline, RunOptions options, CacheLayout layout) {
        Map<String, List<String>> downstream = downstream(pipeline);
        Set<String> rerun = matching(pipeline, options.rerun(), "--rerun");
        pipeline.steps().stream().filter(s -> s.policy().reloads()).forEach(s -> rerun.add(s.name()));
        Set<String> forced = withDownstream(rerun, downstream);
        Set<String> held = withDownstream(matching(pipeline, options.until(), "--until"), downstream);
        Set<String> restartable = null;
        if (options.restartFailed()) {
            restartable = new LinkedHashSet<>();
            for (StepDefinition s : pipeline.steps()) {
                StepStatus st = StatusFiles.read(layout.statusFile(s.name()));
                if (st != null && (st.status() == StepStatus.FAILED || st.status() == StepStatus.SKIPPED
                        || "running".equals(st.state()))) {
                    restartable.add(s.name());
                }
            }
        }
        return new StepSelection(forced, held, restartable, options.until());
    }

    /**
     * Takes in steps a dynamic pipeline generated during the run (in plan order): a generated step is forced
     * or held when it matches a pattern or one of its upstream steps is; under {@code --restart-failed} it
     * runs if its status file says so, as a static step would.
     */
    void addGenerated(List<StepDefinition> added, RunOptions options, CacheLayout layout) {
        for (StepDefinition s : added) {
            if (matchesAny(s.name(), options.rerun(), "--rerun") || s.upstream().stream().anyMatch(forced::contains)) {
                forced.add(s.name());
            }
            if (matchesAny(s.name(), options.until(), "--until") || s.upstream().stream().anyMatch(held::contains)) {
                held.add(s.name());
            }
            if (restartable != null) {
                StepStatus st = StatusFiles.read(layout.statusFile(s.name()));
                if (st != null && (st.status() == StepStatus.FAILED || st.status() == StepStatus.SKIPPED
                        || "running".equals(st.state()))) {
                    restartable.add(s.name());
                }
            }
        }
    }

    private static boolean matchesAny(String name, List<String> patterns, String option) {
        for (String pattern : patterns) {
            if (name.equals(pattern) || glob(pattern, option).matches(Path.of(name))) {
                return true;
            }
        }
        return false;
    }

    /** True if the step must run even when its result is cached. */
    boolean isForced(String step) {
        return forced.contains(step);
    }

    /** Why the step is held back by {@code --until}, or null. */
    String heldReason(String step) {
        return held.contains(step) ? "held by --until " + String.join(" ", untilPatterns) : null;
    }

    /** Why {@code --restart-failed} does not run this step (it neither failed nor was skipped), or null. */
    String notRestartedReason(String step) {
        return restartable != null && !restartable.contains(step)
                ? "not run: --restart-failed runs only failed and skipped steps" : null;
    }

    /** Names of steps matching any of {@code patterns}, in plan order. */
    static Set<String> matching(Pipeline pipeline, List<String> patterns, String option) {
        Set<String> names = new LinkedHashSet<>();
        for (String pattern : patterns) {
            PathMatcher glob = glob(pattern, option);
            boolean any = false;
            for (StepDefinition s : pipeline.steps()) {
                if (s.name().equals(pattern) || glob.matches(Path.of(s.name()))) {
                    names.add(s.name());
                    any = true;
                }
            }
            if (!any) {
                throw new IllegalArgumentException(option + " " + pattern + " matches no step of pipeline '"
                        + pipeline.name() + "' (steps: " + preview(pipeline) + ")");
            }
        }
        return names;
    }

    private static PathMatcher glob(String pattern, String option) {
        if (pattern.isEmpty() || pattern.contains("/")) {
            throw new IllegalArgumentException(option + " '" + pattern + "' is not a step name or glob");
        }
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + " '" + pattern + "' is not a valid glob: " + e.getMessage(), e);
        }
    }

    private static String preview(Pipeline pipeline) {
        List<String> names = new ArrayList<>();
        for (StepDefinition s : pipeline.steps()) {
            if (names.size() == 10) {
                names.add("...");
                break;
            }
            names.add(s.name());
        }
        return String.join(", ", names);
    }

    /** Downstream steps of each step (direct only). */
    static Map<String, List<String>> downstream(Pipeline pipeline) {
        Map<String, List<String>> down = new HashMap<>();
        for (StepDefinition s : pipeline.steps()) {
            for (String up : s.upstream()) {
                down.computeIfAbsent(up, k -> new ArrayList<>()).add(s.name());
            }
        }
        return down;
    }

    private static Set<String> withDownstream(Set<String> roots, Map<String, List<String>> downstream) {
        Set<String> all = new LinkedHashSet<>(roots);
        Deque<String> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            for (String d : downstream.getOrDefault(todo.pop(), List.of())) {
                if (all.add(d)) {
                    todo.push(d);
                }
            }
        }
        return all;
    }
}
