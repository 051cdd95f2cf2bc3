package dev.phasor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.engine.Engine.Placement;
import dev.phasor.engine.Engine.Release;
import dev.phasor.engine.Engine.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The engine driven through a fake transport: what it commands for each event (no disk, no threads). */
class EngineTest {

    private static final long SECOND = 1_000_000_000L;

    /** a, b in phase 0; c after a in phase 1; d after c in phase 2. */
    private static List<StepSpec> chain() {
        return List.of(StepSpec.of("a", 0, List.of()), StepSpec.of("b", 0, List.of()),
                StepSpec.of("c", 1, List.of("a")), StepSpec.of("d", 2, List.of("c")));
    }

    private static EngineHarness started(List<StepSpec> steps, Settings settings, Selection selection) {
        EngineHarness h = new EngineHarness(steps, settings, selection);
        h.join("w1", 10);
        h.start();
        return h;
    }

    @Test
    void barrierPlacesAPhaseOnlyOnceEveryEarlierStepSettled() {
        EngineHarness h = started(chain(), Settings.barrier(), Selection.NONE);
        assertEquals(List.of("a", "b"), h.placed());
        h.done("a");
        assertEquals(List.of("a", "b"), h.placed(), "c waits for b: phase 0 is not over");
        h.done("b");
        assertEquals(List.of("a", "b", "c"), h.placed());
        h.done("c");
        h.done("d");
        assertEquals(new Command.Finish(false, null), h.commands.get(h.commands.size() - 1));
    }

    @Test
    void eagerPlacesAStepAsSoonAsItsOwnUpstreamIsDone() {
        EngineHarness h = started(chain(), Settings.barrier().withRelease(Release.EAGER), Selection.NONE);
        h.done("a");
        assertEquals(List.of("a", "b", "c"), h.placed(), "c goes while b still runs");
    }

    @Test
    void aFailedStepSkipsItsDownstreamNamingItAndSparesItsSiblings() {
        EngineHarness h = started(chain(), Settings.barrier(), Selection.NONE);
        h.fail("a");
        h.done("b");
        assertEquals(new Outcome.Failed(null), h.outcome("a"));
        assertEquals(new Outcome.Skipped("upstream step 'a' failed", "a"), h.outcome("c"));
        assertEquals(new Outcome.Skipped("upstream step 'c' was skipped because 'a' failed", "a"), h.outcome("d"));
        assertEquals(new Outcome.Ran(), h.outcome("b"));
        assertTrue(h.finished());
        assertEquals(List.of("a", "b"), h.placed());
    }

    @Test
    void anOrderingOnlyUpstreamThatFailsDoesNotSkip() {
        StepSpec after = new StepSpec("c", 1, List.of("a"), List.of(), false, false, 0, 0);
        EngineHarness h = started(List.of(StepSpec.of("a", 0, List.of()), after), Settings.barrier(), Selection.NONE);
        h.fail("a");
        assertEquals(List.of("a", "c"), h.placed());
    }

    @Test
    void aCachedStepIsReusedWithoutAWorker() {
        List<StepSpec> steps = List.of(StepSpec.of("a", 0, List.of()).withValidResult(true),
                StepSpec.of("c", 1, List.of("a")));
        EngineHarness h = started(steps, Settings.barrier(), Selection.NONE);
        assertEquals(new Outcome.Cached(), h.outcome("a"));
        assertEquals(List.of("c"), h.placed());
        assertEquals(new Command.PhaseOpened(0, 0, 1, 0), h.all(Command.PhaseOpened.class).get(0));
    }

    @Test
    void rerunForcesTheMatchingCachedStepAndEverythingDownstream() {
        List<StepSpec> steps = List.of(StepSpec.of("a", 0, List.of()).withValidResult(true),
                StepSpec.of("b", 0, List.of()).withValidResult(true),
                StepSpec.of("c", 1, List.of("a")).withValidResult(true));
        EngineHarness h = started(steps, Settings.barrier(), new Selection(List.of("[a]"), List.of(), Set.of(), null));
        assertEquals(new Outcome.Cached(), h.outcome("b"));
        assertEquals(List.of("a"), h.placed());
        h.done("a");
        assertEquals(List.of("a", "c"), h.placed(), "c is downstream of a forced step: its cache is ignored");
    }

