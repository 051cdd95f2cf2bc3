package dev.phasor.report;

import dev.phasor.cache.StepStatus;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.exec.RunListener;
import dev.phasor.exec.RunReport;
import dev.phasor.internal.HostName;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes what a run leaves behind for people: its manifest ({@code runs/<run>.json} and
 * {@code runs/latest.json}) and the HTML report ({@code report.html}), once the run is over. A failure
 * to write them is printed and never fails the run: the results are what matters.
 */
public final class RunRecorder implements RunListener {

    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final String backend;
    private final List<String> args;
    private final PrintWriter err;
    private PreparedPipeline prepared;
    private int parallelism;
    private Instant started;
    private Path manifestFile;

    /**
     * @param backend the backend's id, for the manifest
     * @param args the command line (empty when run from code)
     * @param err where a failure to write is reported
     */
    public RunRecorder(String backend, List<String> args, PrintWriter err) {
        this.backend = backend;
        this.args = List.copyOf(args);
        this.err = err;
    }

    @Override
    public void runStarted(PreparedPipeline prepared, int parallelism) {
        this.prepared = prepared;
        this.parallelism = parallelism;
        this.started = Instant.now();
    }

    @Override
    public void runFinished(RunReport report) {
        if (prepared == null) { // stopped before the first phase: there is no run to describe
            return;
        }
        try {
            RunManifest manifest = manifest(report, Instant.now());
            manifestFile = RunManifests.write(prepared.layout(), manifest);
            RunView view = RunView.of(prepared.schema(), report.statuses(), manifest);
            HtmlReport.write(view, HtmlReport.file(prepared.layout()), prepared.layout().mode());
        } catch (IOException | RuntimeException e) {
            err.println("phasor: cannot write the run manifest or report in " + prepared.layout().dir() + ": " + e);
            err.flush();
        }
    }

    /** The manifest file this recorder wrote, or null. */
    public Path manifestFile() {
        return manifestFile;
    }

    RunManifest manifest(RunReport report, Instant ended) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Outcome o : Outcome.values()) {
            counts.put(o.label(), 0);
        }
        Map<String, Integer> workers = new TreeMap<>(NaturalOrder.INSTANCE);
        for (StepStatus s : report.statuses()) {
            Outcome o = Outcome.of(s, null);
            counts.merge(o.label(), 1, Integer::sum);
            if ("ran".equals(s.run()) && s.worker() != null) {
                workers.merge(s.worker(), 1, Integer::sum);
            }
        }
        counts.put("total", report.statuses().size());
        int unfinished = counts.get(Outcome.PENDING.label()) + counts.get(Outcome.RUNNING.label());
        String outcome = unfinished > 0 ? "aborted" : report.succeeded() ? "ok" : "failed";
        String runId = RUN_ID_TIME.format(started) + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
        return new RunManifest(RunManifest.FORMAT, runId, prepared.pipeline().name(), prepared.fingerprint(), outcome,
                started.toString(), ended.toString(), report.wallMillis(), hostName(), System.getProperty("user.name"),
                System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                        + System.getProperty("os.arch") + ")",
                PhasorVersion.get(), backend, parallelism, args, prepared.layout().dir().toString(), counts,
                new LinkedHashMap<>(workers));
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        return HostName.orElse(env != null ? env : "unknown");
    }
}
