package dev.phasor.cluster.mpj;

import dev.phasor.api.BackendException;
import dev.phasor.backend.StepOrder;
import dev.phasor.backend.StepReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A rank's connection to the others, and the one thread that talks to MPI (MPJ Express is not
 * thread-safe). Other threads queue messages with {@link #send} and take what arrived with
 * {@link #next}. The thread lives from just after {@code MPI.Init} to just before
 * {@code MPI.Finalize}, so ranks hear from each other even while they build the pipeline or the
 * coordinator reads the cache.
 *
 * <p>Rank death: MPJ never reports that a peer died; {@code Iprobe} just stays silent. So the link
 * watches peers (rank 0 watches every worker, a worker watches rank 0): it sends a heartbeat when it
 * has said nothing to a watched peer for a while, and a watched peer silent for longer than the
 * lost-after limit, or one a send to fails, is reported once as {@link PeerLost} and never spoken to
 * again (MPJ's niodev hangs on a second send to a dead peer). A thread stuck inside MPJ is reported as
 * {@link Broken} by {@link #next}, the watchdog.
 *
 * <p>Batching: messages queued for the same rank while the thread was busy are merged when they are
 * orders or reports, so a burst costs one frame.
 */
final class RankLink implements AutoCloseable {

    /** What {@link #next} returns. */
    sealed interface Event {
    }

    /** A message from rank {@code from} (or posted locally with {@link #post}). */
    record Received(int from, Message message) implements Event {
    }

    /** A peer is gone or unreachable; {@code why} is a whole sentence for the user. */
    record PeerLost(int rank, String why) implements Event {
    }

    /** The link itself failed: MPI threw or is stuck. */
    record Broken(String why) implements Event {
    }

    static final long DEFAULT_LOST_AFTER_MILLIS = 30_000;
    private static final long MAX_HEARTBEAT_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long MIN_IDLE_WAIT_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    private static final long MAX_IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int MAX_ITEMS_PER_ROUND = 4096;
    private static final Message HEARTBEAT = new Message.Heartbeat();

    private final RankComm comm;
    private final MessageCodec codec;
    private final int rank;
    private final int size;
    private final int[] watched;
    private final ConcurrentLinkedQueue<Outgoing> outbox = new ConcurrentLinkedQueue<>();
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Set<Integer> lost = ConcurrentHashMap.newKeySet();
    private final Thread thread;

    // Touched by the link's thread only.
    private final List<InFlight> inFlight = new ArrayList<>();
    private final long[] lastHeard;
    private final long[] lastSent;
    private final boolean[] heard;
    private final long startedAt = System.nanoTime();

    private volatile long lostAfterNanos = TimeUnit.MILLISECONDS.toNanos(DEFAULT_LOST_AFTER_MILLIS);
    private volatile boolean watching = true;
    private volatile boolean stopping;
    private volatile long stopBy;
    private volatile long roundAt = System.nanoTime();
    private volatile String activity = "starting";
    private volatile boolean broken;
    private volatile boolean stuckReported;

    private record Outgoing(int to, Message message) {
    }

    private record InFlight(int to, RankComm.Sending sending) {
    }

    private RankLink(RankComm comm, MessageCodec codec, String threadName) {
        this.comm = comm;
        this.codec = codec;
        this.rank = comm.rank();
        this.size = comm.size();
        this.watched = rank == 0 ? range(1, size) : new int[] {0};
        this.lastHeard = new long[size];
        this.lastSent = new long[size];
        this.heard = new boolean[size];
        Arrays.fill(lastSent, startedAt - TimeUnit.DAYS.toNanos(1)); // nanoTime may be negative
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /** Starts the link's thread over {@code comm}; from now on only that thread may use {@code comm}. */
    static RankLink start(RankComm comm, MessageCodec codec) {
        RankLink link = new RankLink(comm, codec, "phasor-mpj-link-" + comm.rank());
        link.thread.start();
        return link;
    }

    int rank() {
        return rank;
    }

    int size() {
        return size;
    }

    /** Queues {@code message} for rank {@code to} and returns at once; messages to a lost rank are dropped. */
    void send(int to, Message message) {
        if (to == rank || to < 0 || to >= size) {
            throw new IllegalArgumentException("rank " + rank + " cannot send to rank " + to + " of " + size);
        }
        outbox.add(new Outgoing(to, message));
        LockSupport.unpark(thread);
    }

    /** Queues {@code message} for every other rank that is not lost. */
    void sendToAll(Message message) {
        for (int r = 0; r < size; r++) {
            if (r != rank) {
                send(r, message);
            }
        }
    }

    /** Adds a local event (rank 0's own step reports) to those {@link #next} returns. */
    void post(Event event) {
        events.add(event);
    }

    /**
     * The next event, or null if none came within the timeout. Also the watchdog: returns one
     * {@link Broken} if the link's thread has been stuck inside MPJ for longer than the lost-after limit.
     */
    Event next(long timeout, TimeUnit unit) throws InterruptedException {
        Event event = events.poll(timeout, unit);
        if (event == null && !stuckReported && !stopping && thread.isAlive()
                && System.nanoTime() - roundAt > lostAfterNanos) {
            stuckReported = true;
            broken = true;
            return new Broken("MPJ Express has not returned from " + activity + " for "
                    + seconds(System.nanoTime() - roundAt));
        }
        return event;
    }

    /** How long a watched peer may stay silent before it is lost; heartbeats go out five times as often, and at least every 250 ms. */
    void lostAfter(long millis) {
        if (millis < 100) {
            throw new IllegalArgumentException("the lost-after limit must be at least 100 ms, got " + millis);
        }
        lostAfterNanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    long lostAfterMillis() {
        return TimeUnit.NANOSECONDS.toMillis(lostAfterNanos);
    }

    /** Stops heartbeats and silence checks: the run is over and peers are about to stop talking. */
    void quiet() {
        watching = false;
    }

    /** Ranks found lost so far. */
    Set<Integer> lostPeers() {
        return Collections.unmodifiableSet(lost);
    }

    /** After {@link #close}: true if the thread ended normally, false if MPI failed or is stuck (then skip {@code MPI.Finalize}). */
    boolean closedCleanly() {
        return !broken && !thread.isAlive();
    }

    /** Sends what is queued (for at most 10 s), then stops the link's thread; MPI is free again afterwards. */
    @Override
    public void close() {
        stopBy = System.nanoTime() + DRAIN_NANOS;
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.NANOSECONDS.toMillis(DRAIN_NANOS) + 2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long idleWait = MIN_IDLE_WAIT_NANOS;
        try {
            while (true) {
                long now = System.nanoTime();
                roundAt = now;
                boolean busy = sendQueued(now);
                busy |= receiveArrived(now);
                busy |= completeSends();
                if (watching && !stopping) {
                    checkPeers(now);
                }
                if (stopping && ((outbox.isEmpty() && inFlight.isEmpty()) || now - stopBy > 0)) {
                    return;
                }
                if (busy) {
                    idleWait = MIN_IDLE_WAIT_NANOS;
                } else {
                    activity = "waiting";
                    LockSupport.parkNanos(this, idleWait); // send() unparks: no latency for outgoing messages
                    idleWait = Math.min(idleWait * 2, MAX_IDLE_WAIT_NANOS);
                }
            }
        } catch (Throwable t) { // NOPMD: whatever stops this thread must reach the rank's main thread
            broken = true;
            events.add(new Broken(t.getMessage() == null ? t.toString() : t.getMessage()));
        }
    }

    private boolean sendQueued(long now) {
        if (outbox.isEmpty()) {
            return false;
        }
        Map<Integer, List<Message>> batches = new LinkedHashMap<>();
        Outgoing o;
        for (int n = 0; n < MAX_ITEMS_PER_ROUND && (o = outbox.poll()) != null; n++) {
            if (lost.contains(o.to())) {
                continue;
            }
            List<Message> queue = batches.computeIfAbsent(o.to(), k -> new ArrayList<>());
            Message merged = queue.isEmpty() ? null : merge(queue.get(queue.size() - 1), o.message());
            if (merged != null) {
                queue.set(queue.size() - 1, merged);
            } else {
                queue.add(o.message());
            }
        }
        batches.forEach((to, messages) -> messages.forEach(m -> transmit(to, m, now)));
        return true;
    }

    /** Two messages as one frame, or null when they cannot be merged. */
    static Message merge(Message first, Message second) {
        if (first instanceof Message.Orders a && second instanceof Message.Orders b) {
            List<StepOrder> all = new ArrayList<>(a.orders());
            all.addAll(b.orders());
            return new Message.Orders(all);
        }
        if (first instanceof Message.Reports a && second instanceof Message.Reports b) {
            List<StepReport> all = new ArrayList<>(a.reports());
            all.addAll(b.reports());
            return new Message.Reports(all);
        }
        return null;
    }

    private void transmit(int to, Message message, long now) {
        if (lost.contains(to)) {
            return;
        }
        byte[] frame = codec.encode(message);
        activity = "sending to rank " + to;
        try {
            inFlight.add(new InFlight(to, comm.send(to, frame)));
            lastSent[to] = now;
        } catch (BackendException e) {
            markLost(to, unreachable(to, e));
        }
    }

    private boolean receiveArrived(long now) {
        for (int n = 0; n < MAX_ITEMS_PER_ROUND; n++) {
            activity = "receiving";
            RankComm.Frame frame = comm.receive();
            if (frame == null) {
                return n > 0;
            }
            int from = frame.from();
            if (lost.contains(from)) {
                continue; // declared lost: whatever it still says comes too late
            }
            lastHeard[from] = now;
            heard[from] = true;
            Message message = codec.decode(frame.bytes(), from);
            if (message instanceof Message.Hello hello) {
                // Adopt rank 0's limit now, not when the main thread gets to the hello: until then this
                // rank's heartbeats would follow the default limit, possibly too slow for rank 0's.
                lostAfter(hello.lostAfterMillis());
            }
            if (!(message instanceof Message.Heartbeat)) {
                events.add(new Received(from, message));
            }
        }
        return true;
    }

    private boolean completeSends() {
        boolean progressed = false;
        for (Iterator<InFlight> it = inFlight.iterator(); it.hasNext();) {
            InFlight f = it.next();
            if (lost.contains(f.to())) {
                it.remove(); // never touch a dead peer's request again
                continue;
            }
            activity = "completing a send to rank " + f.to();
            try {
                if (f.sending().done()) {
                    it.remove();
                    progressed = true;
                }
            } catch (BackendException e) {
                it.remove();
                markLost(f.to(), unreachable(f.to(), e));
            }
        }
        return progressed;
    }

    private void checkPeers(long now) {
        long limit = lostAfterNanos;
        long heartbeat = Math.min(MAX_HEARTBEAT_NANOS, limit / 5);
        for (int peer : watched) {
            if (lost.contains(peer)) {
                continue;
            }
            long silent = now - (heard[peer] ? lastHeard[peer] : startedAt);
            if (silent > limit) {
                markLost(peer, "rank " + peer + (heard[peer] ? " has been silent for " + seconds(silent) + " (the limit is "
                        + seconds(limit) + ")" : " was not heard from in the " + seconds(silent) + " since the job started")
                        + ": it was killed, hangs, or its host is down");
            } else if (now - lastSent[peer] >= heartbeat) {
                transmit(peer, HEARTBEAT, now);
            }
        }
    }

    private void markLost(int peer, String why) {
        if (lost.add(peer)) {
            events.add(new PeerLost(peer, why));
        }
    }

    /** Under niodev, one rank's death closes every connection of the job: a failed send does not say who died. */
    private String unreachable(int peer, BackendException e) {
        return "rank " + rank + " lost its connection to rank " + peer + " (" + e.getMessage() + "): a rank of the job"
                + " died or was killed (MPJ's niodev device then drops every connection), or the network failed";
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static int[] range(int from, int to) {
        int[] r = new int[Math.max(0, to - from)];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
