package dev.phasor.cluster.mpj;

import dev.phasor.exec.PreparedPipeline;
import dev.phasor.transport.Event;
import dev.phasor.transport.Order;
import dev.phasor.transport.Report;
import dev.phasor.transport.Transport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Rank 0's side of a run: every rank is a worker {@code mpj:rank-N} running one step at a time, rank 0
 * included (its orders go to a local {@link StepRunner} instead of a message, so rank 0 keeps its share of
 * the work). One order list is one {@link Message.Orders}; the rank answers its batch with
 * {@link Message.Reports}, merged by the {@link RankLink} when several finish together. Decides nothing:
 * which step goes where is the engine's.
 *
 * <p>A rank the link finds lost (silent past {@code --mpj-lost-after}, or a send to it failed, as niodev
 * fails them once the rank's JVM died), or one that left the run, becomes {@link Event.Lost}: the engine runs
 * its steps again on the others. Rank 0 records it ({@link MpjRuntime#wentOnWithout}) so that no rank waits
 * for it in {@code MPI.Finalize} and the launcher stops its JVM and does not count it as failed. Whatever it
 * sends later is dropped. Called from the coordinator's thread only.
 */
final class MpjTransport implements Transport, AutoCloseable {

    private final MpjRuntime runtime;
    private final RankLink link;
    private final StepRunner local;
    private final int prefetch;
    private final int maxBatch;
    private final boolean roundRobin;
    private final boolean verbose;
    /** Joins, then losses found while sending: delivered before anything the link brings. */
    private final ArrayDeque<Event> pending = new ArrayDeque<>();
    private final Set<Integer> lost = new HashSet<>();
    private boolean ended;

    MpjTransport(MpjRuntime runtime, PreparedPipeline prepared, MpjOptions options, boolean verbose) {
        this.runtime = runtime;
        this.link = runtime.link();
        this.prefetch = options.prefetch();
        this.roundRobin = options.staticAssignment;
        // --mpj-prefetch 0 promises one order per message, whatever --mpj-batch says.
        this.maxBatch = prefetch == 0 ? 1 : options.batch();
        this.verbose = verbose;
        this.local = new StepRunner(prepared.executor(), worker(0),
                (report, endsBatch) -> {
                    if (report != null) { // rank 0 shares our JVM: nothing is held back
                        link.post(new RankLink.Received(0, new Message.Reports(List.of(report.toInProcessReport()))));
                    }
                });
        // In rank order: the engine's round-robin placement numbers workers in joining order.
        for (int rank = 0; rank < link.size(); rank++) {
            pending.add(new Event.Joined(worker(rank), 1, prefetch));
        }
    }

    static String worker(int rank) {
        return "mpj:rank-" + rank;
    }

    /** The rank of worker {@code mpj:rank-N}. */
    private int rankOf(String worker) {
        if (worker.startsWith("mpj:rank-")) {
            try {
                int rank = Integer.parseInt(worker.substring("mpj:rank-".length()));
                if (rank >= 0 && rank < link.size()) {
                    return rank;
                }
            } catch (NumberFormatException e) {
                // named below
            }
        }
        throw new IllegalArgumentException("no MPJ rank is named '" + worker + "' in a job of " + link.size());
    }

    @Override
    public int parallelism() {
        return link.size();
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }

    @Override
    public boolean roundRobin() {
        return roundRobin;
    }

    @Override
    public void send(String worker, List<Order> orders) {
        int rank = rankOf(worker);
        if (lost.contains(rank)) {
            return; // its Lost event is delivered or pending: the engine takes these orders back
        }
        List<Order> batch = new ArrayList<>(orders); // a list type the message codec knows
        if (rank == 0) {
            local.submit(batch);
        } else {
            link.send(rank, new Message.Orders(batch));
        }
    }

    @Override
    public Event poll(long timeout, TimeUnit unit) throws InterruptedException {
        if (!pending.isEmpty()) {
            return pending.poll();
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            Event event = translate(link.next(left, TimeUnit.NANOSECONDS));
            if (event != null) {
                return event;
            }
        }
    }

    /** What the link brought, as the engine's event; null for nothing or for what a lost rank still said. */
    private Event translate(RankLink.Event event) {
        if (event == null) {
            return null;
        }
        if (event instanceof RankLink.PeerLost peer) {
            return lose(peer.rank(), peer.why());
        }
        if (event instanceof RankLink.Refused refused) {
            return lose(refused.rank(), refused.why()); // the handshake saw every link open: a late one is lost
        }
        if (event instanceof RankLink.Broken broken) {
            return new Event.Broken("MPJ Express failed on rank 0: " + broken.why());
        }
        RankLink.Received r = (RankLink.Received) event;
        if (lost.contains(r.from())) {
            return null; // too late: its steps were given to the others
        }
        if (r.message() instanceof Message.Reports reports) {
            return new Event.Reported(worker(r.from()), reports.reports());
        }
        if (r.message() instanceof Message.Left left) {
            return lose(r.from(), "rank " + r.from() + " left the run: " + left.reason());
        }
        return new Event.Broken("rank " + r.from() + " sent an unexpected " + r.message().getClass().getSimpleName()
                + " during the run");
    }

    private Event lose(int rank, String why) {
        if (rank == 0 || !lost.add(rank)) {
            return null;
        }
        runtime.wentOnWithout(rank);
        return new Event.Lost(worker(rank), why + "; the run goes on without it");
    }

    @Override
    public void abort(String reason, int exitCode) {
        if (!ended) {
            ended = true;
            runtime.abortWorkers(reason, exitCode); // first: the workers stop while rank 0 waits for its own step
            local.stopNow();
        }
    }

    @Override
    public void finish() {
        if (!ended) {
            ended = true;
            local.close();
            if (verbose) {
                System.err.println("phasor: mpj rank 0: " + local.stats() + "; " + link.stats());
                System.err.println("phasor: mpj rank 0 " + JvmCosts.describe());
            }
            runtime.finishWorkers();
        }
    }

    @Override
    public void close() {
        local.stopNow();
    }
}
