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
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** PNG charts beside the CSV, drawn with JFreeChart: steps/s per backend and pipeline, and the scaling curve. */
final class BenchCharts {

    static final String THROUGHPUT = "throughput.png";
    static final String SCALING = "scaling.png";

    private BenchCharts() {
    }

    /** Writes the charts that have data into {@code dir}; returns the files written. */
    static List<Path> write(List<BenchRow> rows, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Path> written = new ArrayList<>();
        DefaultCategoryDataset rates = new DefaultCategoryDataset();
        for (Map.Entry<List<String>, Double> e : medians(rows, false).entrySet()) {
            rates.addValue(e.getValue(), e.getKey().get(0), e.getKey().get(1));
        }
        if (rates.getRowCount() > 0) {
            JFreeChart chart = ChartFactory.createBarChart("Phasor phase throughput (median of repeats)", "pipeline",
                    "steps/s (log scale)", rates, PlotOrientation.VERTICAL, true, false, false);
            CategoryPlot plot = chart.getCategoryPlot();
            LogAxis log = new LogAxis("steps/s (log scale)");
            log.setSmallestValue(1);
            log.setBase(10);
            log.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            plot.setRangeAxis(log);
            BarRenderer bars = (BarRenderer) plot.getRenderer();
            bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                    new java.text.DecimalFormat("#,##0")));
            bars.setDefaultItemLabelsVisible(true);
            bars.setShadowVisible(false);
            bars.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
            plot.setBackgroundPaint(Color.WHITE);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
            Path file = dir.resolve(THROUGHPUT);
            ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, 560);
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
