package dev.phasor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phasor.testkit.InProcessCli;
import dev.phasor.testkit.InProcessCli.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A few-second run of every pipeline on the local backend through {@code phasor bench}; speed is not judged. */
class BenchCommandSmokeTest {

    @TempDir
    Path tmp;

    private static Outcome phasor(String... args) {
        return InProcessCli.phasor(args);
    }

    @Test
    void payloadBlocksTakeTheSizeAskedAndMoveThatManyBytes() throws Exception {
        Path out = tmp.resolve("out");
        Outcome r = phasor("bench", "--backend", "local", "--pipeline", "payload", "--payload-mib", "2",
                "--payload-block-mib", "3", "--threads", "2", "--floor", "off", "--out", out.toString(), "--work",
                tmp.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode run = new ObjectMapper().readTree(out.resolve("bench.json").toFile()).get("runs").get(0);
        assertEquals(3, run.get("steps").asInt());
        assertTrue(run.get("cacheBytes").asLong() > 2L * 3 * (1 << 20), "two blocks of 3 MiB in the cache: " + run);
        Outcome bad = phasor("bench", "--pipeline", "payload", "--payload-block-mib", "0");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--payload-block-mib must be 1..1024"), bad.err());
    }

    @Test
    void benchRunsEveryPipelineChecksItAndWritesCsvJsonAndCharts() throws Exception {
        Path out = tmp.resolve("out");
        Outcome r = phasor("bench", "--backend", "local", "--pipeline", "all", "--steps", "40", "--phases", "3",
                "--width", "4", "--payload-mib", "2", "--scaling-steps", "2", "--scaling-terms", "10000",
                "--scaling-counts", "1,2", "--threads", "2", "--out", out.toString(), "--work", tmp.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        List<String> csv = Files.readAllLines(out.resolve("bench.csv"));
        assertTrue(csv.get(0).startsWith("backend,pipeline,count,parallelism,repeat,steps,wall_s,steps_per_s"), csv.get(0));
        assertEquals(1 + 5 + 2, csv.size(), String.join("\n", csv));
        JsonNode json = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
        Map<String, Integer> expectedSteps = Map.of("wide", 40, "layered", 12, "chain", 40, "payload", 3, "skewed", 12,
                "scaling", 3);
        for (JsonNode run : json.get("runs")) {
            String pipeline = run.get("pipeline").asText();
            assertEquals(expectedSteps.get(pipeline), run.get("steps").asInt(), pipeline);
            assertTrue(run.get("stepsPerSecond").asDouble() > 0, pipeline);
            assertTrue(run.get("cacheBytes").asLong() > 0, pipeline);
            assertTrue(run.get("transportFloorMicros").isNull() && run.get("transportRatio").isNull(),
                    "the local backend has no transport: " + run);
            if (pipeline.equals("wide") || pipeline.equals("chain") || pipeline.equals("payload")) {
                assertTrue(run.get("floorStepsPerSecond").asDouble() > 0, pipeline + " has a file-system floor");
                assertTrue(run.get("floorRatio").asDouble() > 0, "and a ratio to it");
            } else {
                assertTrue(run.get("floorStepsPerSecond").isNull()
                        || Double.isNaN(run.get("floorStepsPerSecond").asDouble()), pipeline + " has no floor");
            }
        }
        assertEquals(1.0, json.get("runs").get(5).get("speedup").asDouble(), 1e-9, "scaling at 1 is the baseline");
        for (String png : List.of("throughput.png", "scaling.png")) {
            byte[] head = Files.readAllBytes(out.resolve(png));
            assertTrue(head.length > 1000 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G', png);
        }
        assertTrue(r.out().contains("phase ms min/med/max"), r.out());
        Files.list(tmp).forEach(p -> assertTrue(p.equals(out), "left behind: " + p));
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aClusterChainPrintsItsTransportFloorAndTheRatioInTheTableCsvAndJson() throws Exception {
        long before = ProcessHandle.current().descendants().count();
        Path out = tmp.resolve("out");
        Outcome r = phasor("bench", "--backend", "mpj,hazelcast", "--pipeline", "chain", "--steps", "10", "--ranks", "2",
                "--workers", "1", "--threads", "2", "--out", out.toString(), "--work", tmp.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains(" transport t.ratio "), r.out());
        List<String> csv = Files.readAllLines(out.resolve("bench.csv"));
        assertTrue(csv.get(0).endsWith(",step_latency_us,file_floor_us_per_step,transport_floor_us,"
                + "transport_floor_mb_per_s,payload_steps_mb_per_s,transport_ratio"), csv.get(0));
        JsonNode runs = new ObjectMapper().readTree(out.resolve("bench.json").toFile()).get("runs");
        for (String backend : List.of("mpj", "hazelcast")) {
            // e.g. "mpj  chain  2 ranks (multicore) ... 6.63  53.2 us  6.16 step 4604 us, file floor 694 us/step ..."
            Matcher row = Pattern.compile("(?m)^" + backend + " +chain .* ([0-9.]+) us +([0-9.]+) step [0-9]+ us,"
                    + " file floor [0-9]+ us/step").matcher(r.out());
            assertTrue(row.find(), backend + " prints its floor and ratio:\n" + r.out());
            double printed = Double.parseDouble(row.group(1));
            assertTrue(printed > 0 && Double.parseDouble(row.group(2)) > 0, row.group());
            JsonNode run = runs.get(backend.equals("mpj") ? 0 : 1);
            assertEquals(backend, run.get("backend").asText());
            assertEquals(printed, run.get("transportFloorMicros").asDouble(), 0.05, run.toString());
            assertTrue(run.get("transportFloorMbPerSecond").isNull(), run.toString());
        }
        assertEquals(before, ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count(),
                "every worker JVM was stopped");
        Files.list(tmp).forEach(p -> assertTrue(p.equals(out), "left behind: " + p));
    }

    @Test
    void scheduleBothRunsEachPipelineWithBarriersAndEagerlyAndChecksBoth() throws Exception {
        Path out = tmp.resolve("out");
        Outcome r = phasor("bench", "--pipeline", "skewed,layered", "--phases", "3", "--width", "4", "--schedule", "both",
                "--threads", "2", "--out", out.toString(), "--work", tmp.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode runs = new ObjectMapper().readTree(out.resolve("bench.json").toFile()).get("runs");
        List<String> seen = new java.util.ArrayList<>();
        runs.forEach(run -> seen.add(run.get("pipeline").asText() + " " + run.get("parallelism").asText()));
        assertEquals(List.of("skewed 2 threads", "skewed 2 threads, eager", "layered 2 threads", "layered 2 threads, eager"),
                seen.stream().sorted(java.util.Comparator.comparing((String x) -> !x.startsWith("skewed"))).toList());
        assertEquals(2, phasor("bench", "--schedule", "sometimes").code());
    }

    @Test
    void withoutATerminalARunPrintsProgressLinesAndTheFloorCanBeLeftOut() throws Exception {
        Path out = tmp.resolve("out");
        Outcome off = phasor("bench", "--pipeline", "wide", "--steps", "40", "--threads", "2", "--floor", "off",
                "--out", out.toString(), "--work", tmp.toString());
        assertEquals(0, off.code(), off.out() + off.err());
        for (int tenth = 1; tenth <= 9; tenth++) {
            assertTrue(off.err().contains("bench:   " + tenth * 10 + " % (" + tenth * 4 + " of 40 steps) after "),
                    off.err());
        }
        assertTrue(!off.err().contains("file-system floor"), off.err());
        JsonNode run = new ObjectMapper().readTree(out.resolve("bench.json").toFile()).get("runs").get(0);
        assertTrue(run.get("floorStepsPerSecond").isNull() || Double.isNaN(run.get("floorStepsPerSecond").asDouble()),
                run.toString());

        Outcome twice = phasor("bench", "--pipeline", "wide", "--steps", "40", "--threads", "2", "--floor", "twice",
                "--out", out.toString(), "--work", tmp.toString());
        assertEquals(0, twice.code(), twice.out() + twice.err());
        assertTrue(twice.err().contains("file-system floor before the run: 40 x 2 files written and renamed on 2"
                + " threads, then removed..."), twice.err());
        assertTrue(twice.err().contains("file-system floor after the run: "), twice.err());
        assertEquals(2, phasor("bench", "--floor", "sometimes").code());
    }

    @Test
    void aWrongResultFailsTheCheck() {
        WideBench wide = new WideBench(BenchSpec.DEFAULT.withSteps(5, 5));
        BenchPipeline.WrongResultException e = assertThrows(BenchPipeline.WrongResultException.class,
                () -> wide.check(step -> step.equals("w3") ? 4 : Integer.parseInt(step.substring(1))));
        assertTrue(e.getMessage().contains("w3 computed 4, expected 3"), e.getMessage());
        ScalingBench scaling = new ScalingBench(BenchSpec.DEFAULT.withWork(1, 0, 0, 2, 1000));
        assertThrows(BenchPipeline.WrongResultException.class, () -> scaling.check(step -> 3.0));
    }

    @Test
    void helpAndBadOptionsAreAnswered() {
        Outcome help = phasor("bench", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--pipeline") && help.out().contains("--scaling-counts"), help.out());
        assertTrue(phasor("--help").out().contains("bench"), "phasor --help lists bench");
        Outcome bad = phasor("bench", "--pipeline", "nope", "--out", tmp.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown --pipeline 'nope'"), bad.err());
        Outcome phases = phasor("bench", "--phases", "70", "--out", tmp.toString());
        assertEquals(2, phases.code());
        assertTrue(phases.err().contains("--phases must be 1..62"), phases.err());
    }
}