    @Test
    void untilHoldsTheMatchingStepAndEverythingDownstream() {
        EngineHarness h = started(chain(), Settings.barrier(), new Selection(List.of(), List.of("c"), Set.of(), null));
        h.done("a");
        h.done("b");
        assertEquals(new Outcome.Held("held by --until c"), h.outcome("c"));
        assertEquals(new Outcome.Held("held by --until c"), h.outcome("d"));
        assertTrue(h.finished());
    }

    @Test
    void restartFailedRunsOnlyWhatTheCacheSaysFailedOrWasSkipped() {
        Selection restart = new Selection(List.of(), List.of(), Set.of(), Set.of("b", "c")::contains);
        List<StepSpec> steps = List.of(StepSpec.of("a", 0, List.of()).withValidResult(true), StepSpec.of("b", 0,
                List.of()), StepSpec.of("c", 1, List.of("a")), StepSpec.of("d", 2, List.of("c")));
        EngineHarness h = started(steps, Settings.barrier(), restart);
        h.done("b");
        h.done("c");
        assertEquals(List.of("b", "c"), h.placed());
        assertEquals(new Outcome.Held("not run: --restart-failed runs only failed and skipped steps"), h.outcome("d"));
    }

    @Test
    void aPatternThatMatchesNoStepIsRefusedByName() {
        EngineHarness h = new EngineHarness(chain(), Settings.barrier(),
                new Selection(List.of(), List.of("zz*"), Set.of(), null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.engine.start("p"));
        assertEquals("--until zz* matches no step of pipeline 'p' (steps: a, b, c, d)", e.getMessage());
    }

    @Test
    void aFailedAttemptIsRetriedAfterItsBackoffOnTheInjectedClock() {
        List<StepSpec> steps = List.of(StepSpec.of("a", 0, List.of()).withRetries(2, SECOND));
        EngineHarness h = started(steps, Settings.barrier(), Selection.NONE);
        h.fail("a");
        assertEquals(new Command.RetryLater("a", 2, SECOND), h.commands.get(h.commands.size() - 1));
        h.advanceClock(SECOND - 1);
        assertEquals(1, h.placed().size(), "not before its backoff");
        h.advanceClock(1);
        assertEquals(new Order("a", 2), h.all(Command.Place.class).get(1).orders().get(0));
        h.fail("a");
        assertEquals(3 * SECOND, h.engine.nextDue(), "the backoff doubles");
        h.advanceClock(2 * SECOND);
        h.fail("a");
        assertEquals(new Outcome.Failed(null), h.outcome("a"));
        assertEquals(3, h.all(Command.Settled.class).get(0).attempt());
    }

    @Test
    void theStepsOfALostWorkerRunAgainOnAnother() {
        EngineHarness h = new EngineHarness(chain(), Settings.barrier(), Selection.NONE);
        h.join("w1", 1);
        h.join("w2", 1);
        h.start();
        String onW1 = h.placedOn.entrySet().stream().filter(e -> e.getValue().equals("w1")).findFirst().get().getKey();
        String other = onW1.equals("a") ? "b" : "a";
        h.lose("w1");
        assertEquals(new Command.Requeued(onW1, "w1"), h.all(Command.Requeued.class).get(0));
        h.done(other);
        assertEquals("w2", h.placedOn.get(onW1));
        assertEquals(2, h.engine.attempt(onW1), "sent again as its next attempt");
        h.done(onW1);
        h.done("c");
        h.done("d");
        assertTrue(h.finished());
    }

    @Test
    void anAttemptLostWithItsWorkerUsesNoRetryNorBackoff() {
        List<StepSpec> steps = List.of(StepSpec.of("a", 0, List.of()).withRetries(1, SECOND));
        EngineHarness h = new EngineHarness(steps, Settings.barrier(), Selection.NONE);
        h.join("w1", 1);
        h.join("w2", 1);
        h.start();
        h.lose(h.placedOn.get("a"));
        assertEquals(new Order("a", 2, 0), h.all(Command.Place.class).get(1).orders().get(0),
                "at once, as attempt 2, no earlier attempt having failed");
        h.fail("a");
        assertEquals(new Command.RetryLater("a", 3, SECOND), h.commands.get(h.commands.size() - 1),
                "its one retry is left, after the first backoff");
        h.advanceClock(SECOND);
        assertEquals(new Order("a", 3, 1), h.all(Command.Place.class).get(2).orders().get(0),
                "attempt 3 is retry 1: one earlier attempt failed");
    }

    @Test
    void aStepThatKeepsLosingItsWorkerFailsPastTheBudget() {
        EngineHarness h = new EngineHarness(List.of(StepSpec.of("a", 0, List.of())),
                Settings.barrier().withRedispatchBudget(1), Selection.NONE);
        h.join("w1", 1);
        h.start();
        h.lose("w1");
        h.join("w2", 1);
        h.lose("w2");
        assertEquals(new Outcome.Failed("its worker was lost 2 times (last: w2)"), h.outcome("a"));
        assertTrue(h.finished());
    }

    @Test
    void withNoWorkerLeftTheEngineSaysItIsStalled() {
        EngineHarness h = started(chain(), Settings.barrier(), Selection.NONE);
        h.lose("w1");
        assertTrue(h.engine.isStalled());
        h.join("w3", 2);
        assertFalse(h.engine.isStalled());
        assertEquals(4, h.placed().size(), "a and b again on w3");
    }

    @Test
    void roundRobinSendsStepIToWorkerIModN() {
        List<StepSpec> steps = List.of(StepSpec.of("s0", 0, List.of()), StepSpec.of("s1", 0, List.of()),
                StepSpec.of("s2", 0, List.of()), StepSpec.of("s3", 0, List.of()));
        EngineHarness h = new EngineHarness(steps, Settings.barrier().withPlacement(Placement.ROUND_ROBIN, 10),
                Selection.NONE);
        h.join("r1", 10);
        h.join("r2", 10);
        h.start();
        assertEquals(List.of(new Command.Place("r1", List.of(new Order("s0", 1), new Order("s2", 1))),
                new Command.Place("r2", List.of(new Order("s1", 1), new Order("s3", 1)))), h.all(Command.Place.class));
    }

    @Test
    void shortStepsTravelInBatchesThatAreAShareOfWhatWaitsAndLongOnesOneByOne() {
        List<StepSpec> steps = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            steps.add(StepSpec.of("s" + i, 0, List.of()));
        }
        EngineHarness h = new EngineHarness(steps, Settings.barrier().withPlacement(Placement.LEAST_BUSY, 3),
                Selection.NONE);
        h.join("w1", 1, 2);
        h.start();
        assertEquals(List.of(1), sizes(h), "nothing measured yet: one order, one slot");
        h.done("s0", 1_000_000); // 1 ms: short
        // 19 wait, room for 3 messages: batches of min(3, 19 / 3) = 3 until the worker holds 3 messages
        assertEquals(List.of(1, 3, 3, 3), sizes(h));
        for (String s : List.of("s1", "s2", "s3")) {
            h.done(s, 50_000_000); // 50 ms: the mean moves past the short-step limit
        }
        assertEquals(List.of(1, 3, 3, 3), sizes(h), "long steps: no new message while the worker holds two");
        for (String s : List.of("s4", "s5", "s6", "s7", "s8", "s9")) {
            h.done(s, 50_000_000);
        }
        assertEquals(List.of(1, 3, 3, 3, 1), sizes(h), "long steps go one at a time");
    }

