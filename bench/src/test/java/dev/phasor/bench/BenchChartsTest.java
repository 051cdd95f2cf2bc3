package dev.phasor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.CategoryDataset;
import org.junit.jupiter.api.Test;

/** Issue 16, point 7: the throughput chart's scale, its file-system floor and its note on the machine's load. */
class BenchChartsTest {

    private static BenchRow row(String backend, String pipeline, double rate, double floor) {
        double nan = Double.NaN;
        return new BenchRow(backend, pipeline, 2, "2 threads", 1, 1000, 1000 / rate, rate, nan, nan, nan, nan, nan, nan,
                nan, 0, nan, floor, floor / rate, nan, nan, nan, nan, nan, nan, nan, nan, nan);
    }

    @Test
    void barsWithinOneOrderOfMagnitudeGetALinearAxisAndTheFloorStandsBesideTheLocalBar() {
        JFreeChart chart = BenchCharts.throughputChart(List.of(row("local", "wide", 1500, 2900),
                row("local", "chain", 900, Double.NaN), row("hazelcast", "wide", 700, Double.NaN)), "2 cores; load");

        assertInstanceOf(NumberAxis.class, chart.getCategoryPlot().getRangeAxis());
        assertTrue(!(chart.getCategoryPlot().getRangeAxis() instanceof LogAxis));
        CategoryDataset bars = chart.getCategoryPlot().getDataset();
        assertEquals(List.of("local", BenchCharts.FLOOR, "hazelcast"), bars.getRowKeys());
        assertEquals(2900.0, bars.getValue(BenchCharts.FLOOR, "wide").doubleValue());
        assertEquals(null, bars.getValue(BenchCharts.FLOOR, "chain"), "chain has no floor");
        assertEquals("2 cores; load", ((TextTitle) chart.getSubtitle(chart.getSubtitleCount() - 1)).getText());
    }

    @Test
    void barsSpreadOverMoreThanTenTimesGetALogAxis() {
        JFreeChart chart = BenchCharts.throughputChart(List.of(row("local", "wide", 20_000, Double.NaN),
                row("local", "payload", 40, Double.NaN)), "");
        assertInstanceOf(LogAxis.class, chart.getCategoryPlot().getRangeAxis());
    }

    @Test
    void theLoadNoteNamesTheCoresAndBothLoadAverages() {
        String note = BenchCharts.loadNote(1.5, 3.25);
        assertTrue(note.endsWith("cores; load average (1 min) 1.50 before the bench, 3.25 after"), note);
        assertTrue(BenchCharts.loadNote(-1, 2).endsWith("load average not available"));
    }
}
