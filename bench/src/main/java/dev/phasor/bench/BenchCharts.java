package dev.phasor.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * PNG charts beside the CSV, drawn with JFreeChart: steps/s per backend and pipeline (with the file-system floor
 * and how busy the machine was), and the scaling curve.
 */
final class BenchCharts {

    static final String THROUGHPUT = "throughput.png";
    static final String SCALING = "scaling.png";

    private BenchCharts() {
    }

    /** The floor's series, drawn beside the local runs it bounds. */
    static final String FLOOR = "file-system floor";
    /** Bars within this ratio of each other share a linear axis; a wider spread needs a log one. */
    static final double LINEAR_SPREAD = 10;

    /**
     * Writes the charts that have data into {@code dir}; returns the files written.
     *
     * @param machine how busy the machine was (noted under the throughput chart's title), e.g. from {@link #loadNote}
     */
    static List<Path> write(List<BenchRow> rows, Path dir, String machine) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Path> written = new ArrayList<>();
        JFreeChart throughput = throughputChart(rows, machine);
        if (throughput != null) {
            Path file = dir.resolve(THROUGHPUT);
            ChartUtils.saveChartAsPNG(file.toFile(), throughput, 1000, 560);
            written.add(file);
        }
        XYSeriesCollection curves = new XYSeriesCollection();
        double maxCount = 0;
        for (String backend : Bench.BACKENDS) {
            XYSeries s = new XYSeries(backend + " speedup");
            for (BenchRow r : rows) {
                if (r.backend().equals(backend) && r.pipeline().equals("scaling") && r.repeat() == 1
                        && !Double.isNaN(r.speedup())) {
                    s.add(r.count(), r.speedup());
                    maxCount = Math.max(maxCount, r.count());
                }
            }
            if (s.getItemCount() > 0) {
                curves.addSeries(s);
            }
        }
        if (curves.getSeriesCount() > 0) {
            XYSeries ideal = new XYSeries("ideal (speedup = count)");
            XYSeries cores = new XYSeries("this machine's cores (" + Runtime.getRuntime().availableProcessors() + ")");
            for (int c = 1; c <= maxCount; c *= 2) {
                ideal.add(c, c);
                cores.add(c, Math.min(c, Runtime.getRuntime().availableProcessors()));
            }
            curves.addSeries(ideal);
            curves.addSeries(cores);
            JFreeChart chart = ChartFactory.createXYLineChart("Scaling on CPU-bound steps", "threads / ranks / workers",
                    "speedup over 1", curves, PlotOrientation.VERTICAL, true, false, false);
            XYPlot plot = chart.getXYPlot();
            XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
            int n = curves.getSeriesCount();
            float[] dash = {6f, 6f};
            lines.setSeriesStroke(n - 2, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
            lines.setSeriesStroke(n - 1, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
            lines.setSeriesPaint(n - 2, Color.GRAY);
            lines.setSeriesPaint(n - 1, Color.DARK_GRAY);
            plot.setRenderer(lines);
            plot.setBackgroundPaint(Color.WHITE);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
            plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
            ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            Path file = dir.resolve(SCALING);
            ChartUtils.saveChartAsPNG(file.toFile(), chart, 800, 560);
            written.add(file);
        }
        return written;
    }

    /**
     * Steps/s per pipeline and backend as bars, the file-system floor beside the local bar of the pipelines
     * that have one, on a linear axis unless the bars spread over more than {@link #LINEAR_SPREAD} times; null
     * without data.
     */
    static JFreeChart throughputChart(List<BenchRow> rows, String machine) {
        Map<List<String>, Double> rates = medians(rows, false);
        if (rates.isEmpty()) {
            return null;
        }
        Map<String, Double> floors = floorMedians(rows);
        DefaultCategoryDataset bars = new DefaultCategoryDataset();
        for (String backend : Bench.BACKENDS) { // series in this order: the floor right after local
            rates.forEach((key, rate) -> {
                if (key.get(0).equals(backend)) {
                    bars.addValue(rate, backend, key.get(1));
                }
            });
            if (backend.equals("local")) {
                floors.forEach((pipeline, rate) -> bars.addValue(rate, FLOOR, pipeline));
            }
        }
        List<Double> values = new ArrayList<>(rates.values());
        values.addAll(floors.values());
        boolean log = needsLogScale(values);
        String axis = log ? "steps/s (log scale)" : "steps/s";
        JFreeChart chart = ChartFactory.createBarChart("Phasor phase throughput (median of repeats)", "pipeline", axis,
                bars, PlotOrientation.VERTICAL, true, false, false);
        chart.addSubtitle(new TextTitle(machine));
        CategoryPlot plot = chart.getCategoryPlot();
        if (log) {
            LogAxis logAxis = new LogAxis(axis);
            logAxis.setSmallestValue(1);
            logAxis.setBase(10);
            logAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            plot.setRangeAxis(logAxis);
        }
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                new java.text.DecimalFormat("#,##0")));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setShadowVisible(false);
        renderer.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        int floorSeries = bars.getRowIndex(FLOOR);
        if (floorSeries >= 0) {
            renderer.setSeriesPaint(floorSeries, Color.GRAY);
        }
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return chart;
    }

    /** True if the positive values spread over more than {@link #LINEAR_SPREAD} times. */
    static boolean needsLogScale(List<Double> values) {
        double min = values.stream().filter(v -> v > 0).mapToDouble(Double::doubleValue).min().orElse(1);
        double max = values.stream().filter(v -> v > 0).mapToDouble(Double::doubleValue).max().orElse(1);
        return max / min > LINEAR_SPREAD;
    }

    /**
     * What the chart notes about the machine: its cores and its one-minute load average before and after the
     * bench (a loaded machine's figures are not its best).
     */
    static String loadNote(double before, double after) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (before < 0 || after < 0) {
            return cores + " cores; load average not available";
        }
        return String.format(java.util.Locale.ROOT, "%d cores; load average (1 min) %.2f before the bench, %.2f after",
                cores, before, after);
    }

    /** pipeline -> median file-system floor of its local runs, for the pipelines that measured one. */
    private static Map<String, Double> floorMedians(List<BenchRow> rows) {
        Map<String, List<Double>> all = new LinkedHashMap<>();
        for (BenchRow r : rows) {
            if (r.backend().equals("local") && !Double.isNaN(r.floorStepsPerSecond())) {
                all.computeIfAbsent(r.pipeline(), k -> new ArrayList<>()).add(r.floorStepsPerSecond());
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            v.sort(Double::compare);
            medians.put(k, BenchRow.median(v));
        });
        return medians;
    }

    /** (backend, pipeline) -> median steps/s over repeats, scaling runs excluded unless asked. */
    private static Map<List<String>, Double> medians(List<BenchRow> rows, boolean scaling) {
        Map<List<String>, List<Double>> all = new LinkedHashMap<>();
        for (BenchRow r : rows) {
            if (r.pipeline().equals("scaling") == scaling) {
                all.computeIfAbsent(List.of(r.backend(), r.pipeline()), k -> new ArrayList<>()).add(r.stepsPerSecond());
            }
        }
        Map<List<String>, Double> medians = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            v.sort(Double::compare);
            medians.put(k, BenchRow.median(v));
        });
        return medians;
    }
}
