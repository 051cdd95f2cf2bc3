package dev.phasor.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The rows as a table (stdout), {@code bench.csv} and {@code bench.json}. */
final class BenchOutput {

    private static final String[] COLUMNS = {"backend", "pipeline", "count", "parallelism", "repeat", "steps",
        "wall_s", "steps_per_s", "overhead_us_per_step", "cpu_us_per_step", "phase_min_ms", "phase_median_ms", "phase_max_ms",
        "heap_peak_mib", "retained_bytes_per_step", "cache_bytes", "payload_mb_per_s", "floor_steps_per_s",
        "floor_ratio", "first_dispatch_ms", "speedup", "efficiency", "step_latency_us", "file_floor_us_per_step",
        "transport_floor_us", "transport_floor_mb_per_s", "payload_steps_mb_per_s", "transport_ratio"};

    private BenchOutput() {
    }

    static void table(List<BenchRow> rows, PrintWriter out) {
        String head = "%-9s %-8s %-24s %7s %8s %8s %8s %8s %24s %8s %7s %8s %8s %6s %11s %7s %s%n";
        out.printf(Locale.ROOT, head, "backend", "pipeline", "parallelism", "steps", "wall s", "steps/s", "us/step",
                "cpu us",
                "phase ms min/med/max", "heap MiB", "B/step", "cache MB", "floor/s", "ratio", "transport", "t.ratio",
                "extra");
        for (BenchRow r : rows) {
            String phases = fmt(r.phaseMinMillis(), 1) + "/" + fmt(r.phaseMedianMillis(), 1) + "/"
                    + fmt(r.phaseMaxMillis(), 1);
            StringBuilder extra = new StringBuilder();
            if (!Double.isNaN(r.stepLatencyMicros())) {
                extra.append("step ").append(fmt(r.stepLatencyMicros(), 0)).append(" us, file floor ")
                        .append(fmt(r.fileFloorMicrosPerStep(), 0)).append(" us/step ");
            }
            if (!Double.isNaN(r.payloadMbPerSecond())) {
                extra.append(fmt(r.payloadMbPerSecond(), 0)).append(" MB/s (")
                        .append(fmt(r.payloadStepsMbPerSecond(), 0)).append(" over the steps) ");
            }
            if (!Double.isNaN(r.speedup())) {
                extra.append("speedup ").append(fmt(r.speedup(), 2)).append(" efficiency ")
                        .append(fmt(100 * r.efficiency(), 0)).append("% ");
            }
            if (!Double.isNaN(r.firstDispatchMillis()) && !r.backend().equals("local")) {
                extra.append("first step after ").append(fmt(r.firstDispatchMillis(), 0)).append(" ms");
            }
            out.printf(Locale.ROOT, head, r.backend(), r.pipeline(), r.parallelism(), r.steps(), fmt(r.wallSeconds(), 3),
                    fmt(r.stepsPerSecond(), 0), fmt(r.overheadMicrosPerStep(), 0), fmt(r.cpuMicrosPerStep(), 0), phases, fmt(r.heapPeakMib(), 0),
                    fmt(r.retainedBytesPerStep(), 0), fmt(r.cacheBytes() / 1e6, 1), fmt(r.floorStepsPerSecond(), 0),
                    fmt(r.floorRatio(), 2), transport(r), fmt(r.transportRatio(), 2), extra.toString().strip());
        }
        out.flush();
    }

    /** The transport floor as the table shows it: a round trip or a bandwidth, {@code -} if none. */
    static String transport(BenchRow r) {
        if (!Double.isNaN(r.transportFloorMicros())) {
            return fmt(r.transportFloorMicros(), 1) + " us";
        }
        return Double.isNaN(r.transportFloorMbPerSecond()) ? "-" : fmt(r.transportFloorMbPerSecond(), 0) + " MB/s";
    }

    static void csv(List<BenchRow> rows, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(String.join(",", COLUMNS));
            w.write('\n');
            for (BenchRow r : rows) {
                Object[] v = {r.backend(), r.pipeline(), r.count(), r.parallelism(), r.repeat(), r.steps(),
                    r.wallSeconds(), r.stepsPerSecond(), r.overheadMicrosPerStep(), r.cpuMicrosPerStep(), r.phaseMinMillis(),
                    r.phaseMedianMillis(), r.phaseMaxMillis(), r.heapPeakMib(), r.retainedBytesPerStep(),
                    r.cacheBytes(), r.payloadMbPerSecond(), r.floorStepsPerSecond(), r.floorRatio(),
                    r.firstDispatchMillis(), r.speedup(), r.efficiency(), r.stepLatencyMicros(),
                    r.fileFloorMicrosPerStep(), r.transportFloorMicros(), r.transportFloorMbPerSecond(),
                    r.payloadStepsMbPerSecond(), r.transportRatio()};
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < v.length; i++) {
                    line.append(i == 0 ? "" : ",").append(csvValue(v[i]));
                }
                w.write(line.append('\n').toString());
            }
        }
    }

    static void json(List<BenchRow> rows, Bench.Options options, Path file) throws IOException {
        ObjectMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        ObjectNode root = mapper.createObjectNode();
        root.put("date", Instant.now().toString());
        ObjectNode machine = root.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("maxHeapMib", Runtime.getRuntime().maxMemory() >> 20);
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        root.set("options", mapper.valueToTree(options.spec()));
        ObjectNode o = (ObjectNode) root.get("options");
        o.put("threads", options.threads()).put("ranks", options.ranks()).put("workers", options.workers())
                .put("repeat", options.repeat()).put("mpjDevice", options.mpjDevice());
        o.set("scalingCounts", mapper.valueToTree(options.scalingCounts()));
        ArrayNode runs = root.putArray("runs");
        for (BenchRow r : rows) {
            ObjectNode n = mapper.valueToTree(r);
            List<String> names = new java.util.ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            for (String f : names) {
                if (n.get(f).isNumber() && Double.isNaN(n.get(f).asDouble())) {
                    n.putNull(f);
                }
            }
            runs.add(n);
        }
        mapper.writeValue(file.toFile(), root);
    }

    private static String csvValue(Object v) {
        if (v instanceof Double d) {
            return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.6g", d);
        }
        String s = String.valueOf(v);
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static String fmt(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
