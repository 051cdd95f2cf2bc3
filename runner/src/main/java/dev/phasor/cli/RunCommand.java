package dev.phasor.cli;

import dev.phasor.api.BackendException;
import dev.phasor.api.Phase;
import dev.phasor.api.RunInterruptedException;
import dev.phasor.api.StepDefinition;
import dev.phasor.backend.Backend;
import dev.phasor.backend.BackendContext;
import dev.phasor.backend.BackendProvider;
import dev.phasor.backend.Backends;
import dev.phasor.backend.WorkerSession;
import dev.phasor.cache.StatusFiles;
import dev.phasor.cache.StepStatus;
import dev.phasor.cache.SummaryTable;
import dev.phasor.dashboard.Boards;
import dev.phasor.dashboard.DashboardListener;
import dev.phasor.dashboard.DashboardServer;
import dev.phasor.dashboard.StepBoard;
import dev.phasor.exec.ExitCodes;
import dev.phasor.exec.PipelineSource;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.exec.RunListener;
import dev.phasor.exec.RunOptions;
import dev.phasor.exec.RunReport;
import dev.phasor.report.HtmlReport;
import dev.phasor.report.RunRecorder;
import dev.phasor.run.Coordinator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code phasor run}: runs a pipeline, phase after phase, and prints its summary. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a pipeline: finished steps with valid results are reused, the rest run phase by phase.",
            "Exit code 0 when every step is done (or left pending by --until/--restart-failed), 1 when a step"
                + " failed or was skipped (see phasor --help)."})
public final class RunCommand implements Callable<Integer> {

    /** Above this many steps, the summary table goes only to the file. */
    private static final int MAX_PRINTED_STEPS = 60;

    @ParentCommand
    PhasorCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOptions pipeline;

    /** Every process of the run parses the same command line (MPJ ranks) and so writes with the same mode. */
    @Mixin
    CacheModeOption cacheMode;

    @Option(names = "--backend", paramLabel = "ID", defaultValue = "local",
            description = "Where steps run: local (threads in this JVM), mpj or hazelcast when phasor-cluster is"
                    + " on the classpath (default: ${DEFAULT-VALUE}).")
    String backendId;

    @Option(names = "--threads", paramLabel = "N", description = "Steps run at once by each worker (default: one"
            + " per core).")
    Integer threads;

    @Option(names = "--eager", description = "Start each step as soon as its own upstream steps are done, without"
            + " waiting for the rest of the previous phase (no phase barrier).")
    boolean eager;

    @Option(names = "--update", description = "Accept a changed pipeline on an existing cache: steps whose key changed"
            + " (parameters, code, version, upstream) and their downstream run again, the rest are reused, removed"
            + " steps' files move to removed/, and pipeline.schema is rewritten.")
    boolean update;

    @Option(names = "--rerun", paramLabel = "STEP", split = ",",
            description = "Run these steps (names or globs such as 'count_*'; comma separated or repeated) and"
                    + " everything downstream again, even if cached.")
    java.util.List<String> rerun = new java.util.ArrayList<>();

    @Option(names = "--restart-failed", description = "Run only the steps that failed or were skipped last time (and"
            + " their skipped downstream); done steps are reused, steps that never ran stay pending.")
    boolean restartFailed;

    @Option(names = "--until", paramLabel = "PATTERN", split = ",", description = "Leave the steps matching PATTERN"
            + " (name or glob; comma separated or repeated) and everything downstream pending: not run, not failed."
            + " Exit code 0 if every step that ran is done.")
    java.util.List<String> until = new java.util.ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "Print only failures and the final line.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "More output, and stack traces of Phasor's own errors.")
    boolean verbose;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (a live bar on a terminal, plain lines otherwise), bar or plain (default: ${DEFAULT-VALUE}).")
    ProgressMode progress;

    @Option(names = "--dashboard", arity = "0..1", paramLabel = "PORT", preprocessor = DashboardOptions.OptionalPort.class,
            description = "Serve a live dashboard of the run on PORT (default " + DashboardOptions.DEFAULT_PORT + "; 0 for any free one)"
                    + " while it goes on; its address is printed at the start. MPJ: rank 0 serves it.")
    Integer dashboardPort;

