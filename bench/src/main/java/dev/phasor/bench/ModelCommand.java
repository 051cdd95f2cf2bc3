package dev.phasor.bench;

import dev.phasor.bench.model.Calibration;
import dev.phasor.bench.model.Mva;
import dev.phasor.bench.model.ThroughputModel;
import dev.phasor.bench.model.ThroughputModel.Placement;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code phasor bench model}: steps/s against workers and step duration, from the measured per-step costs. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = {"Predict steps/s for a number of workers and a step duration from measured costs.",
            "The per-step costs the bench measured (coordinator thread, messages, transport, shared file system)"
                + " give where the coordinator or the file system caps the run (the knee). --calibrate measures"
                + " the costs on this machine first and reports the model's error on runs it was not fitted on."
                + " See docs/scaling.md.", ""},
        footer = {"", "Examples:", "  phasor bench model --backend hazelcast --workers 1,4,16,64,256 \\",
            "      --threads 8 --step-ms 1,100",
            "  phasor bench model --calibrate --work /dev/shm --out docs/benchmarks/model"})
public final class ModelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--backend", paramLabel = "ID", split = ",", defaultValue = "all",
            description = "local, mpj, hazelcast or all (default: ${DEFAULT-VALUE}).")
    List<String> backends;

    @Option(names = "--workers", paramLabel = "N", split = ",", defaultValue = "1,2,4,8,16,32,64,128,256",
            description = "Hazelcast members / MPJ ranks / local threads (default: ${DEFAULT-VALUE}).")
    List<Integer> workers;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "1",
            description = "Threads per Hazelcast member (MPJ ranks and local threads run one step each; default:"
                    + " ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--step-ms", paramLabel = "MS", split = ",", defaultValue = "1,10,100,1000,60000",
            description = "Step durations, ms (default: ${DEFAULT-VALUE}).")
    List<Double> stepMillis;

    @Option(names = "--batch", paramLabel = "B", description = "Steps per message (default: the backend's own rule:"
            + " its short-step batch under 10 ms, else 1).")
    Integer batch;

    @Option(names = "--placement", paramLabel = "P", defaultValue = "cluster",
            description = "cluster (each worker on its own cores) or one-host (all on this machine's cores; default:"
                    + " ${DEFAULT-VALUE}).")
    String placement;

    @Option(names = "--fs-serial-us", paramLabel = "US", description = "Serial file-system time per step, us (default:"
            + " the calibration's; e.g. 4 metadata ops x the shared file system's per-op time).")
    Double fsSerialMicros;

    @Option(names = "--calibration", paramLabel = "FILE", description = "Calibration to use (default: the one shipped in"
            + " the bench jar, or the one --calibrate just measured).")
    Path calibrationFile;

    @Option(names = "--calibrate", description = "Measure the costs on this machine first (a few minutes), write"
            + " calibration.properties and validation.csv to --out.")
    boolean calibrate;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "20000",
            description = "--calibrate: steps of the wide runs (default: ${DEFAULT-VALUE}; Hazelcast at most 5000).")
    int calibrationSteps;

    @Option(names = "--repeat", paramLabel = "R", defaultValue = "3",
            description = "--calibrate: runs of each configuration, the fastest counting (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--work", paramLabel = "DIR", description = "--calibrate: where the runs' caches go (default: the"
            + " system's temporary directory; /dev/shm leaves the shared disk out).")
    Path work;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-results/model",
            description = "Where model.csv, knee.csv, the charts and a calibration go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        Placement where = checkedPlacement();
        List<String> ids = backendIds();
        Files.createDirectories(out);
        Calibration cal = calibration(ids, console);
        List<String> rows = new ArrayList<>();
        rows.add("backend,placement,step_ms,workers,threads_per_worker,slots,batch,coordinator_us_per_step,steps_per_s,"
                + "ideal_steps_per_s,efficiency,bottleneck");
        List<String> knees = new ArrayList<>();
        knees.add("backend,placement,step_ms,threads_per_worker,batch,coordinator_us_per_step,ceiling_steps_per_s,"
                + "knee_workers,bottleneck");
        for (String id : ids) {
            if (!cal.backends().containsKey(id)) {
                console.printf("(no calibration for %s: skipped)%n", id);
                continue;
            }
            ThroughputModel model = ThroughputModel.of(cal, id);
            int perWorker = id.equals("hazelcast") ? threads : 1;
            steadyTable(console, id, model, perWorker, where, rows);
            chart(id, perWorker, kneeTable(console, id, model, perWorker, where, knees));
        }
        Files.write(out.resolve("model.csv"), rows, StandardCharsets.UTF_8);
        Files.write(out.resolve("knee.csv"), knees, StandardCharsets.UTF_8);
        console.printf("%nwrote %s, %s and model-<backend>.png%n", out.resolve("model.csv"), out.resolve("knee.csv"));
        console.flush();
        return 0;
    }

    /** Refuses out-of-range options, naming them; returns the placement. */
    private Placement checkedPlacement() {
        Placement where = switch (placement) {
            case "cluster" -> Placement.CLUSTER;
            case "one-host" -> Placement.ONE_HOST;
            default -> throw new ParameterException(spec.commandLine(), "--placement must be cluster or one-host, got '"
                    + placement + "'");
        };
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
        }
        for (int w : workers) {
            if (w < 1) {
                throw new ParameterException(spec.commandLine(), "--workers must be at least 1, got " + w);
            }
        }
        for (double s : stepMillis) {
            if (!(s >= 0) || Double.isInfinite(s)) {
                throw new ParameterException(spec.commandLine(), "--step-ms must be a number >= 0, got " + s);
            }
        }
        if (repeat < 1 || calibrationSteps < 1) {
            throw new ParameterException(spec.commandLine(), "--repeat and --steps must be at least 1");
        }
        if (batch != null && batch < 1) {
            throw new ParameterException(spec.commandLine(), "--batch must be at least 1, got " + batch);
        }
        if (fsSerialMicros != null && !(fsSerialMicros >= 0)) {
            throw new ParameterException(spec.commandLine(), "--fs-serial-us must be >= 0, got " + fsSerialMicros);
        }
        return where;
    }

    /** Measured here with {@code --calibrate} (and written to --out), else read from a file or the bundled one. */
    private Calibration calibration(List<String> ids, PrintWriter console) throws Exception {
        if (!calibrate) {
            return calibrationFile != null ? Calibration.read(calibrationFile) : Calibration.bundled();
        }
        Path w = (work != null ? work : Path.of(System.getProperty("java.io.tmpdir"))).toAbsolutePath();
        ModelCalibrator c = new ModelCalibrator(w, calibrationSteps, repeat, console);
        Calibration cal = c.run(ids);
        cal.write(out.resolve("calibration.properties"));
        c.writeChecks(out.resolve("validation.csv"));
        console.printf("wrote %s, %s%n%n", out.resolve("calibration.properties"), out.resolve("validation.csv"));
        return cal;
    }

    private int batchFor(ThroughputModel model, double stepMicros) {
        return batch != null ? batch : model.defaultBatch(stepMicros);
    }

    private double fsSerial() {
        return fsSerialMicros != null ? fsSerialMicros : Double.NaN;
    }

    /** Prints steps/s per worker count and step duration, and adds the rows of model.csv. */
    private void steadyTable(PrintWriter console, String id, ThroughputModel model, int perWorker, Placement where,
            List<String> rows) {
        console.printf("%n%s (%s, %d thread%s per worker): steps/s%n", id, placement, perWorker,
                perWorker == 1 ? "" : "s");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%10s", "workers"));
        for (double s : stepMillis) {
            head.append(String.format(Locale.ROOT, " %14s", "step " + trim(s) + " ms"));
        }
        console.println(head);
        double fs = fsSerial();
        for (int w : workers) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%10d", w));
            for (double s : stepMillis) {
                double us = s * 1000;
                int b = batchFor(model, us);
                Mva.Result r = model.steady(w * perWorker, us, b, where, fs);
                Mva.Result one = model.steady(1, us, b, where, fs);
                double ideal = one.stepsPerSecond() * w * perWorker;
                rows.add(String.join(",", id, placement, trim(s), String.valueOf(w), String.valueOf(perWorker),
                        String.valueOf(w * perWorker), String.valueOf(b), f(model.coordinatorMicrosPerStep(b)),
                        f(r.stepsPerSecond()), f(ideal), f(r.stepsPerSecond() / ideal), r.bottleneck()));
                line.append(String.format(Locale.ROOT, " %14.1f", r.stepsPerSecond()));
            }
            console.println(line);
        }
    }

    /** Prints the ceiling and knee per step duration, adds the rows of knee.csv; returns the chart's curves. */
    private XYSeriesCollection kneeTable(PrintWriter console, String id, ThroughputModel model, int perWorker,
            Placement where, List<String> knees) {
        console.printf("%n%10s %6s %14s %16s %14s  %s%n", "step ms", "batch", "coord us/step", "ceiling steps/s",
                "knee workers", "bottleneck");
        XYSeriesCollection curves = new XYSeriesCollection();
        double fs = fsSerial();
        for (double s : stepMillis) {
            double us = s * 1000;
            int b = batchFor(model, us);
            double knee = model.kneeSlots(us, b, where, fs) / perWorker;
            double ceiling = model.ceiling(us, b, where, fs);
            String neck = Mva.bottleneck(model.stations(b, where, fs), us);
            knees.add(String.join(",", id, placement, trim(s), String.valueOf(perWorker), String.valueOf(b),
                    f(model.coordinatorMicrosPerStep(b)), f(ceiling), f(knee), neck));
            console.printf(Locale.ROOT, "%10s %6d %14.1f %16.1f %14.1f  %s%n", trim(s), b,
                    model.coordinatorMicrosPerStep(b), ceiling, knee, neck);
            XYSeries series = new XYSeries("step " + trim(s) + " ms");
            for (int w : workers) {
                series.add(w, model.steady(w * perWorker, us, b, where, fs).stepsPerSecond());
            }
            curves.addSeries(series);
        }
        return curves;
    }

    private void chart(String id, int perWorker, XYSeriesCollection curves) throws java.io.IOException {
        System.setProperty("java.awt.headless", "true");
        JFreeChart chart = ChartFactory.createXYLineChart("Model: " + id + " steps/s (" + placement + ", " + perWorker
                + " thread(s) per worker)", "workers", "steps/s", curves, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis x = new LogAxis("workers (log)");
        x.setBase(2);
        x.setSmallestValue(1);
        x.setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
        LogAxis y = new LogAxis("steps/s (log)");
        y.setSmallestValue(1e-3);
        y.setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        plot.setBackgroundPaint(java.awt.Color.WHITE);
        plot.setRangeGridlinePaint(java.awt.Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(java.awt.Color.LIGHT_GRAY);
        plot.setRenderer(new org.jfree.chart.renderer.xy.XYLineAndShapeRenderer(true, true));
        ChartUtils.saveChartAsPNG(out.resolve("model-" + id + ".png").toFile(), chart, 900, 560);
    }

    private List<String> backendIds() {
        List<String> ids = new ArrayList<>();
        for (String b : backends) {
            String id = b.strip().toLowerCase(Locale.ROOT);
            if (id.equals("all")) {
                Bench.BACKENDS.stream().filter(k -> !ids.contains(k)).forEach(ids::add);
            } else if (Bench.BACKENDS.contains(id)) {
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            } else {
                throw new ParameterException(spec.commandLine(), "unknown --backend '" + b + "': local, mpj, hazelcast"
                        + " or all");
            }
        }
        return Bench.BACKENDS.stream().filter(ids::contains).toList();
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
