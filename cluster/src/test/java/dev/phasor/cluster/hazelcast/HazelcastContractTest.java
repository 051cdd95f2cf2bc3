package dev.phasor.cluster.hazelcast;

import dev.phasor.testkit.BackendContract;
import dev.phasor.testkit.InProcessCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend contract on a real Hazelcast cluster: two {@code phasor worker} JVMs on 127.0.0.1 (one thread
 * each, stopped by PID), the coordinator in this JVM through the command line. Workers are started again
 * only when a run needs other system properties (they are fixed at a JVM's start).
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class HazelcastContractTest extends BackendContract {

    private static final Duration READY = Duration.ofSeconds(60);

    @TempDir
    static Path workers;

    private static WorkerProcesses cluster;
    private static Map<String, String> clusterProperties;
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
        List<WorkerProcesses.Worker> workers = List.of(cluster.start(properties, 1, false),
                cluster.start(properties, 1, false));
        cluster.awaitReady(workers, 2, READY);
        return cluster;
    }

    @Override
    protected int run(Class<?> pipeline, Path cache, List<String> properties, String... args) throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        for (String p : properties) {
            String[] kv = p.substring(2).split("=", 2);
            props.put(kv[0], kv[1]);
        }
        WorkerProcesses c = cluster(props);
        props.forEach(System::setProperty); // the coordinator builds the pipeline in this JVM
        try {
            List<String> cli = new ArrayList<>(List.of("run", pipeline.getName(), "--cache", cache.toString(), "-q",
                    "--backend", "hazelcast", "--join", c.joinList(), "--cluster-name", c.clusterName,
                    "--bind", "127.0.0.1", "--port", String.valueOf(c.coordinatorPort), "--min-workers", "2"));
            cli.addAll(List.of(args));
            return InProcessCli.phasor(cli.toArray(String[]::new)).code();
        } finally {
            props.keySet().forEach(System::clearProperty);
        }
    }
}
