package dev.phasor.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.CachePermissions;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.ExitCodes;
import dev.phasor.internal.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phasor status}: the summary of a pipeline's cache directory, from its current status files. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Print the summary of a pipeline's cache: every step's status, duration, worker and result.",
            "Exit code 0 when every step is done (or left pending on purpose by --until/--restart-failed), 1 when"
                + " a step failed or was skipped, or has not run yet (e.g. an aborted run): usable in scripts."})
public final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CacheOptions where;

    @Option(names = "--json", description = "Print the outcome and every step's state, key, worker and times as JSON.")
    boolean json;

    /**
     * What {@code status --json} prints.
     *
     * @param pipeline the pipeline's name
     * @param cache its cache directory
     * @param outcome {@code ok} (every step done, or held on purpose), {@code failed} (a step failed or was
     *     skipped) or {@code incomplete} (a step has not run or was interrupted)
     * @param steps every step's latest status, in plan order
     */
    record Report(String pipeline, String cache, String outcome, List<Step> steps) {
    }

    /** One step in {@link Report}; absent fields are left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Step(String step, int phase, String state, String key, String run, String worker, String host,
            String started, String ended, Double durationMs, String reason, String error) {

        static Step of(StepStatus s) {
            String error = s.errorType() == null ? null
                    : s.errorType() + (s.errorMessage() == null ? "" : ": " + s.errorMessage());
            return new Step(s.step(), s.phase(), s.state().word(), s.key(), s.run(), s.worker(), s.host(), s.started(),
                    s.ended(), s.started() == null ? null : s.durationMs(), s.reason(), error);
        }
    }

    @Override
    public Integer call() throws IOException {
        CacheReader reader = CacheReader.open(where.cache, where.pipeline);
        List<StepStatus> statuses = reader.statuses();
        String outcome = outcome(statuses);
        PrintWriter out = spec.commandLine().getOut();
        warnIfWritableByOthers(reader.layout(), spec.commandLine().getErr());
        if (json) {
            out.println(Json.PRETTY.writeValueAsString(new Report(reader.layout().pipeline(),
                    reader.layout().dir().toString(), outcome, statuses.stream().map(Step::of).toList())));
        } else {
            reader.writeSummary(out);
        }
        out.flush();
        return "ok".equals(outcome) ? ExitCodes.OK : ExitCodes.STEP_FAILED;
    }

    /** Names each cache directory other users can write to: they could replace its results. */
    private static void warnIfWritableByOthers(CacheLayout layout, PrintWriter err) {
        for (CachePermissions.Exposed e : CachePermissions.writableByOthers(layout)) {
            err.println("phasor: warning: " + e.dir() + " is writable by other users (" + e.mode() + "): anyone on"
                    + " this machine can replace its results; 'chmod o-w " + e.dir() + "' (docs/security.md)");
        }
        err.flush();
    }

    /** The cache's outcome as {@code run}'s exit code sees it. */
    static String outcome(List<StepStatus> statuses) {
        boolean incomplete = false;
        for (StepStatus s : statuses) {
            if (s.status() == StepStatus.FAILED || s.status() == StepStatus.SKIPPED) {
                return "failed";
            }
            // held on purpose (--until, --restart-failed) is "not run" with a reason; pending or running is not
            incomplete |= s.isUnfinished() && !"not run".equals(s.run());
        }
        return incomplete ? "incomplete" : "ok";
    }
}
