package dev.phasor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.engine.Engine.Placement;
import dev.phasor.engine.Engine.Release;
import dev.phasor.engine.Engine.Settings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random DAGs (cached steps, ordering-only edges, retries, generators), with chains run ahead or not, driven
 * through random failures, lost and joining workers and clock moves (a follower reported only after the step it
 * follows, as transports do), with the invariants checked after every event: every step
 * settles exactly once, none is placed before its upstream steps settled as required, the engine's
 * counters match its states, and outcomes agree with the upstream ones.
 */
class EngineRandomTest {

    private static final int SEEDS = 300;
    private static final int MAX_EVENTS = 20_000;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"BARRIER/LEAST_BUSY", "EAGER/LEAST_BUSY", "BARRIER/ROUND_ROBIN", "EAGER/ROUND_ROBIN"})
    void everyRandomRunSettlesEachStepOnceInDependencyOrder(String mode) {
        String[] parts = mode.split("/");
        int[] followers = new int[2]; // placed, withdrawn: the runs must exercise chains ahead
        for (int seed = 0; seed < SEEDS; seed++) {
            Random rnd = new Random(seed);
            Settings settings = new Settings(Release.valueOf(parts[0]), Placement.valueOf(parts[1]),
                    1 + rnd.nextInt(6), rnd.nextInt(3), rnd.nextBoolean());
            try {
                EngineHarness h = runOnce(rnd, settings);
                followers[0] += h.followersPlaced;
                followers[1] += h.withdrawn.size();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + " (" + mode + "): " + e.getMessage(), e);
            }
        }
        assertTrue(followers[0] > 0 && followers[1] > 0, "followers placed " + followers[0] + ", withdrawn " + followers[1]);
    }

    private static EngineHarness runOnce(Random rnd, Settings settings) {
        Map<String, StepSpec> all = new HashMap<>();
        List<StepSpec> steps = randomDag(rnd, 2 + rnd.nextInt(30), all);
        EngineHarness h = new EngineHarness(steps, settings, Selection.NONE, g -> {
            List<StepSpec> added = new ArrayList<>();
            for (int k = 0; k < rnd.nextInt(3); k++) {
                List<String> up = rnd.nextBoolean() ? List.of(g) : List.of(g, steps.get(rnd.nextInt(steps.size())).name());
                int phase = 1 + up.stream().mapToInt(u -> all.get(u).phase()).max().orElse(0);
                StepSpec s = StepSpec.of(g + "_" + k, phase, up);
                added.add(s);
                all.put(s.name(), s);
            }
            return added;
        });
        int workers = 0;
        for (int w = 0; w < 1 + rnd.nextInt(3); w++) {
            h.join("w" + workers++, 1 + rnd.nextInt(3), rnd.nextInt(3));
        }
        h.start();
        for (int events = 0; !h.finished(); events++) {
            assertTrue(events < MAX_EVENTS, "no end after " + MAX_EVENTS + " events");
            List<String> flying = h.reportable();
            int roll = rnd.nextInt(100);
            if (h.engine.isStalled()) {
                h.join("w" + workers++, 1 + rnd.nextInt(3), rnd.nextInt(3));
            } else if (!flying.isEmpty() && roll < 75) {
                String step = flying.get(rnd.nextInt(flying.size()));
                if (rnd.nextInt(5) == 0) {
                    h.fail(step);
                } else {
                    h.done(step, rnd.nextBoolean() ? 1_000 : 50_000_000L);
                }
            } else if (!flying.isEmpty() && roll < 80) {
                List<String> holders = new ArrayList<>(new TreeSet<>(h.placedOn.values()));
                h.lose(holders.get(rnd.nextInt(holders.size())));
                if (rnd.nextBoolean()) {
                    h.join("w" + workers++, 1 + rnd.nextInt(3), rnd.nextInt(3));
                }
            } else if (h.engine.nextDue() != Long.MAX_VALUE) {
                h.advanceClock(Math.max(1, h.engine.nextDue() - h.now));
            } else {
                assertTrue(!flying.isEmpty(), "nothing in flight, nothing due, not finished: stuck");
            }
        }
        assertEquals(all.size(), h.settledCount(), "every step settled");
        Map<StepState, Integer> counts = h.engine.counts();
        for (StepState s : Set.of(StepState.PENDING, StepState.READY, StepState.DISPATCHED, StepState.RUNNING)) {
            assertEquals(0, counts.get(s), s + " steps left");
        }
        for (StepSpec s : all.values()) {
            checkAgreesWithUpstream(s, h);
        }
        return h;
    }

    private static void checkAgreesWithUpstream(StepSpec s, EngineHarness h) {
        Outcome o = h.outcome(s.name());
        boolean upstreamBroken = s.requiredUpstream().stream()
                .anyMatch(u -> h.outcome(u) instanceof Outcome.Failed || h.outcome(u) instanceof Outcome.Skipped);
        if (o instanceof Outcome.Skipped) {
            assertTrue(upstreamBroken, s.name() + " skipped with no failed upstream step");
        } else if (!(o instanceof Outcome.Cached)) {
            assertTrue(!upstreamBroken, s.name() + " is " + o + " though an upstream step failed");
        }
    }

    /**
     * {@code n} steps; each waits for the one before (a chain; always, in a line), or for up to three earlier
     * ones (some only for order); phases by longest path.
     */
    private static List<StepSpec> randomDag(Random rnd, int n, Map<String, StepSpec> all) {
        List<StepSpec> steps = new ArrayList<>();
        int links = rnd.nextInt(4) == 0 ? 1 : 3; // one DAG in four is a line: one step per phase, as barriers chain
        for (int i = 0; i < n; i++) {
            List<String> up = new ArrayList<>();
            List<String> required = new ArrayList<>();
            if (i > 0 && rnd.nextInt(links) == 0) { // a link of a chain: what the engine may send ahead
                up.add(steps.get(i - 1).name());
                required.add(steps.get(i - 1).name());
            }
            for (int k = 0; k < rnd.nextInt(4) && i > 0 && up.isEmpty(); k++) {
                String u = steps.get(rnd.nextInt(i)).name();
                if (!up.contains(u)) {
                    up.add(u);
                    if (rnd.nextInt(4) != 0) {
                        required.add(u);
                    }
                }
            }
            int phase = up.stream().mapToInt(u -> all.get(u).phase() + 1).max().orElse(0);
            StepSpec s = new StepSpec("s" + i, phase, up, required, rnd.nextInt(6) == 0, rnd.nextInt(5) == 0,
                    rnd.nextInt(3) == 0 ? rnd.nextInt(3) : 0, rnd.nextInt(1000));
            steps.add(s);
            all.put(s.name(), s);
        }
        return steps;
    }
}
