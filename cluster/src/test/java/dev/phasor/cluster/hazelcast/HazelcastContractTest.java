package dev.phasor.cluster.hazelcast;

import dev.phasor.testkit.BackendContract;
import dev.phasor.testkit.InProcessCli;
import dev.phasor.testkit.Sleepy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend contract on a real Hazelcast cluster: two {@code phasor worker} JVMs on 127.0.0.1 (one thread
 * each, stopped by PID), the coordinator in this JVM through the command line. Workers are started again
 * only when a run needs other system properties (they are fixed at a JVM's start), and after a test killed one.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class HazelcastContractTest extends BackendContract {

    private static final Duration READY = Duration.ofSeconds(60);
    /** How long the run that loses a worker may take (Sleepy: 2 phases of 6 steps of 1.5 s on 2 threads). */
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);

    @TempDir
    static Path workers;

    private static WorkerProcesses cluster;
    private static Map<String, String> clusterProperties;
    /** Options every member gets, workers and coordinator alike (a subclass seals the run's messages). */
    static List<String> memberOptions = List.of();
    private static int clusters;

    @AfterAll
    static void stopWorkers() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    /** A cluster whose workers run with {@code properties}, reused while they stay the same. */
    private static WorkerProcesses cluster(Map<String, String> properties) throws Exception {
        if (cluster != null && properties.equals(clusterProperties)) {
            return cluster;
        }
        stopWorkers();
        cluster = new WorkerProcesses(Files.createDirectories(workers.resolve("cluster-" + ++clusters)));
        clusterProperties = properties;
        List<WorkerProcesses.Worker> workers = List.of(cluster.start(properties, 1, false, memberOptions),
                cluster.start(properties, 1, false, memberOptions));
        cluster.awaitReady(workers, 2, READY);
        return cluster;
    }

    /**
     * Kills with SIGKILL the worker JVM a step of {@link Sleepy} started in; the coordinator (this JVM) goes on
     * with the other worker. The cluster that lost a worker is not reused: the next test starts a fresh one.
     */
    @Override
    protected Killed runKillingAWorker(Path cache, List<String> properties) throws Exception {
        Map<String, String> props = properties(properties);
        Path executions = Path.of(props.get("phasor.test.executions"));
        Map<Long, WorkerProcesses.Worker> byPid = new LinkedHashMap<>();
        cluster(props).workers().forEach(w -> byPid.put(w.process().pid(), w));
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> run = background.submit(() -> run(Sleepy.class, cache, properties));
            long pid = awaitStepStartedIn(executions, byPid::containsKey, READY);
            cluster.kill(byPid.get(pid));
            return new Killed(run.get(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS), pid);
        } finally {
            background.shutdownNow();
            stopWorkers();
        }
    }

    private static Map<String, String> properties(List<String> properties) {
        Map<String, String> props = new LinkedHashMap<>();
        for (String p : properties) {
            String[] kv = p.substring(2).split("=", 2);
            props.put(kv[0], kv[1]);
        }
        return props;
    }

    @Override
    protected int run(Class<?> pipeline, Path cache, List<String> properties, String... args) throws Exception {
        Map<String, String> props = properties(properties);
        WorkerProcesses c = cluster(props);
        props.forEach(System::setProperty); // the coordinator builds the pipeline in this JVM
        try {
            List<String> cli = new ArrayList<>(List.of("run", pipeline.getName(), "--cache", cache.toString(), "-q",
                    "--backend", "hazelcast", "--join", c.joinList(), "--cluster-name", c.clusterName,
                    "--bind", "127.0.0.1", "--port", String.valueOf(c.coordinatorPort), "--min-workers", "2"));
            cli.addAll(memberOptions);
            cli.addAll(List.of(args));
            return InProcessCli.phasor(cli.toArray(String[]::new)).code();
        } finally {
            props.keySet().forEach(System::clearProperty);
        }
    }

}