    private static List<Integer> sizes(EngineHarness h) {
        return h.all(Command.Place.class).stream().map(p -> p.orders().size()).toList();
    }

    @Test
    void leastBusyFillsTheWorkerWithMostRoomAndWaitsWhenAllAreFull() {
        List<StepSpec> steps = List.of(StepSpec.of("s0", 0, List.of()), StepSpec.of("s1", 0, List.of()),
                StepSpec.of("s2", 0, List.of()), StepSpec.of("s3", 0, List.of()));
        EngineHarness h = new EngineHarness(steps, Settings.barrier(), Selection.NONE);
        h.join("small", 1);
        h.join("big", 2);
        h.start();
        assertEquals(3, h.placed().size());
        assertEquals(2, h.placedOn.values().stream().filter("big"::equals).count());
        h.done("s0");
        assertEquals(4, h.placed().size());
    }

    @Test
    void aChainOfDependentStepsStaysOnTheFirstJoinedWorkerWhenAllAreIdle() {
        List<StepSpec> steps = List.of(StepSpec.of("s0", 0, List.of()), StepSpec.of("s1", 1, List.of("s0")),
                StepSpec.of("s2", 2, List.of("s1")), StepSpec.of("s3", 3, List.of("s2")));
        EngineHarness h = new EngineHarness(steps, Settings.barrier(), Selection.NONE);
        h.join("first", 2);
        h.join("second", 2);
        h.start();
        List<String> workers = new ArrayList<>();
        for (StepSpec s : steps) {
            workers.add(h.placedOn.get(s.name()));
            h.done(s.name());
        }
        assertEquals(List.of("first", "first", "first", "first"), workers);
    }

