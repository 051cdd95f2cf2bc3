package dev.phasor.cluster.mpj;

import dev.phasor.api.BackendException;
import dev.phasor.transport.Report;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
 * <p>Sealing: what goes on the wire and what is let in is the {@link LinkGate}'s. With a secret, a worker's
 * link opens the run with rank 0 before anything else ({@code LinkGate}'s knock and opening); until then messages
 * for that peer wait and no heartbeat goes to it. A frame the gate refuses is dropped and logged; a refusal
 * before the run with the peer is open (the ranks do not share a secret) is reported once as {@link Refused} and
 * the peer is never spoken to again.
 *
 * <p>Batching: reports queued for the same rank while the thread was busy are merged, so a burst costs
 * one frame; {@link #sendSoon} holds reports back for a short while so that those of a batch of short
 * steps travel together. Orders are never merged: each message is one batch, which the receiving rank
 * reports back as a whole.
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

    /** The link with a peer could not be opened: the two ranks do not share a secret; {@code why} names both. */
    record Refused(int rank, String why) implements Event {
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
    /** Refused frames logged one by one; past this, only counted (a flood of forged frames must not flood the log). */
    private static final int MAX_REFUSALS_LOGGED = 20;
    private static final Message HEARTBEAT = new Message.Heartbeat();

    private final RankComm comm;
    private final LinkGate gate;
    private final int rank;
    private final int size;
    private final int[] watched;
    private final ConcurrentLinkedQueue<Outgoing> outbox = new ConcurrentLinkedQueue<>();
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Set<Integer> lost = ConcurrentHashMap.newKeySet();
    private final Thread thread;

    // Touched by the link's thread only.
    private final List<InFlight> inFlight = new ArrayList<>();
    /** Reports held back by {@link #sendSoon}, by rank, and when they must go at the latest. */
    private final List<List<Message>> held = new ArrayList<>();
    /** Messages for a peer the run is not open with yet (with a secret, until its knock or rank 0's opening). */
    private final List<List<Message>> unopened = new ArrayList<>();
    private int refusalsLogged;
    private final long[] heldUntil;
    private int heldRanks;
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
    private volatile long framesOut;
    private volatile long framesIn;
    private volatile long bytesOut;
    private volatile long bytesIn;
    private volatile long refused;

    /** {@code lingerNanos} 0: send at once; else the message may wait that long for others to join it. */
    private record Outgoing(int to, Message message, long lingerNanos) {
    }

    /** {@code last}: a refusal to a peer that is already dropped, followed up all the same so that it leaves. */
    private record InFlight(int to, RankComm.Sending sending, boolean last) {
    }

    private RankLink(RankComm comm, LinkGate gate, String threadName) {
        this.comm = comm;
        this.gate = gate;
        this.rank = comm.rank();
        this.size = comm.size();
        this.watched = rank == 0 ? range(1, size) : new int[] {0};
        this.lastHeard = new long[size];
        this.lastSent = new long[size];
        this.heard = new boolean[size];
        this.heldUntil = new long[size];
        for (int r = 0; r < size; r++) {
            held.add(new ArrayList<>());
            unopened.add(new ArrayList<>());
        }
        Arrays.fill(lastSent, startedAt - TimeUnit.DAYS.toNanos(1)); // nanoTime may be negative
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /** Starts a link in the clear (no secret) over {@code comm}: see {@link #start(RankComm, LinkGate)}. */
    static RankLink start(RankComm comm, MessageCodec codec) {
        return start(comm, LinkGate.clear(comm.rank(), comm.size(), codec));
    }

    /** Starts the link's thread over {@code comm}; from now on only that thread may use {@code comm} and {@code gate}. */
    static RankLink start(RankComm comm, LinkGate gate) {
        RankLink link = new RankLink(comm, gate, "phasor-mpj-link-" + comm.rank());
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
        check(to);
        outbox.add(new Outgoing(to, message, 0));
        LockSupport.unpark(thread);
    }

    /**
     * Queues {@code reports} for rank {@code to}, to go out within {@code lingerNanos}: merged with whatever
     * else is queued for that rank meanwhile, and sent at once with the next message sent normally.
     */
    void sendSoon(int to, Message.Reports reports, long lingerNanos) {
        check(to);
        if (lingerNanos <= 0) {
            send(to, reports);
            return;
        }
        // No unpark: the link wakes at least every MAX_IDLE_WAIT, well within any linger worth asking for,
        // and a wake-up per report is what holding back saves.
        outbox.add(new Outgoing(to, reports, Math.max(lingerNanos, MAX_IDLE_WAIT_NANOS)));
    }

    private void check(int to) {
        if (to == rank || to < 0 || to >= size) {
            throw new IllegalArgumentException("rank " + rank + " cannot send to rank " + to + " of " + size);
        }
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

    /** Frames and bytes this link sent and received, and its thread's CPU time, for {@code -v}. */
    String stats() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.isThreadCpuTimeSupported() ? threads.getThreadCpuTime(thread.getId()) : -1;
        return String.format(Locale.ROOT, "%d frames out (%d KiB), %d in (%d KiB)%s, link thread cpu %.2f s",
                framesOut, bytesOut / 1024, framesIn, bytesIn / 1024, refused == 0 ? "" : ", " + refused + " refused",
                cpu / 1e9);
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
            for (LinkGate.Outbound o : gate.start()) {
                sendFrame(o.to(), o.frame(), System.nanoTime(), false);
            }
            while (true) {
                long now = System.nanoTime();
                roundAt = now;
                boolean busy = sendQueued(now);
                busy |= receiveArrived(now);
                busy |= completeSends();
                if (watching && !stopping) {
                    checkPeers(now);
                }
                if (stopping && ((outbox.isEmpty() && inFlight.isEmpty() && heldRanks == 0 && !awaitingOpen())
                        || now - stopBy > 0)) {
                    return;
                }
                if (busy) {
                    idleWait = MIN_IDLE_WAIT_NANOS;
                } else {
                    activity = "waiting";
                    long wait = heldRanks == 0 ? idleWait : Math.min(idleWait, nextHeldDeadline() - now);
                    if (wait > 0) {
                        LockSupport.parkNanos(this, wait); // send() unparks: no latency for outgoing messages
                    }
                    idleWait = Math.min(idleWait * 2, MAX_IDLE_WAIT_NANOS);
                }
            }
        } catch (Throwable t) { // NOPMD: whatever stops this thread must reach the rank's main thread
            broken = true;
            events.add(new Broken(t.getMessage() == null ? t.toString() : t.getMessage()));
        }
    }

    /** Sends what is queued and what was held back past its deadline; true if anything went out. */
    private boolean sendQueued(long now) {
        if (outbox.isEmpty() && (heldRanks == 0 || (!stopping && nextHeldDeadline() - now > 0))) {
            return false;
        }
        Map<Integer, List<Message>> batches = new LinkedHashMap<>();
        Outgoing o;
        for (int n = 0; n < MAX_ITEMS_PER_ROUND && (o = outbox.poll()) != null; n++) {
            int to = o.to();
            if (lost.contains(to)) {
                continue;
            }
            if (o.lingerNanos() > 0) {
                hold(to, o.message(), now + o.lingerNanos());
            } else {
                release(to, batches); // what was held back goes first, in order
                append(batches, to, o.message());
            }
        }
        for (int to = 0; to < size && heldRanks > 0; to++) {
            if (!held.get(to).isEmpty() && (stopping || lost.contains(to) || heldUntil[to] - now <= 0)) {
                release(to, batches);
            }
        }
        batches.forEach((to, messages) -> messages.forEach(m -> transmit(to, m, now)));
        return !batches.isEmpty();
    }

    private void hold(int to, Message message, long until) {
        List<Message> queue = held.get(to);
        if (queue.isEmpty()) {
            heldRanks++;
            heldUntil[to] = until;
        } else if (until - heldUntil[to] < 0) {
            heldUntil[to] = until;
        }
        appendTo(queue, message);
    }

    private void release(int to, Map<Integer, List<Message>> batches) {
        List<Message> queue = held.get(to);
        if (queue.isEmpty()) {
            return;
        }
        heldRanks--;
        for (Message m : queue) {
            append(batches, to, m);
        }
        queue.clear();
    }

    private long nextHeldDeadline() {
        long next = 0;
        boolean any = false;
        for (int to = 0; to < size; to++) {
            if (!held.get(to).isEmpty() && (!any || heldUntil[to] - next < 0)) {
                next = heldUntil[to];
                any = true;
            }
        }
        return next;
    }

    private static void append(Map<Integer, List<Message>> batches, int to, Message message) {
        appendTo(batches.computeIfAbsent(to, k -> new ArrayList<>()), message);
    }

    private static void appendTo(List<Message> queue, Message message) {
        Message merged = queue.isEmpty() ? null : merge(queue.get(queue.size() - 1), message);
        if (merged != null) {
            queue.set(queue.size() - 1, merged);
        } else {
            queue.add(message);
        }
    }

    /** Two messages as one frame, or null when they cannot be merged (orders never are: a message is a batch). */
    static Message merge(Message first, Message second) {
        if (first instanceof Message.Reports a && second instanceof Message.Reports b) {
            List<Report> all = new ArrayList<>(a.reports());
            all.addAll(b.reports());
            return new Message.Reports(all);
        }
        return null;
    }

    private void transmit(int to, Message message, long now) {
        if (lost.contains(to)) {
            return;
        }
        if (!gate.isOpen(to)) {
            unopened.get(to).add(message);
            return;
        }
        sendFrame(to, gate.encode(to, message), now, false);
    }

    private void sendFrame(int to, byte[] frame, long now, boolean last) {
        activity = "sending to rank " + to;
        try {
            inFlight.add(new InFlight(to, comm.send(to, frame), last));
            lastSent[to] = now;
            framesOut++;
            bytesOut += frame.length;
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
            framesIn++;
            bytesIn += frame.bytes().length;
            LinkGate.Inbound in = gate.admit(from, frame.bytes());
            if (in instanceof LinkGate.Refused r) {
                refuse(from, r, now);
                continue;
            }
            lastHeard[from] = now;
            heard[from] = true;
            if (in instanceof LinkGate.Opened opened) {
                if (opened.reply() != null) {
                    sendFrame(from, opened.reply(), now, false);
                }
                for (Message m : unopened.get(from)) {
                    transmit(from, m, now); // in the order they were sent, after the opening
                }
                unopened.get(from).clear();
                continue;
            }
            Message message = ((LinkGate.Accepted) in).message();
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

    /**
     * A frame the gate refused: logged (the first few), answered with a refusal if the gate says so, and, when the
     * run with the peer could not be opened, the peer is dropped and reported. That one is not logged here: the
     * rank fails with it, which prints it.
     */
    private void refuse(int from, LinkGate.Refused r, long now) {
        refused++;
        if (!r.fatal() && refusalsLogged < MAX_REFUSALS_LOGGED) {
            refusalsLogged++;
            System.err.println("phasor: " + r.why());
            if (refusalsLogged == MAX_REFUSALS_LOGGED) {
                System.err.println("phasor: rank " + rank + " refuses further frames without logging each (-v counts them)");
            }
        }
        if (r.answer() != null) {
            sendFrame(from, r.answer(), now, true);
        }
        if (r.fatal() && lost.add(from)) {
            events.add(new Refused(from, r.why()));
        }
    }

    /** True while messages wait for the run to open with a peer that is not lost. */
    private boolean awaitingOpen() {
        for (int r = 0; r < size; r++) {
            if (!unopened.get(r).isEmpty() && !lost.contains(r)) {
                return true;
            }
        }
        return false;
    }

    private boolean completeSends() {
        boolean progressed = false;
        for (Iterator<InFlight> it = inFlight.iterator(); it.hasNext();) {
            InFlight f = it.next();
            if (lost.contains(f.to()) && !f.last()) {
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
            } else if (now - lastSent[peer] >= heartbeat && gate.isOpen(peer)) {
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
