package dev.phasor.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Drives an {@link Engine} as a fake transport would: a hand-moved clock, every command recorded, and
 * the invariants checked after every event (the engine's own, and from the outside: a step settles at
 * most once, within its phase's opening and closing, and is placed only once its upstream steps settled as
 * they must).
 */
final class EngineHarness {

    long now;
    final List<Command> commands = new ArrayList<>();
    final Engine engine;
    private final Map<String, StepSpec> specs = new HashMap<>();
    private final Map<String, Outcome> settled = new HashMap<>();
    /** Where each step in flight was placed. */
    final Map<String, String> placedOn = new HashMap<>();
    /** The step each follower placed follows in its message (until withdrawn). */
    private final Map<String, String> leaderOf = new HashMap<>();
    private final Set<String> lostWorkers = new HashSet<>();
    /** Phases as a listener sees them: with barriers, each opens only once the one before closed. */
    private final boolean barriers;
    private final Set<Integer> openPhases = new HashSet<>();
    private final Set<Integer> closedPhases = new HashSet<>();
    /**
     * Phases an expansion added steps to after they closed (layering puts a generated step right after its
     * upstream steps): they open again, whatever barriers say of phases since.
     */
    private final Set<Integer> regrown = new HashSet<>();
    /** Orders placed to follow another in their message. */
    int followersPlaced;
    /** Steps withdrawn so far, in order. */
    final List<String> withdrawn = new ArrayList<>();
    /** What a generator's expansion adds (asked for by {@link Command.Expand}). */
    private final Function<String, List<StepSpec>> expansions;

    EngineHarness(List<StepSpec> steps, Engine.Settings settings, Selection selection) {
        this(steps, settings, selection, g -> List.of());
    }

    EngineHarness(List<StepSpec> steps, Engine.Settings settings, Selection selection,
            Function<String, List<StepSpec>> expansions) {
        steps.forEach(s -> specs.put(s.name(), s));
        this.barriers = settings.release() == Engine.Release.BARRIER;
        this.expansions = expansions;
        this.engine = new Engine(steps, settings, selection, () -> now, this::receive);
    }

    private final List<Command> expandsAsked = new ArrayList<>();

    private void receive(Command c) {
        commands.add(c);
        if (c instanceof Command.Settled s) {
            if (settled.putIfAbsent(s.step(), s.outcome()) != null) {
                throw new AssertionError("step '" + s.step() + "' settled twice");
            }
            if (!openPhases.contains(s.phase())) {
                throw new AssertionError("step '" + s.step() + "' settled outside its phase " + s.phase());
            }
        } else if (c instanceof Command.PhaseOpened o) {
            boolean again = closedPhases.remove(o.phase());
            if (again && !regrown.contains(o.phase())) {
                throw new AssertionError("phase " + o.phase() + " opened again, but no expansion added to it");
            }
            if (barriers && !again && o.phase() > 0 && !closedPhases.contains(o.phase() - 1)) {
                throw new AssertionError("phase " + o.phase() + " opened before phase " + (o.phase() - 1) + " closed");
            }
            if (!openPhases.add(o.phase())) {
                throw new AssertionError("phase " + o.phase() + " opened twice");
            }
        } else if (c instanceof Command.PhaseClosed cl) {
            if (!openPhases.remove(cl.phase()) || !closedPhases.add(cl.phase())) {
                throw new AssertionError("phase " + cl.phase() + " closed but not open");
            }
        } else if (c instanceof Command.Place p) {
            Set<String> inMessage = new HashSet<>();
            for (Order o : p.orders()) {
                StepSpec s = specs.get(o.step());
                for (String up : s.upstream()) {
                    Outcome u = settled.get(up);
                    boolean required = s.requiredUpstream().contains(up);
                    if (required && inMessage.contains(up)) {
                        leaderOf.put(o.step(), up); // a follower, as its worker sees it (transport.Followers)
                        followersPlaced++;
                    } else if (u == null || required && u.state() != StepState.DONE) {
                        throw new AssertionError("step '" + o.step() + "' placed while upstream '" + up + "' is " + u);
                    }
                }
                inMessage.add(o.step());
                if (placedOn.put(o.step(), p.worker()) != null) {
                    throw new AssertionError("step '" + o.step() + "' placed while in flight");
                }
            }
        } else if (c instanceof Command.Withdrawn w) {
            if (!w.worker().equals(placedOn.remove(w.step())) && !lostWorkers.contains(w.worker())) {
                throw new AssertionError("step '" + w.step() + "' withdrawn from " + w.worker() + ", which did not hold it");
            }
            if (leaderOf.remove(w.step()) == null) {
                throw new AssertionError("step '" + w.step() + "' withdrawn, but it follows no step");
            }
            withdrawn.add(w.step());
        } else if (c instanceof Command.Expand e) {
            expandsAsked.add(e);
        }
    }

    /** Applies expansions the engine asked for (outside its call, as a driver does). */
    private void expandAsked() {
        while (!expandsAsked.isEmpty()) {
            Command.Expand e = (Command.Expand) expandsAsked.remove(0);
            List<StepSpec> added = expansions.apply(e.step());
            added.forEach(s -> specs.put(s.name(), s));
            added.stream().map(StepSpec::phase).filter(closedPhases::contains).forEach(regrown::add);
            engine.expanded(e.step(), added);
        }
    }

    void event(Runnable r) {
        r.run();
        expandAsked();
        engine.checkInvariants();
    }

    void start() {
        event(() -> engine.start("test"));
    }

    void join(String worker, int capacity) {
        event(() -> engine.workerJoined(worker, capacity));
    }

    void join(String worker, int slots, int prefetch) {
        event(() -> engine.workerJoined(worker, slots, prefetch));
    }

    /**
     * Steps in flight a worker may report now: a follower only once the step it follows was reported (the
     * transport contract).
     */
    List<String> reportable() {
        return placedOn.keySet().stream().filter(s -> !placedOn.containsKey(leaderOf.getOrDefault(s, ""))).sorted()
                .toList();
    }

    void lose(String worker) {
        lostWorkers.add(worker);
        placedOn.values().removeIf(worker::equals);
        event(() -> engine.workerLost(worker));
    }

    void done(String step) {
        placedOn.remove(step);
        event(() -> engine.stepDone(step));
    }

    void done(String step, long nanos) {
        placedOn.remove(step);
        event(() -> engine.stepDone(step, nanos));
    }

    void fail(String step) {
        placedOn.remove(step);
        event(() -> engine.stepFailed(step));
    }

    void advanceClock(long nanos) {
        now += nanos;
        event(engine::tick);
    }

    Outcome outcome(String step) {
        return settled.get(step);
    }

    int settledCount() {
        return settled.size();
    }

    /** Steps of every Place command so far, in order. */
    List<String> placed() {
        return commands.stream().filter(c -> c instanceof Command.Place).flatMap(c -> ((Command.Place) c).orders()
                .stream()).map(Order::step).toList();
    }

    /** Commands of one type, in order. */
    <T extends Command> List<T> all(Class<T> type) {
        return commands.stream().filter(type::isInstance).map(type::cast).toList();
    }

    boolean finished() {
        return !all(Command.Finish.class).isEmpty();
    }
}