    @Test
    void aSettledGeneratorAsksToExpandAndItsNewStepsRun() {
        List<StepSpec> steps = List.of(StepSpec.of("gen", 0, List.of()).asGenerator());
        EngineHarness h = new EngineHarness(steps, Settings.barrier(), Selection.NONE,
                g -> List.of(StepSpec.of("gen_0", 1, List.of(g)), StepSpec.of("gen_1", 1, List.of(g)),
                        StepSpec.of("fan_in", 2, List.of("gen_0", "gen_1"))));
        h.join("w", 4);
        h.start();
        h.done("gen");
        assertEquals(new Command.Expand("gen"), h.all(Command.Expand.class).get(0));
        assertEquals(List.of("gen", "gen_0", "gen_1"), h.placed());
        h.done("gen_0");
        h.done("gen_1");
        h.done("fan_in");
        assertTrue(h.finished());
        assertEquals(List.of(0, 1, 2), h.all(Command.PhaseClosed.class).stream().map(Command.PhaseClosed::phase).toList());
    }

    @Test
    void afterAnAbortNothingMoreIsPlacedButReportsAreStillTaken() {
        EngineHarness h = started(chain(), Settings.barrier(), Selection.NONE);
        h.event(() -> h.engine.abort("interrupted"));
        h.done("a");
        h.done("b");
        assertEquals(List.of("a", "b"), h.placed());
        assertEquals(List.of(new Command.Finish(true, "interrupted")), h.all(Command.Finish.class));
        assertEquals(0, h.engine.inFlight());
    }

