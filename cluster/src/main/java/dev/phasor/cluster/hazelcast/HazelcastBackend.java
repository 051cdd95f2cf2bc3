package dev.phasor.cluster.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import dev.phasor.api.BackendException;
import dev.phasor.backend.Backend;
import dev.phasor.backend.RunSession;
import dev.phasor.transport.Transport;
import dev.phasor.backend.WorkerSession;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's side of the {@code hazelcast} backend: joins the cluster as a lite member for one run,
 * and carries the engine's orders to the {@code phasor worker} members that agree on the pipeline
 * ({@link HazelcastTransport}).
 *
 * <p>Joining (a member's start-up and the cluster join, 1-3 s) begins when the backend is opened, on a
 * thread of its own, so that it overlaps with the coordinator preparing the pipeline; {@link #start} waits
 * for it.
 *
 * <p>Ctrl-C: a shutdown hook interrupts the coordinator's thread and waits for {@link #close}, so the
 * coordinator aborts the run (workers interrupt its steps), keeps finished results, writes the summary
 * and releases the cache lock before the JVM ends.
 */
final class HazelcastBackend implements Backend {

    /** How long a Ctrl-C waits for the run to wind down before the JVM ends anyway. */
    private static final long STOP_GRACE_SECONDS = 40;

    /**
     * How a run uses the cluster.
     *
     * @param minWorkers agreeing workers needed to start
     * @param workerWait how long to wait for them, and for a new worker when none is left
     * @param carryResults true to carry inputs and results over the network instead of shared storage
     */
    record RunPolicy(int minWorkers, Duration workerWait, boolean carryResults) {
    }

    private final ClusterSettings settings;
    private final RunPolicy policy;
    private final PrintWriter err;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final CompletableFuture<HazelcastInstance> joining = new CompletableFuture<>();
    private final JoinPeers peers;
    private final ClusterNameRefusals refusals;
    private HazelcastInstance hz;
    private HazelcastTransport transport;
    private Thread stopHook;

    HazelcastBackend(ClusterSettings settings, RunPolicy policy, PrintWriter err) {
        this.settings = settings;
        this.policy = policy;
        this.err = err;
        this.peers = new JoinPeers(settings.join());
        this.refusals = new ClusterNameRefusals(settings.clusterName(), settings.verbose(), address -> { },
                address -> warn("refused a member at " + address + ": it asked to join with another cluster name than '"
                        + settings.clusterName() + "'"));
        Thread joiner = new Thread(() -> {
            try {
                joining.complete(join());
            } catch (RuntimeException | Error e) { // NOPMD: whatever the join threw is start()'s to report
                joining.completeExceptionally(e);
            }
        }, "phasor-hazelcast-join");
        joiner.setDaemon(true); // Hazelcast's own threads are not: close() shuts the member down
        joiner.start();
    }

    @Override
    public boolean isCoordinator() {
        return true;
    }

    @Override
    public Transport start(RunSession session) {
        if (session.source() == null) {
            throw new BackendException("the hazelcast backend rebuilds the pipeline on each worker from its class: run"
                    + " a PipelineDefinition class (phasor run CLASS, or Runner.run(Class))");
        }
        if (hz != null) {
            throw new IllegalStateException("a hazelcast backend serves one run; open another for the next");
        }
        installStopHook();
        hz = joined();
        transport = new HazelcastTransport(hz, session, settings, policy, err);
        try (SplitWatch watch = new SplitWatch(hz, peers, settings.clusterName(), this::warn)) {
            transport.awaitWorkers();
        }
        return transport;
    }

    @Override
    public void serve(WorkerSession session) {
        throw new IllegalStateException("hazelcast workers are started with 'phasor worker', not 'phasor run'");
    }

    @Override
    public void close() {
        try {
            if (transport != null) {
                transport.releaseWorkers("the coordinator stopped", true); // no-op after finish or abort
            }
        } finally {
            if (hz == null) {
                hz = joinedQuietly(); // opened but never started (e.g. the pipeline failed to build): leave
            }
            if (hz != null) {
                try {
                    hz.shutdown();
                } catch (RuntimeException e) {
                    // already down
                }
            }
            removeStopHook();
            refusals.close();
            closed.countDown();
        }
    }

    /** The member {@link #join} started, once it has joined. */
    private HazelcastInstance joined() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return joining.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the join cannot be cancelled: wait for it, then let the caller stop
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new BackendException("cannot join cluster '" + settings.clusterName() + "': " + e.getCause(),
                            e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private HazelcastInstance joinedQuietly() {
        try {
            return joined();
        } catch (RuntimeException e) {
            return null; // it never joined: nothing to shut down
        }
    }

    private HazelcastInstance join() {
        long t0 = System.nanoTime();
        long deadline = t0 + policy.workerWait().toNanos();
        HazelcastInstance member;
        try {
            // Started before any worker listens, the member would make a cluster of its own that workers
            // never join: wait for a join address to answer first (within --worker-wait).
            if (!MemberStart.awaitAnyAnswer(peers, deadline)) {
                throw new BackendException(nobodyAnswers());
            }
            member = MemberStart.start(() -> MemberConfigs.coordinator(settings), peers, refusals, deadline,
                    this::warn);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while joining cluster '" + settings.clusterName() + "'");
        } catch (BackendException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BackendException("cannot join cluster '" + settings.clusterName() + "' from "
                    + settings.bindAddress() + (settings.port() != null ? ":" + settings.port() : "") + ": "
                    + e.getMessage(), e);
        }
        if (member.getCluster().getMembers().size() == 1 && !refusals.refusedUs().isEmpty()) {
            member.getLifecycleService().terminate();
            throw new BackendException(otherClusterName(refusals.refusedUs()));
        }
        if (settings.verbose()) {
            warn("coordinator member started and joined cluster '" + settings.clusterName() + "' in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
        }
        return member;
    }

    private String nobodyAnswers() {
        String join = String.join(",", settings.join());
        return "no phasor worker found in cluster '" + settings.clusterName() + "' within "
                + policy.workerWait().toSeconds() + " s: nothing answers at " + join
                + "; start workers with: phasor worker --join " + join + " --cluster-name " + settings.clusterName();
    }

    private String otherClusterName(Set<String> refusedBy) {
        return "the members at " + String.join(", ", new TreeSet<>(refusedBy)) + " refused this coordinator: their"
                + " cluster has another name than '" + settings.clusterName() + "'; check --cluster-name (each worker"
                + " prints its cluster's name when it starts: \"ready in cluster 'NAME'\")";
    }

    private void warn(String line) {
        err.println("phasor: " + line);
        err.flush();
    }

    private void installStopHook() {
        Thread coordinator = Thread.currentThread();
        stopHook = new Thread(() -> {
            coordinator.interrupt();
            try {
                if (closed.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    err.println("phasor: run stopped; finished results are kept, run again to resume");
                    err.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "phasor-hazelcast-stop");
        Runtime.getRuntime().addShutdownHook(stopHook);
    }

    private void removeStopHook() {
        if (stopHook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is what is waiting for this close
        }
        stopHook = null;
    }
}
