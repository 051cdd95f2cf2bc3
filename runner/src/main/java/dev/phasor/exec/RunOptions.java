package dev.phasor.exec;

import java.util.List;
import java.util.Objects;

/**
 * How a run treats the cache and schedules steps. The defaults are a plain run: phase barriers, a changed
 * definition refused, every step without a valid result run.
 *
 * @param eager start each step as soon as its own upstream steps are done, instead of at the end of the
 *     previous phase (phases stay the unit of planning, schema and reporting)
 * @param update accept a changed definition on an existing cache: steps whose key changed (and so their
 *     downstream) run again, the others are reused, removed steps' files are moved to {@code removed/},
 *     and the schema is rewritten
 * @param rerun step names or globs to run again even if cached, with everything downstream of them
 * @param until step names or globs to leave pending (not run), with everything downstream of them
 * @param restartFailed run only the steps whose last outcome was failed or skipped (or that were still
 *     running when an earlier run stopped); steps that never ran stay pending, done ones are reused
 */
public record RunOptions(boolean eager, boolean update, List<String> rerun, List<String> until,
        boolean restartFailed) {

    public RunOptions {
        rerun = List.copyOf(Objects.requireNonNullElse(rerun, List.of()));
        until = List.copyOf(Objects.requireNonNullElse(until, List.of()));
    }

    /** A plain run. */
    public static RunOptions defaults() {
        return new RunOptions(false, false, List.of(), List.of(), false);
    }

    public RunOptions withEager(boolean on) {
        return new RunOptions(on, update, rerun, until, restartFailed);
    }

    public RunOptions withUpdate(boolean on) {
        return new RunOptions(eager, on, rerun, until, restartFailed);
    }

    public RunOptions withRerun(List<String> patterns) {
        return new RunOptions(eager, update, patterns, until, restartFailed);
    }

    public RunOptions withUntil(List<String> patterns) {
        return new RunOptions(eager, update, rerun, patterns, restartFailed);
    }

    public RunOptions withRestartFailed(boolean on) {
        return new RunOptions(eager, update, rerun, until, on);
    }
}
