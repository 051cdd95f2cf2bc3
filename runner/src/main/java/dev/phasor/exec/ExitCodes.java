package dev.phasor.exec;

import dev.phasor.api.BackendException;
import dev.phasor.api.CacheAccessException;
import dev.phasor.api.CacheLockedException;
import dev.phasor.api.PipelineDefinitionException;
import dev.phasor.api.RunAbortedException;
import dev.phasor.api.RunInterruptedException;
import dev.phasor.api.SchemaConflictException;
import dev.phasor.cache.ResultUnavailableException;

/** The documented exit codes of every Phasor command. */
public final class ExitCodes {

    /** Every step done; the command did what was asked. */
    public static final int OK = 0;
    /** A step failed (or was skipped), or a result asked for is not available. */
    public static final int STEP_FAILED = 1;
    /** Bad command line, unknown pipeline class, or an invalid pipeline definition. */
    public static final int USAGE = 2;
    /** Schema conflict, cache locked by another run, or a cache directory that cannot be used. */
    public static final int CACHE = 3;
    /** The backend failed: workers lost or disagreeing, transport errors. */
    public static final int BACKEND = 4;
    /** The run was interrupted (Ctrl-C: 128 + SIGINT, as shells report it); finished results are kept. */
    public static final int INTERRUPTED = 130;
    /** A bug in Phasor: please report it with the stack trace. */
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }

    /** The exit code for a failure that ended a command. */
    public static int of(Throwable e) {
        if (e instanceof RunInterruptedException) {
            return INTERRUPTED;
        }
        if (e instanceof RunAbortedException a) {
            return a.exitCode();
        }
        if (e instanceof SchemaConflictException || e instanceof CacheLockedException
                || e instanceof CacheAccessException) {
            return CACHE;
        }
        if (e instanceof ResultUnavailableException) {
            return STEP_FAILED;
        }
        if (e instanceof PipelineDefinitionException || e instanceof IllegalArgumentException) {
            return USAGE;
        }
        if (e instanceof BackendException) {
            return BACKEND;
        }
        if (e instanceof dev.phasor.api.PhasorException) {
            return USAGE;
        }
        return INTERNAL;
    }
}
