package dev.phasor.cluster.hazelcast;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import dev.phasor.api.BackendException;
import dev.phasor.cluster.secret.SharedSecret;
import dev.phasor.exec.PipelineSource;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code phasor worker}: an embedded Hazelcast member that serves runs of any coordinator of its cluster,
 * one after another, until it is stopped (SIGTERM or Ctrl-C: it leaves the cluster gracefully).
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Start a worker node: a Hazelcast member that runs the steps coordinators send it, for any"
                + " number of runs, until stopped (SIGTERM/Ctrl-C leaves the cluster cleanly).",
            "Then run with: phasor run CLASS --backend hazelcast --join HOST:PORT --cluster-name NAME --cache DIR.",
            "Give workers and coordinators the same --secret-file: the worker then runs only what is sealed with it."})
public final class WorkerCommand implements Callable<Integer> {


    @Spec
    CommandSpec spec;

    @Option(names = "--join", required = true, split = ",", paramLabel = "HOST:PORT",
            description = "Members to join through, comma separated (other workers; this one's address may be listed).")
    List<String> join;

    @Option(names = "--cluster-name", required = true, paramLabel = "NAME",
            description = "The cluster name; members and coordinators with another name are not let in. Not a secret.")
    String clusterName;

    @Option(names = "--classpath", paramLabel = "PATH",
            description = "Jars or class directories holding the pipelines (':' or ',' separated); default: the"
                    + " coordinator's --classpath, which must then be valid on this node.")
    String classpath;

    @Option(names = "--threads", paramLabel = "N",
            description = "Steps this worker runs at once (default: one per core).")
    Integer threads;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "The IP address of the interface to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", paramLabel = "P",
            description = "The member port (default: the first free one from " + ClusterSettings.WORKER_BASE_PORT
                    + ").")
    Integer port;

    @Option(names = "--heartbeat-timeout", paramLabel = "SECONDS",
            defaultValue = "" + ClusterSettings.DEFAULT_HEARTBEAT_TIMEOUT_SECONDS,
            description = "A member silent this long (frozen, cut off) is dropped from the cluster and its steps run"
                    + " elsewhere; give every worker and coordinator the same value (default: ${DEFAULT-VALUE}).")
    int heartbeatTimeoutSeconds;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "Run only what is sealed with the secret in FILE (readable by you only), and seal every"
                    + " answer with it; give coordinators the same. Default: the file $PHASOR_SECRET_FILE names, if set."
                    + " Without one, anyone who reaches this worker's port can run steps on it.")
    String secretFile;

    @Option(names = {"-v", "--verbose"}, description = "Hazelcast's INFO logs and a line per step.")
    boolean verbose;

    @Override
    public Integer call() throws InterruptedException {
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (n < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + n);
        }
        ClusterSettings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        WorkerNode node = new WorkerNode(n, PipelineSource.splitClasspath(classpath), verbose, out, settings.secret());
        // warmed up while the member starts, so that "ready" means ready for a first run without a cold start
        Thread warmUp = new Thread(() -> {
            if (!"false".equals(System.getProperty("phasor.worker.warmUp"))) { // -Dphasor.worker.warmUp=false: none
                WorkerWarmUp.run(node);
            }
        }, "phasor-worker-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        HazelcastInstance hz = start(settings, n, node);
        warmUp.join();
        CountDownLatch down = new CountDownLatch(1);
        hz.getLifecycleService().addLifecycleListener(e -> {
            if (e.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                down.countDown();
            }
        });
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                // a coordinator announces itself with its first PrepareRun
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                node.memberLeft(e.getMember().getUuid());
            }
        });
        Thread leave = new Thread(() -> {
            node.say("stopping: leaving cluster '" + settings.clusterName() + "'");
            node.stop();
            hz.shutdown(); // graceful: the others see a clean departure, not a crash
        }, "phasor-worker-leave");
        Runtime.getRuntime().addShutdownHook(leave);
        node.say("ready in cluster '" + settings.clusterName() + "' with " + n + " threads ("
                + hz.getCluster().getMembers().size() + " members)" + (settings.secret() != null
                        ? "; runs only messages sealed with secret " + settings.secret().id() : ""));
        // picocli's System.exit would shut the member down at once: block until it is down.
        down.await();
        if (!removeHook(leave)) {
            return 0; // stopped by SIGTERM/Ctrl-C: a clean end
        }
        throw new BackendException("the Hazelcast member shut down unexpectedly");
    }

    /** The checked settings, with the secret; warns when they leave the worker open to the network. */
    private ClusterSettings settings() {
        ClusterSettings settings = ClusterSettings.of(clusterName, join, bind, port, ClusterSettings.WORKER_BASE_PORT,
                verbose).withHeartbeatTimeout(heartbeatTimeoutSeconds)
                .withSecret(SharedSecret.fromOptionOrEnvironment(secretFile, System.getenv()).orElse(null));
        if (settings.exposure() != null) {
            spec.commandLine().getErr().println("phasor: warning: " + settings.exposure());
        }
        return settings;
    }

    private static HazelcastInstance start(ClusterSettings settings, int threads, WorkerNode node) {
        // Held for the worker's life: Hazelcast only logs a refusal for another cluster name, and quietly.
        ClusterNameRefusals refusals = new ClusterNameRefusals(settings.clusterName(), settings.verbose(),
                address -> node.say("the member at " + address + " refused this worker: its cluster has another name"
                        + " than '" + settings.clusterName() + "'; check --cluster-name (each worker prints its"
                        + " cluster's name when it starts: \"ready in cluster 'NAME'\")"),
                address -> node.say("refused a member at " + address + ": it asked to join with another cluster name"
                        + " than '" + settings.clusterName() + "' (a mistyped --cluster-name?)"));
        try {
            // A worker alone at first is not started again (a coordinator may have joined it meanwhile): two
            // clusters of workers merge within MemberConfigs.MERGE_DELAY_SECONDS.
            HazelcastInstance hz = Hazelcast.newHazelcastInstance(MemberConfigs.worker(settings, threads, node));
            node.started(hz.getCluster().getLocalMember().getAddress());
            return hz;
        } catch (RuntimeException e) {
            refusals.close();
            throw new BackendException("cannot start the worker member on " + settings.bindAddress()
                    + (settings.port() != null ? ":" + settings.port() : "") + ": " + e.getMessage(), e);
        }
    }

    /** False if the JVM is already shutting down (the hook is running). */
    private static boolean removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
