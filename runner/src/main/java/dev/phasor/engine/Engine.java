package dev.phasor.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The scheduler of a run, once for every backend: a state machine over the steps ({@link StepState}) that
 * takes events (a step finished or failed, a worker joined or was lost, the pipeline grew, the clock
 * advanced, abort) and answers with {@link Command}s (place orders on a worker, record an outcome, expand,
 * finish). It does no I/O, starts no thread and reads time only from the clock it is given, so a test
 * drives it in microseconds; the driver ({@code run.Coordinator}) carries the commands out. Not
 * thread-safe: one thread calls it.
 *
 * <p>A step is decided once its upstream steps settled (a step with a valid cached result at once): reused
 * if cached and not forced; held by {@code --until}; skipped if a required upstream step failed or was
 * skipped (naming the failed one); held if an upstream step is held; held by {@code --restart-failed};
 * else queued to run, and the {@link Placer} gives it a worker. With {@link Release#BARRIER} a phase's steps
 * are decided only when every earlier phase settled; {@link Release#EAGER} decides each step as soon as it
 * can be. A failed attempt with retries left runs again after its backoff; the steps of a lost worker go
 * back to the queue until they exceed the re-dispatch budget, then fail.
 *
 * <p>Chains run ahead ({@link Settings#ahead()}): while steps are short, a message to a worker also carries
 * the next steps of each chain it starts, in order: step {@code y} follows step {@code x} when {@code y} is
 * {@code x}'s only downstream step, {@code x} is its only unsettled upstream step (a required one), and
 * {@code y} would run once {@code x} is done. The worker runs {@code y} right after {@code x}, where
 * {@code x}'s result was just written, without a round trip to the coordinator. If {@code x} fails, its
 * worker does not run {@code y} and does not report it; the engine withdraws {@code y} too
 * ({@link Command.Withdrawn}) and decides it again once {@code x} settles. {@code y}'s phase opens when
 * {@code x} settles; with barriers {@code x} is the last step of its phase and {@code y} all of the next, so
 * phases still open one after the other.
 */
public final class Engine {

    /** When a step may be decided. */
    public enum Release { BARRIER, EAGER }

    /** How steps are spread over workers ({@link Placer}). */
    public enum Placement { LEAST_BUSY, ROUND_ROBIN }

    /**
     * How the engine schedules.
     *
     * @param release phase barriers or eager
     * @param placement how steps are spread over workers
     * @param batch the most orders one {@link Command.Place} carries while steps are short ({@link Placer})
     * @param redispatchBudget how often a step may lose its worker and still be sent again
     * @param ahead true to send the next steps of a chain with the step they follow (a message of at most
     *     {@code batch} orders, while steps are short)
     */
    public record Settings(Release release, Placement placement, int batch, int redispatchBudget, boolean ahead) {
        /** Chains do not run ahead. */
        public Settings(Release release, Placement placement, int batch, int redispatchBudget) {
            this(release, placement, batch, redispatchBudget, false);
        }

        /** Phase barriers, least-busy placement, one order per message, two re-dispatches, chains not ahead. */
        public static Settings barrier() {
            return new Settings(Release.BARRIER, Placement.LEAST_BUSY, 1, 2, false);
        }

        public Settings withRelease(Release r) {
            return new Settings(r, placement, batch, redispatchBudget, ahead);
        }

        public Settings withPlacement(Placement p, int maxBatch) {
            return new Settings(release, p, maxBatch, redispatchBudget, ahead);
        }

        public Settings withRedispatchBudget(int budget) {
            return new Settings(release, placement, batch, budget, ahead);
        }

        public Settings withAhead(boolean chainsAhead) {
            return new Settings(release, placement, batch, redispatchBudget, chainsAhead);
        }
    }

    private static final Outcome RAN = new Outcome.Ran();
    private static final Outcome CACHED = new Outcome.Cached();

    private final Settings settings;
    private final Placer placer;
    private final Selection selection;
    private final LongSupplier clock;
    private final Consumer<Command> out;

    private final Map<String, Integer> index = new HashMap<>();
    private final List<StepSpec> specs = new ArrayList<>();
    private final List<List<Integer>> downstream = new ArrayList<>();
    private StepState[] state = new StepState[0];
    private Outcome[] outcome = new Outcome[0];
    private boolean[] cached = new boolean[0];
    private int[] waitingOn = new int[0];
    private int[] attempt = new int[0];
    private int[] lost = new int[0];
    private String[] workerOf = new String[0];
    /** The step each step in flight follows in its message (sent ahead of it), else -1. */
    private int[] leader = new int[0];
    /** Each step's number within its phase (round-robin placement). */
    private int[] indexInPhase = new int[0];
    private final Phases phases = new Phases();
    /** Steps that may be decided now, by phase. */
    private final TreeMap<Integer, List<Integer>> decidable = new TreeMap<>();
    /** Decided to run, waiting for a worker with room. */
    private final ArrayDeque<Integer> runnable = new ArrayDeque<>();
    /** Failed attempts waiting for their backoff: {step, due} pairs. */
    private final PriorityQueue<long[]> retries = new PriorityQueue<>(Comparator.comparingLong(r -> r[1]));
    private int barrier;
    /** Generators whose {@link Command.Expand} is not answered yet. */
    private final Set<String> expanding = new java.util.HashSet<>();
    private int inFlight;
    private int settledCount;
    private boolean started;
    private boolean aborted;
    private boolean finished;

    public Engine(List<StepSpec> steps, Settings settings, Selection selection, LongSupplier clock,
            Consumer<Command> out) {
        this.settings = settings;
        this.placer = new Placer(settings.placement(), settings.batch());
        this.selection = selection;
        this.clock = clock;
        this.out = out;
        add(steps);
    }

    /**
     * Decides what can be decided and places what can be placed; {@code pipeline} names the run in errors.
     *
     * @throws IllegalArgumentException if a --rerun or --until pattern matches no step
     */
    public void start(String pipeline) {
        if (started) {
            throw new IllegalStateException("the engine started already");
        }
        started = true;
        selection.admitAll(specs, pipeline);
        for (int i = 0; i < specs.size(); i++) {
            enter(i);
        }
        advance();
    }

    // ---- events ----

    /** A worker runs {@code slots} steps at once and takes no queued batches. */
    public void workerJoined(String worker, int slots) {
        workerJoined(worker, slots, 0);
    }

    /** A worker runs {@code slots} steps at once and holds {@code prefetch} more messages per slot while steps are short. */
    public void workerJoined(String worker, int slots, int prefetch) {
        placer.join(worker, slots, prefetch);
        advance();
    }

    /** How many steps the workers that joined run at once. */
    public int slots() {
        return placer.slots();
    }

    /**
     * A worker is gone: what it held goes back to the queue as its next attempt (a lost worker that was only
     * frozen sees, if it wakes, that its attempt was superseded), or fails once it exhausted the budget.
     */
    public void workerLost(String worker) {
        if (!placer.leave(worker)) {
            return;
        }
        for (int i = 0; i < specs.size(); i++) { // followers first: the step they follow may fail below
            if (state[i].isInFlight() && worker.equals(workerOf[i]) && leader[i] >= 0) {
                inFlight--;
                workerOf[i] = null;
                leader[i] = -1;
                attempt[i]++;
                lost[i]++; // never its own fault: it counts neither as a retry nor against the budget
                moveTo(i, StepState.PENDING);
                out.accept(new Command.Withdrawn(specs.get(i).name(), worker));
            }
        }
        for (int i = 0; i < specs.size(); i++) {
            if (state[i].isInFlight() && worker.equals(workerOf[i])) {
                inFlight--;
                workerOf[i] = null;
                if (++lost[i] > settings.redispatchBudget()) {
                    moveTo(i, StepState.FAILED);
                    settle(i, new Outcome.Failed("its worker was lost " + lost[i] + " times (last: " + worker + ")"));
                } else {
                    moveTo(i, StepState.READY);
                    attempt[i]++;
                    out.accept(new Command.Requeued(specs.get(i).name(), worker));
                    runnable.addFirst(i);
                }
            }
        }
        advance();
    }

    /** The worker holding {@code step} began it. */
    public void stepStarted(String step) {
        int i = indexOf(step);
        if (state[i] == StepState.DISPATCHED) {
            moveTo(i, StepState.RUNNING);
        }
    }

    /** {@code step} ran and succeeded. */
    public void stepDone(String step) {
        stepDone(step, -1);
    }

    /** {@code step} ran and succeeded in {@code nanos} on its worker (negative: not measured). */
    public void stepDone(String step, long nanos) {
        int i = landed(step, nanos);
        moveTo(i, StepState.DONE);
        settle(i, RAN);
        advance();
    }

    /** An attempt of {@code step} failed: tried again after its backoff while retries remain. */
    public void stepFailed(String step) {
        stepFailed(step, -1);
    }

    /** As {@link #stepFailed(String)}, the attempt having taken {@code nanos} (negative: not measured). */
    public void stepFailed(String step, long nanos) {
        int i = landed(step, nanos);
        withdrawFollowers(i);
        StepSpec s = specs.get(i);
        int failures = attempt[i] - lost[i]; // attempts lost with their worker do not use retries
        if (!aborted && failures <= s.retries()) {
            moveTo(i, StepState.READY);
            attempt[i]++;
            long due = clock.getAsLong() + s.delayBefore(failures + 1);
            retries.add(new long[] {i, due});
            out.accept(new Command.RetryLater(s.name(), attempt[i], due));
        } else {
            moveTo(i, StepState.FAILED);
            settle(i, new Outcome.Failed(null));
        }
        advance();
    }

    /** The clock moved: retries now due are queued. */
    public void tick() {
        advance();
    }

    /**
     * Answers {@link Command.Expand}: the steps the expansion added, upstream first (none if it added none).
     * The run cannot finish while an expansion is unanswered.
     */
    public void expanded(String generator, List<StepSpec> added) {
        if (!expanding.remove(generator)) {
            throw new IllegalStateException("no expansion of '" + generator + "' was asked for");
        }
        int first = specs.size();
        add(added);
        for (int i = first; i < specs.size(); i++) {
            selection.admit(specs.get(i));
            enter(i);
        }
        advance();
    }

    /** Stop: nothing more is decided or placed; steps in flight may still report. */
    public void abort(String reason) {
        if (!aborted && !finished) {
            aborted = true;
            finished = true;
            out.accept(new Command.Finish(true, reason));
        }
    }

    // ---- queries ----

    public StepState state(String step) {
        return state[indexOf(step)];
    }

    public int attempt(String step) {
        return attempt[indexOf(step)];
    }

    /** Steps a worker holds. */
    public int inFlight() {
        return inFlight;
    }

    public boolean isFinished() {
        return finished;
    }

    /** When the next retry is due (engine clock), or {@link Long#MAX_VALUE}. */
    public long nextDue() {
        return retries.isEmpty() ? Long.MAX_VALUE : retries.peek()[1];
    }

    /** True if steps wait to run but no worker is left to take them. */
    public boolean isStalled() {
        return !finished && !placer.hasWorkers() && (!runnable.isEmpty() || !retries.isEmpty());
    }

    /** How many steps are in each state. */
    public Map<StepState, Integer> counts() {
        Map<StepState, Integer> counts = new LinkedHashMap<>();
        for (StepState s : StepState.values()) {
            counts.put(s, 0);
        }
        for (int i = 0; i < specs.size(); i++) {
            counts.merge(state[i], 1, Integer::sum);
        }
        return counts;
    }

    /**
     * Checks the engine's own bookkeeping against its step states (for tests after every event).
     *
     * @throws IllegalStateException naming the first mismatch
     */
    public void checkInvariants() {
        int[] unsettled = phases.unsettled();
        int[] open = new int[unsettled.length];
        int flying = 0;
        int settledSteps = 0;
        for (int i = 0; i < specs.size(); i++) {
            StepState st = state[i];
            if (st.isSettled()) {
                settledSteps++;
            } else {
                open[specs.get(i).phase()]++;
            }
            if (st.isInFlight()) {
                flying++;
                requireUpstreamDone(i);
            }
            if (st == StepState.DONE && outcome[i] instanceof Outcome.Ran) {
                requireUpstreamDone(i);
            }
        }
        check(Arrays.equals(open, unsettled), "unsettled per phase " + Arrays.toString(unsettled) + " but states say "
                + Arrays.toString(open));
        check(flying == inFlight, "in flight " + inFlight + " but states say " + flying);
        check(settledSteps == settledCount, "settled " + settledCount + " but states say " + settledSteps);
    }

    private void requireUpstreamDone(int i) {
        if (leader[i] >= 0) {
            int l = leader[i];
            check(state[i].isInFlight() && state[l].isInFlight() && workerOf[l].equals(workerOf[i]),
                    "step '" + specs.get(i).name() + "' (" + state[i] + ") follows '" + specs.get(l).name() + "' ("
                            + state[l] + ") on another worker or out of flight");
        }
        for (String up : specs.get(i).upstream()) {
            if (leader[i] >= 0 && indexOf(up) == leader[i]) {
                continue;
            }
            StepState u = state[indexOf(up)];
            boolean required = specs.get(i).requiredUpstream().contains(up);
            check(required ? u == StepState.DONE : u.isSettled(),
                    "step '" + specs.get(i).name() + "' is " + state[i] + " while upstream '" + up + "' is " + u);
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    // ---- the machine ----

    private void add(List<StepSpec> added) {
        int n = specs.size() + added.size();
        state = Arrays.copyOf(state, n);
        outcome = Arrays.copyOf(outcome, n);
        cached = Arrays.copyOf(cached, n);
        waitingOn = Arrays.copyOf(waitingOn, n);
        attempt = Arrays.copyOf(attempt, n);
        lost = Arrays.copyOf(lost, n);
        workerOf = Arrays.copyOf(workerOf, n);
        leader = Arrays.copyOf(leader, n);
        indexInPhase = Arrays.copyOf(indexInPhase, n);
        phases.ensure(added.stream().mapToInt(StepSpec::phase).max().orElse(-1) + 1);
        for (StepSpec s : added) {
            int i = specs.size();
            if (index.putIfAbsent(s.name(), i) != null) {
                throw new IllegalArgumentException("step '" + s.name() + "' is already in the run");
            }
            specs.add(s);
            downstream.add(new ArrayList<>(0));
            state[i] = StepState.PENDING;
            attempt[i] = 1;
            leader[i] = -1;
            for (String up : s.upstream()) {
                Integer u = index.get(up);
                if (u == null) {
                    throw new IllegalArgumentException("step '" + s.name() + "' waits for unknown step '" + up + "'");
                }
                downstream.get(u).add(i);
            }
            indexInPhase[i] = phases.add(s.phase());
        }
    }

    /** Takes a step in: cached if valid and not forced; decidable once its upstream steps settled (cached: at once). */
    private void enter(int i) {
        StepSpec s = specs.get(i);
        cached[i] = s.hasValidResult() && !selection.isForced(s.name());
        int left = 0;
        for (String up : s.upstream()) {
            if (!state[indexOf(up)].isSettled()) {
                left++;
            }
        }
        waitingOn[i] = left;
        if (left == 0 || cached[i]) {
            makeDecidable(i);
        }
    }

    private void makeDecidable(int i) {
        moveTo(i, StepState.READY);
        decidable.computeIfAbsent(specs.get(i).phase(), k -> new ArrayList<>()).add(i);
    }

    /** Decides, releases due retries and places until nothing changes; then finishes if all settled. */
    private void advance() {
        if (finished || !started) {
            return;
        }
        decideUpTo(barrier());
        while (settings.release() == Release.BARRIER && barrier < phases.count() - 1 && phases.isSettled(barrier)) {
            barrier++;
            decideUpTo(barrier);
        }
        long now = clock.getAsLong();
        while (!retries.isEmpty() && retries.peek()[1] <= now) {
            runnable.addLast((int) retries.poll()[0]);
        }
        place();
        if (settledCount == specs.size() && inFlight == 0 && expanding.isEmpty()) {
            finished = true;
            out.accept(new Command.Finish(false, null));
        }
    }

    private int barrier() {
        return settings.release() == Release.EAGER ? Integer.MAX_VALUE : barrier;
    }

    private void decideUpTo(int last) {
        while (!decidable.isEmpty() && decidable.firstKey() <= last) {
            Map.Entry<Integer, List<Integer>> first = decidable.pollFirstEntry();
            List<Integer> batch = first.getValue();
            batch.sort(null); // declaration order within a phase
            decidePhaseBatch(first.getKey(), batch); // may make steps of later phases decidable
        }
    }

    private void decidePhaseBatch(int phase, List<Integer> batch) {
        Outcome[] verdicts = new Outcome[batch.size()];
        int nCached = 0;
        int nSkipped = 0;
        int nHeld = 0;
        for (int k = 0; k < batch.size(); k++) {
            Outcome v = decide(batch.get(k));
            verdicts[k] = v;
            if (v instanceof Outcome.Cached) {
                nCached++;
            } else if (v instanceof Outcome.Skipped) {
                nSkipped++;
            } else if (v instanceof Outcome.Held) {
                nHeld++;
            }
        }
        if (phases.open(phase, clock.getAsLong())) {
            out.accept(new Command.PhaseOpened(phase, phases.unsettled(phase) - nCached - nSkipped - nHeld, nCached,
                    nSkipped));
        }
        for (int k = 0; k < batch.size(); k++) {
            int i = batch.get(k);
            if (verdicts[k] == null) {
                runnable.addLast(i);
            } else {
                moveTo(i, verdicts[k].state());
                settle(i, verdicts[k]);
            }
        }
    }

    /** The outcome of a decidable step settled without running it, or null if it must run. */
    private Outcome decide(int i) {
        StepSpec s = specs.get(i);
        if (cached[i]) {
            return CACHED;
        }
        String held = selection.heldReason(s.name());
        if (held == null) {
            for (String up : s.requiredUpstream()) { // afterFinished upstream steps only order this one
                int u = indexOf(up);
                if (state[u] == StepState.FAILED || state[u] == StepState.SKIPPED) {
                    String blamed = outcome[u] instanceof Outcome.Skipped sk ? sk.blamed() : up;
                    return new Outcome.Skipped(up.equals(blamed) ? "upstream step '" + up + "' failed"
                            : "upstream step '" + up + "' was skipped because '" + blamed + "' failed", blamed);
                }
            }
            for (String up : s.upstream()) {
                if (state[indexOf(up)] == StepState.HELD) {
                    held = "not run: upstream step '" + up + "' is pending";
                    break;
                }
            }
        }
        if (held == null) {
            held = selection.notRestartedReason(s.name());
        }
        return held == null ? null : new Outcome.Held(held);
    }

    private void place() {
        if (aborted || runnable.isEmpty()) {
            return;
        }
        if (placer.strategy() == Placement.ROUND_ROBIN) {
            placeRoundRobin();
            return;
        }
        int[] size = new int[1];
        String worker;
        while (!runnable.isEmpty() && (worker = placer.nextMessage(runnable.size(), size)) != null) {
            List<Integer> steps = new ArrayList<>(size[0]);
            for (int k = 0; k < size[0] && !runnable.isEmpty(); k++) {
                steps.add(runnable.pollFirst());
            }
            send(worker, steps);
        }
    }

    /** Each step to its worker by its index in its phase; a full worker's steps wait for the next round. */
    private void placeRoundRobin() {
        Map<String, List<Integer>> open = new LinkedHashMap<>();
        int waiting = runnable.size();
        for (int k = 0; k < waiting; k++) {
            int i = runnable.pollFirst();
            String worker = placer.roundRobinTarget(indexInPhase[i]);
            List<Integer> group = open.get(worker);
            if (group == null) {
                if (worker == null || !placer.hasRoom(worker)) {
                    runnable.addLast(i);
                    continue;
                }
                group = new ArrayList<>();
                open.put(worker, group);
            }
            group.add(i);
            if (group.size() == placer.maxBatch()) {
                send(worker, group);
                open.remove(worker);
            }
        }
        open.forEach(this::send);
    }

    private void send(String worker, List<Integer> heads) {
        List<Integer> steps = withFollowers(heads);
        List<Order> orders = new ArrayList<>(steps.size());
        for (int i : steps) {
            moveTo(i, StepState.DISPATCHED);
            workerOf[i] = worker;
            inFlight++;
            orders.add(new Order(specs.get(i).name(), attempt[i], attempt[i] - 1 - lost[i]));
        }
        placer.sent(worker, steps);
        out.accept(new Command.Place(worker, orders));
    }

    /**
     * The message's steps and, while steps are short, the chains that follow them, each right after the step it
     * follows and up to the batch size: a follower's worker runs it where its input was just written, without
     * waiting for the coordinator.
     */
    private List<Integer> withFollowers(List<Integer> heads) {
        int room = placer.maxBatch();
        if (!settings.ahead() || heads.size() >= room || !placer.isBatching()) {
            return heads;
        }
        List<Integer> steps = new ArrayList<>(heads);
        for (int k = 0; k < steps.size() && steps.size() < room; k++) {
            int x = steps.get(k);
            int y = follower(x);
            if (y >= 0) {
                leader[y] = x; // its phase opens when x settles (settle): the listener sees phases in order
                steps.add(y);
            }
        }
        return steps;
    }

    /** The step that may follow {@code x} in its message, or -1: see the class comment. */
    private int follower(int x) {
        StepSpec xs = specs.get(x);
        List<Integer> down = downstream.get(x);
        if (xs.generator() || down.size() != 1) {
            return -1; // a generator's expansion must be applied first; a fan-out is the placer's to spread
        }
        int y = down.get(0);
        StepSpec ys = specs.get(y);
        if (state[y] != StepState.PENDING || waitingOn[y] != 1 || cached[y]
                || !ys.requiredUpstream().contains(xs.name())) {
            return -1;
        }
        if (settings.release() == Release.BARRIER && (phases.unsettled(xs.phase()) != 1
                || ys.phase() != xs.phase() + 1 || phases.size(ys.phase()) != 1 || !expanding.isEmpty())) {
            return -1; // with barriers, x stays the last step of the last open phase (an expansion may add to it)
        }
        for (String up : ys.upstream()) { // the others settled: would decide() hold or skip y for one of them?
            StepState u = state[indexOf(up)];
            boolean broken = u != StepState.DONE && ys.requiredUpstream().contains(up) && !up.equals(xs.name());
            if (u == StepState.HELD || broken) {
                return -1;
            }
        }
        if (selection.heldReason(ys.name()) != null || selection.notRestartedReason(ys.name()) != null) {
            return -1;
        }
        return y;
    }

    /** Opens the phase of a step sent ahead, if no other step opened it. */
    private void openAhead(int d) {
        int phase = specs.get(d).phase();
        if (phases.open(phase, clock.getAsLong())) {
            out.accept(new Command.PhaseOpened(phase, phases.unsettled(phase), 0, 0));
        }
    }

    /** {@code x} failed: the steps sent to follow it are not run by its worker, and wait again. */
    private void withdrawFollowers(int x) {
        for (int i = followerOf(x); i >= 0; i = followerOf(i)) {
            placer.release(i);
            String worker = workerOf[i];
            workerOf[i] = null;
            inFlight--;
            moveTo(i, StepState.PENDING);
            out.accept(new Command.Withdrawn(specs.get(i).name(), worker));
        }
    }

    /** The step in flight that follows {@code x}, or -1; leaves the link cut. */
    private int followerOf(int x) {
        for (int d : downstream.get(x)) {
            if (leader[d] == x) {
                leader[d] = -1;
                return d;
            }
        }
        return -1;
    }

    /** A report for {@code step}: it must be in flight. */
    private int landed(String step, long nanos) {
        int i = indexOf(step);
        if (!state[i].isInFlight()) {
            throw new IllegalStateException("a worker reported step '" + step + "', which is " + state[i]);
        }
        if (leader[i] >= 0) {
            throw new IllegalStateException("a worker reported step '" + step + "' before '"
                    + specs.get(leader[i]).name() + "', which it follows");
        }
        if (state[i] == StepState.DISPATCHED) {
            moveTo(i, StepState.RUNNING);
        }
        placer.release(i);
        if (nanos >= 0) {
            placer.took(nanos);
        }
        workerOf[i] = null;
        inFlight--;
        return i;
    }

    /** Records an outcome, closes the phase if it was the last, readies downstream steps, asks to expand. */
    private void settle(int i, Outcome o) {
        StepSpec s = specs.get(i);
        outcome[i] = o;
        settledCount++;
        out.accept(new Command.Settled(s.name(), s.phase(), o, attempt[i]));
        if (phases.settleOne(s.phase())) {
            out.accept(new Command.PhaseClosed(s.phase(), clock.getAsLong() - phases.openedAt(s.phase())));
        }
        for (int d : downstream.get(i)) {
            if (leader[d] == i) { // a follower of a done step is a plain step in flight, of a phase now open
                leader[d] = -1;
                openAhead(d);
            }
            if (--waitingOn[d] == 0 && state[d] == StepState.PENDING) { // not cached (READY), not sent ahead
                makeDecidable(d);
            }
        }
        if (s.generator() && !aborted) {
            expanding.add(s.name());
            out.accept(new Command.Expand(s.name()));
        }
    }

    private void moveTo(int i, StepState next) {
        if (!state[i].canMoveTo(next)) {
            throw new IllegalStateException("step '" + specs.get(i).name() + "' cannot move from " + state[i]
                    + " to " + next);
        }
        state[i] = next;
    }

    private int indexOf(String step) {
        Integer i = index.get(step);
        if (i == null) {
            throw new IllegalArgumentException("no step '" + step + "' in the run");
        }
        return i;
    }
}