    @Test
    void aReportForAStepNoWorkerHoldsIsRefused() {
        EngineHarness h = started(chain(), Settings.barrier(), Selection.NONE);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> h.engine.stepDone("c"));
        assertEquals("a worker reported step 'c', which is PENDING", e.getMessage());
    }

    @Test
    void theTransitionTableAllowsOnlyTheDocumentedMoves() {
        assertTrue(StepState.PENDING.canMoveTo(StepState.READY));
        assertTrue(StepState.PENDING.canMoveTo(StepState.DISPATCHED), "sent ahead to follow its upstream step");
        assertFalse(StepState.PENDING.canMoveTo(StepState.RUNNING));
        assertFalse(StepState.PENDING.canMoveTo(StepState.DONE));
        assertTrue(StepState.RUNNING.canMoveTo(StepState.READY), "lost worker or retry");
        assertFalse(StepState.READY.canMoveTo(StepState.FAILED), "only a worker's report fails a step");
        for (StepState settled : List.of(StepState.DONE, StepState.FAILED, StepState.SKIPPED, StepState.HELD)) {
            for (StepState any : StepState.values()) {
                assertFalse(settled.canMoveTo(any), settled + " -> " + any);
            }
        }
    }

    @Test
    void phaseEventsCountWhatTheFirstDecisionSaw() {
        List<StepSpec> steps = List.of(StepSpec.of("a", 0, List.of()), StepSpec.of("b", 0, List.of())
                .withValidResult(true), StepSpec.of("c", 1, List.of("a")), StepSpec.of("d", 1, List.of("b")));
        EngineHarness h = started(steps, Settings.barrier(), Selection.NONE);
        h.fail("a");
        assertEquals(List.of(new Command.PhaseOpened(0, 1, 1, 0), new Command.PhaseOpened(1, 1, 0, 1)),
                h.all(Command.PhaseOpened.class));
        assertInstanceOf(Outcome.Skipped.class, h.outcome("c"));
    }

    // ---- chains run ahead ----

    private static final long SHORT = 1_000;
    private static final Settings AHEAD = Settings.barrier().withPlacement(Placement.LEAST_BUSY, 10).withAhead(true);

    /** a, b, c, d, e: each waits for the one before, a phase each. */
    private static List<StepSpec> line(int retriesOfC) {
        return List.of(StepSpec.of("a", 0, List.of()), StepSpec.of("b", 1, List.of("a")),
                StepSpec.of("c", 2, List.of("b")).withRetries(retriesOfC, SECOND), StepSpec.of("d", 3, List.of("c")),
                StepSpec.of("e", 4, List.of("d")));
    }

    private static List<Command.Place> places(EngineHarness h) {
        return h.all(Command.Place.class);
    }

    private static List<String> stepsOf(Command.Place p) {
        return p.orders().stream().map(Order::step).toList();
    }

    @Test
    void whileStepsAreShortAChainTravelsInOneMessageToTheWorkerOfItsFirstStep() {
        EngineHarness h = started(line(0), AHEAD, Selection.NONE);
        assertEquals(List.of("a"), stepsOf(places(h).get(0)), "nothing measured yet: one step");
        h.done("a", SHORT);
        assertEquals(List.of("b", "c", "d", "e"), stepsOf(places(h).get(1)));
        assertEquals(2, h.all(Command.PhaseOpened.class).size(), "a phase sent ahead opens when the step before settles");
        for (String s : List.of("b", "c", "d")) {
            h.done(s, SHORT);
            int next = List.of("a", "b", "c", "d").indexOf(s) + 1;
            assertEquals(new Command.PhaseOpened(next, 1, 0, 0), h.all(Command.PhaseOpened.class).get(next), s);
        }
        h.done("e", SHORT);
        assertEquals(2, places(h).size(), "no round trip between the steps of the chain");
        assertTrue(h.finished());
        assertEquals(new Outcome.Ran(), h.outcome("e"));
    }

    @Test
    void longStepsAndSettingsWithoutAheadSendOneStepAtATime() {
        EngineHarness slow = started(line(0), AHEAD, Selection.NONE);
        slow.done("a", 50_000_000L);
        assertEquals(List.of("b"), stepsOf(places(slow).get(1)));
        EngineHarness off = started(line(0), AHEAD.withAhead(false), Selection.NONE);
        off.done("a", SHORT);
        assertEquals(List.of("b"), stepsOf(places(off).get(1)));
    }

    @Test
    void aFollowerOfAFailedStepIsWithdrawnAndThenSkippedNamingTheFailure() {
        EngineHarness h = started(line(0), AHEAD, Selection.NONE);
        h.done("a", SHORT);
        h.done("b", SHORT);
        h.fail("c");
        assertEquals(List.of("d", "e"), h.withdrawn);
        assertEquals(new Outcome.Skipped("upstream step 'c' failed", "c"), h.outcome("d"));
        assertEquals(new Outcome.Skipped("upstream step 'd' was skipped because 'c' failed", "c"), h.outcome("e"));
        assertTrue(h.finished());
    }

    @Test
    void aFailedAttemptWithRetriesLeftTakesItsFollowersBackAndSendsThemAgainWithTheRetry() {
        EngineHarness h = started(line(1), AHEAD, Selection.NONE);
        h.done("a", SHORT);
        h.done("b", SHORT);
        h.fail("c");
        assertEquals(List.of("d", "e"), h.withdrawn);
        assertEquals(StepState.PENDING, h.engine.state("d"));
        h.advanceClock(SECOND);
        Command.Place again = places(h).get(2);
        assertEquals(List.of(new Order("c", 2), new Order("d", 1), new Order("e", 1)), again.orders(),
                "the withdrawn steps never ran: their attempt stays");
        h.done("c", SHORT);
        h.done("d", SHORT);
        h.done("e", SHORT);
        assertTrue(h.finished());
    }

    @Test
    void theFollowersOfALostWorkerWaitForTheStepTheyFollowAndRunAgainWithItElsewhere() {
        EngineHarness h = started(line(0), AHEAD, Selection.NONE);
        h.done("a", SHORT);
        h.done("b", SHORT); // b was reported; c, d, e are still on w1
        h.join("w2", 10);
        h.lose("w1");
        assertEquals(List.of(new Command.Requeued("c", "w1")), h.all(Command.Requeued.class));
        assertEquals(List.of("d", "e"), h.withdrawn);
        Command.Place again = places(h).get(2);
        assertEquals("w2", again.worker());
        assertEquals(List.of(new Order("c", 2, 0), new Order("d", 2, 0), new Order("e", 2, 0)), again.orders(),
                "a later attempt, so that w1 waking up cannot keep its results; none counts as a failure");
    }

    @Test
    void withBarriersAChainGoesAheadOnlyFromTheLastOpenStepOfItsPhase() {
        List<StepSpec> steps = List.of(StepSpec.of("a", 0, List.of()), StepSpec.of("z", 0, List.of()),
                StepSpec.of("b", 1, List.of("a")), StepSpec.of("w", 1, List.of("z")), StepSpec.of("c", 2, List.of("b")));
        EngineHarness barrier = started(steps, AHEAD, Selection.NONE);
        barrier.done("a", SHORT);
        barrier.done("z", SHORT);
        assertEquals(List.of("b", "w"), barrier.placed().subList(2, 4), "w still runs: c waits for phase 1");
        assertEquals(4, barrier.placed().size());
        barrier.done("w", SHORT);
        barrier.done("b", SHORT);
        assertEquals("c", barrier.placed().get(4));
        EngineHarness eager = started(steps, AHEAD.withRelease(Release.EAGER), Selection.NONE);
        eager.done("a", SHORT);
        assertEquals(List.of("a", "z", "b", "c"), eager.placed(), "eagerly, c follows b at once");
    }

    @Test
    void withBarriersAChainGoesAheadOnlyIntoAPhaseOfItsOwn() {
        List<StepSpec> steps = List.of(StepSpec.of("a", 0, List.of()), StepSpec.of("b", 1, List.of("a")),
                StepSpec.of("y", 1, List.of("a")).withValidResult(true), StepSpec.of("c", 2, List.of("b")),
                StepSpec.of("v", 2, List.of("y")));
        EngineHarness barrier = started(steps, AHEAD, Selection.NONE);
        barrier.done("a", SHORT);
        assertEquals(List.of("b"), stepsOf(places(barrier).get(1)), "v opens phase 2 with c once b settles");
        barrier.done("b", SHORT);
        assertEquals(List.of("a", "b", "c", "v"), barrier.placed());
        EngineHarness eager = started(steps, AHEAD.withRelease(Release.EAGER), Selection.NONE);
        eager.done("a", SHORT);
        assertTrue(places(eager).stream().anyMatch(p -> stepsOf(p).equals(List.of("b", "c"))),
                "eagerly, c follows b at once: " + places(eager));
    }

    @Test
    void noStepGoesAheadThatWouldBeHeldCachedOrSpreadOrFollowAGenerator() {
        EngineHarness until = started(line(0), AHEAD, new Selection(List.of(), List.of("d"), Set.of(), null));
        until.done("a", SHORT);
        assertEquals(List.of("b", "c"), stepsOf(places(until).get(1)), "d is held by --until");
        List<StepSpec> fan = List.of(StepSpec.of("a", 0, List.of()), StepSpec.of("b", 1, List.of("a")),
                StepSpec.of("c", 2, List.of("b")), StepSpec.of("x", 2, List.of("b")));
        EngineHarness spread = started(fan, AHEAD, Selection.NONE);
        spread.done("a", SHORT);
        assertEquals(List.of("b"), stepsOf(places(spread).get(1)), "b's two downstream steps are the placer's");
        List<StepSpec> gen = List.of(StepSpec.of("a", 0, List.of()), StepSpec.of("b", 1, List.of("a")).asGenerator(),
                StepSpec.of("c", 2, List.of("b")));
        EngineHarness generator = started(gen, AHEAD, Selection.NONE);
        generator.done("a", SHORT);
        assertEquals(List.of("b"), stepsOf(places(generator).get(1)), "an expansion comes between b and c");
    }

    @Test
    void aFollowerReportedBeforeTheStepItFollowsIsRefused() {
        EngineHarness h = started(line(0), AHEAD, Selection.NONE);
        h.done("a", SHORT);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> h.engine.stepDone("c"));
        assertEquals("a worker reported step 'c' before 'b', which it follows", e.getMessage());
    }
}