    @Option(names = "--dashboard-bind", paramLabel = "ADDR", defaultValue = DashboardOptions.LOOPBACK,
            description = "Address the dashboard listens on (default: ${DEFAULT-VALUE}, this machine only). Another"
                    + " address opens it to the network: requests then need a random token, which the printed"
                    + " address carries.")
    String dashboardBind;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "hazelcast, mpj (niodev): seal every message between coordinator and workers with the secret"
                    + " in FILE (readable by you only; the workers get the same). Default: the file"
                    + " $PHASOR_SECRET_FILE names, if set. See docs/security.md.")
    Path secretFile;

    @Override
    public Integer call() {
        if (quiet && verbose) {
            throw new ParameterException(spec.commandLine(), "--quiet and --verbose cannot be used together");
        }
        PipelineSource source = pipeline.source(root.pipelineClass(pipeline.className, spec));
        BackendProvider provider;
        try {
            provider = Backends.provider(backendId, root.providers);
        } catch (BackendException e) { // an unknown --backend is a usage error (exit 2), not a backend failure
            throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, backendId);
        }
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        PrintWriter out = spec.commandLine().getOut();
        // Opened before the pipeline is prepared: a backend may start connecting meanwhile (Hazelcast's join).
        try (Backend backend = provider.open(new BackendContext(root.backendOptions.get(provider.id()), n, verbose,
                secretFile))) {
            PreparedPipeline prepared = pipeline.prepare(source, cacheMode.mode);
            if (!backend.isCoordinator()) {
                backend.serve(new WorkerSession(prepared));
                return ExitCodes.OK;
            }
            StepBoard board = dashboardPort == null ? null : new StepBoard(prepared.layout());
            RunListener listener = RunListener.all(ProgressMode.listener(progress, out, quiet, provider.id()),
                    new RunRecorder(provider.id(), spec.commandLine().getParseResult().originalArgs(),
                            spec.commandLine().getErr()),
                    board == null ? RunListener.NONE : new DashboardListener(board));
            RunOptions options = new RunOptions(eager, update, rerun, until, restartFailed);
            Coordinator coordinator = new Coordinator(prepared, source, listener, options);
            RunReport report;
            try (DashboardServer dashboard = board == null ? null : startDashboard(board, prepared, out);
                    AbortOnInterrupt onCtrlC = AbortOnInterrupt.install(coordinator, spec.commandLine().getErr())) {
                report = coordinator.run(backend);
            } catch (RunInterruptedException e) {
                printInterrupted(prepared);
                return ExitCodes.INTERRUPTED;
            }
            printEnd(out, report);
            return report.exitCode();
        }
    }

    private DashboardServer startDashboard(StepBoard board, PreparedPipeline prepared, PrintWriter out) {
        board.postSchema(prepared.schema());
        DashboardServer server = DashboardOptions.start(Boards.of(board), dashboardBind, dashboardPort, "--dashboard=PORT",
                spec);
        out.println("dashboard: " + server.url() + " (while the run goes on; afterwards: phasor serve --cache "
                + prepared.layout().root() + ")");
        out.flush();
        return server;
    }

    /** After Ctrl-C: what is kept and how to resume (the summary and the manifest are written). */
    private void printInterrupted(PreparedPipeline prepared) {
        PrintWriter err = spec.commandLine().getErr();
        long done = 0;
        for (Phase phase : prepared.pipeline().plan()) {
            for (StepDefinition s : phase.steps()) {
                StepStatus status = StatusFiles.read(prepared.layout().statusFile(s.name()));
                done += status != null && status.isDone() && prepared.key(s.name()).equals(status.key()) ? 1 : 0;
            }
        }
        err.printf("phasor: run aborted (Ctrl-C): %d of %d steps done and kept; summary in %s, report in %s%n", done,
                prepared.pipeline().plan().stepCount(), prepared.layout().summaryFile(),
                HtmlReport.file(prepared.layout()));
        err.println("phasor: to resume, run the same command again: finished steps are reused, the rest run.");
        err.flush();
    }

    private void printEnd(PrintWriter out, RunReport report) {
        if (!quiet && report.statuses().size() <= MAX_PRINTED_STEPS) {
            out.println();
            out.print(report.summary());
        }
        int done = report.count(StepStatus.DONE);
        int ran = (int) report.statuses().stream().filter(s -> s.isDone() && "ran".equals(s.run())).count();
        if (!report.removedSteps().isEmpty()) {
            out.printf("removed from the definition (files kept in %s): %s%n", report.layout().removedDir(),
                    String.join(", ", report.removedSteps()));
        }
        out.printf("%s: %d done (%d ran, %d cached), %d failed, %d skipped%s in %s; summary in %s%n",
                report.succeeded() ? "OK" : "FAILED", done, ran, done - ran, report.count(StepStatus.FAILED),
                report.count(StepStatus.SKIPPED), report.held() > 0 ? ", " + report.held() + " pending" : "",
                SummaryTable.duration(report.wallMillis()), report.layout().summaryFile());
        out.flush();
    }
}
