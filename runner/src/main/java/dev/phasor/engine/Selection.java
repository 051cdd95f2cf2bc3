package dev.phasor.engine;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which steps a run forces, holds back or restarts: {@code --rerun} patterns and steps that always reload,
 * with everything downstream, are forced (their cached results are ignored); {@code --until} patterns and
 * everything downstream are held; under {@code --restart-failed} only the steps whose last outcome was
 * failed, skipped or unfinished-while-running run. Patterns are step names or globs ({@code *}, {@code ?},
 * {@code [ab]}, {@code {a,b}}); one that matches no step is an error naming it. Pure: what the cache said
 * comes in as a predicate.
 */
public final class Selection {

    /** Nothing forced, held or restarted: a plain run. */
    public static final Selection NONE = new Selection(List.of(), List.of(), Set.of(), null);

    private final List<String> rerun;
    private final List<String> until;
    private final Set<String> alwaysReload;
    /** Steps the cache says failed, were skipped or were still running; null unless --restart-failed. */
    private final Predicate<String> restartable;
    private final Set<String> forced = new HashSet<>();
    private final Set<String> held = new HashSet<>();

    /**
     * @param rerun {@code --rerun} patterns
     * @param until {@code --until} patterns
     * @param alwaysReload steps declared to run on every run
     * @param restartable under {@code --restart-failed}, whether the cache says a step failed, was skipped or
     *     was still running; null otherwise
     */
    public Selection(List<String> rerun, List<String> until, Set<String> alwaysReload, Predicate<String> restartable) {
        this.rerun = List.copyOf(rerun);
        this.until = List.copyOf(until);
        this.alwaysReload = Set.copyOf(alwaysReload);
        this.restartable = restartable;
        rerun.forEach(p -> glob(p, "--rerun"));
        until.forEach(p -> glob(p, "--until"));
    }

    /**
     * Takes in the steps of the run (in plan order: upstream first) and checks that every pattern matches one.
     *
     * @throws IllegalArgumentException naming a pattern that matches no step
     */
    void admitAll(List<StepSpec> steps, String pipeline) {
        check(steps.stream().map(StepSpec::name).toList(), pipeline);
        steps.forEach(this::admit);
    }

    /**
     * Checks, before anything is written, that every pattern matches one of {@code steps}.
     *
     * @throws IllegalArgumentException naming a pattern that matches no step
     */
    public void check(List<String> steps, String pipeline) {
        requireMatches(steps, rerun, "--rerun", pipeline);
        requireMatches(steps, until, "--until", pipeline);
    }

    /** Takes in one step whose upstream steps were admitted: forced or held as a pattern or an upstream step is. */
    void admit(StepSpec s) {
        if (alwaysReload.contains(s.name()) || matchesAny(s.name(), rerun, "--rerun")
                || !forced.isEmpty() && s.upstream().stream().anyMatch(forced::contains)) {
            forced.add(s.name());
        }
        if (matchesAny(s.name(), until, "--until") || !held.isEmpty() && s.upstream().stream().anyMatch(held::contains)) {
            held.add(s.name());
        }
    }

    /** True if the step must run even when its result is cached. */
    boolean isForced(String step) {
        return forced.contains(step);
    }

    /** Why the step is held back by {@code --until}, or null. */
    String heldReason(String step) {
        return held.contains(step) ? "held by --until " + String.join(" ", until) : null;
    }

    /** Why {@code --restart-failed} does not run this step, or null. */
    String notRestartedReason(String step) {
        return restartable != null && !forced.contains(step) && !restartable.test(step)
                ? "not run: --restart-failed runs only failed and skipped steps" : null;
    }

    private static void requireMatches(List<String> steps, List<String> patterns, String option, String pipeline) {
        for (String pattern : patterns) {
            if (steps.stream().noneMatch(s -> matches(s, pattern, option))) {
                throw new IllegalArgumentException(option + " " + pattern + " matches no step of pipeline '"
                        + pipeline + "' (steps: " + preview(steps) + ")");
            }
        }
    }

    private static boolean matchesAny(String name, List<String> patterns, String option) {
        for (String pattern : patterns) {
            if (matches(name, pattern, option)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String name, String pattern, String option) {
        return name.equals(pattern) || glob(pattern, option).matches(Path.of(name));
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

    private static String preview(List<String> steps) {
        List<String> names = new ArrayList<>();
        for (String s : steps) {
            if (names.size() == 10) {
                names.add("...");
                break;
            }
            names.add(s);
        }
        return String.join(", ", names);
    }
}
