package dev.phasor.cluster.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cache.CacheReader;
import dev.phasor.cli.Cli;
import dev.phasor.exec.ExitCodes;
import dev.phasor.testkit.Evolving;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What the backend contract (HazelcastContractTest) does not cover of issue 6 on a real Hazelcast cluster: a
 * definition that changes between runs ({@code --update}), which workers must build again rather than reuse
 * the build they kept from the previous run ({@link BuiltPipelines}). Run on two {@code phasor worker} JVMs
 * on 127.0.0.1 (one thread each, started once for the class and stopped by PID), the coordinator in this JVM through the command line. The
 * pipelines read their settings from a file every JVM is given, so a test changes the definition for
 * coordinator and workers at once.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class HazelcastRerunTest {

    private static final Duration READY = Duration.ofSeconds(60);
    private static final String[] STEPS = {"base", "mid", "side", "flaky", "tail"};

    @TempDir
    static Path tmp;

    private static WorkerProcesses cluster;
    private static Path settings;
    private static final Map<String, String> PROPERTIES = new LinkedHashMap<>();

    @BeforeAll
    static void startWorkers() throws Exception {
        settings = tmp.resolve("evolving.properties");
        Evolving.write(settings, "scale", "1");
        PROPERTIES.put("phasor.test.evolving", settings.toString());
        PROPERTIES.put("phasor.test.slowMs", "3000");
        PROPERTIES.forEach(System::setProperty); // the coordinator builds the pipelines in this JVM
        cluster = new WorkerProcesses(tmp);
        List<WorkerProcesses.Worker> workers = List.of(cluster.start(PROPERTIES, 1, false),
                cluster.start(PROPERTIES, 1, false));
        cluster.awaitReady(workers, 2, READY);
    }

    @AfterAll
    static void stopWorkers() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
        PROPERTIES.keySet().forEach(System::clearProperty);
    }

    private record RunResult(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private static RunResult run(Class<?> pipeline, Path cache, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", pipeline.getName(), "--cache", cache.toString(),
                "--backend", "hazelcast", "--join", cluster.joinList(), "--cluster-name", cluster.clusterName,
                "--bind", "127.0.0.1", "--port", String.valueOf(cluster.coordinatorPort), "--min-workers", "2"));
        args.addAll(Arrays.asList(extra));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine(null);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args.toArray(String[]::new));
        return new RunResult(code, out.toString(), err.toString());
    }

    private static Map<String, String> printedRunColumn(RunResult r) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String step : STEPS) {
            String row = r.out().lines().filter(l -> l.startsWith(step + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + step + ": " + r));
            m.put(step, row.split("\\s{2,}")[5]);
        }
        return m;
    }

    private static Map<String, String> expect(String... stepRun) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < stepRun.length; i += 2) {
            m.put(stepRun[i], stepRun[i + 1]);
        }
        return m;
    }

    @Test
    void untilUpdateRerunAndRestartFailedOnWorkers() throws Exception {
        Path cache = tmp.resolve("evolving-cache");
        Evolving.write(settings, "scale", "1");

        RunResult until = run(Evolving.class, cache, "--until", "tail");
        assertEquals(ExitCodes.OK, until.exitCode(), until::toString);
        CacheReader reader = CacheReader.open(cache, "evolving");
        assertEquals(StepStatus.State.PENDING, reader.status("tail").state());
        assertTrue(reader.status("mid").worker().startsWith("hz:127.0.0.1:"), reader.status("mid").worker());

        Evolving.write(settings, "scale", "2");
        assertEquals(ExitCodes.CACHE, run(Evolving.class, cache).exitCode(), "a plain run is refused");
        RunResult update = run(Evolving.class, cache, "--update");
        assertEquals(ExitCodes.OK, update.exitCode(), update::toString);
        assertEquals(expect("base", "ran", "mid", "ran", "side", "cached", "flaky", "cached", "tail", "ran"),
                printedRunColumn(update));
        assertEquals(Evolving.expectedTail(2), CacheReader.open(cache, "evolving").result("tail"));

        Evolving.write(settings, "scale", "2", "fail", "true");
        RunResult rerun = run(Evolving.class, cache, "--rerun", "side", "--eager");
        assertEquals(ExitCodes.STEP_FAILED, rerun.exitCode(), rerun::toString);
        assertEquals(expect("base", "cached", "mid", "cached", "side", "ran", "flaky", "ran", "tail", "-"),
                printedRunColumn(rerun));

        Evolving.write(settings, "scale", "2", "fail", "false");
        RunResult restart = run(Evolving.class, cache, "--restart-failed");
        assertEquals(ExitCodes.OK, restart.exitCode(), restart::toString);
        assertEquals(expect("base", "cached", "mid", "cached", "side", "cached", "flaky", "ran", "tail", "ran"),
                printedRunColumn(restart));
        assertEquals(Evolving.expectedTail(2), CacheReader.open(cache, "evolving").result("tail"));
    }

}
