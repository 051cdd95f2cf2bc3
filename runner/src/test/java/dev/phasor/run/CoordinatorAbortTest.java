package dev.phasor.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.Phasor;
import dev.phasor.api.RunAbortedException;
import dev.phasor.backend.Backend;
import dev.phasor.backend.LocalBackend;
import dev.phasor.backend.RunSession;
import dev.phasor.backend.WorkerSession;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.PipelineSource;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.exec.RunListener;
import dev.phasor.exec.RunReport;
import dev.phasor.testkit.Trio;
import dev.phasor.transport.Event;
import dev.phasor.transport.Order;
import dev.phasor.transport.Report;
import dev.phasor.transport.Transport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry point a Ctrl-C handler calls: the run stops, keeps what finished, and a later run resumes. */
class CoordinatorAbortTest {

    @TempDir
    Path cache;

    private PreparedPipeline prepared;

    /** A coordinator of {@link Trio} whose listener asks for an abort as soon as a step finishes. */
    private Coordinator abortingAfterTheFirstStep() {
        PipelineSource source = new PipelineSource(Trio.class.getName(), List.of());
        PipelineSource.Loaded loaded = source.load(Trio.class.getClassLoader());
        prepared = PreparedPipeline.prepare(loaded.pipeline(), loaded.loader(), cache);
        Coordinator[] coordinator = new Coordinator[1];
        coordinator[0] = new Coordinator(prepared, source, new RunListener() {
            @Override
            public void stepFinished(StepStatus status) {
                coordinator[0].requestAbort("interrupted (Ctrl-C)", 130);
            }
        });
        return coordinator[0];
    }

    @Test
    void anAbortRequestedMidRunStopsItKeepsFinishedResultsAndALaterRunResumes() {
        Coordinator coordinator = abortingAfterTheFirstStep();
        RunAbortedException e;
        try (LocalBackend local = new LocalBackend(1)) {
            e = assertThrows(RunAbortedException.class, () -> coordinator.run(local));
        }
        assertEquals("interrupted (Ctrl-C)", e.getMessage());
        assertEquals(130, e.exitCode());
        assertTrue(prepared.layout().summaryFile().toFile().isFile(), "the summary is written");
        assertFalse(prepared.layout().statusFile("c").toFile().exists(), "no step started after the abort");

        RunReport resumed = Phasor.runner().cache(cache).threads(1).run(Trio.class);
        assertTrue(resumed.executed() < 3, "what finished before the abort is reused");
        assertEquals(1.125, resumed.result("c"));
    }

    /**
     * A busy coordinator takes a and b's reports in one event, which readies c in the same turn as the abort a's
     * report asks for: c must not be sent.
     */
    @Test
    void stepsReadiedInTheTurnAnAbortIsRequestedAreNotSent() {
        Coordinator coordinator = abortingAfterTheFirstStep();
        List<String> sent = new ArrayList<>();
        try (LocalBackend local = new LocalBackend(2)) {
            assertThrows(RunAbortedException.class, () -> coordinator.run(new LateToPoll(local, sent)));
        }
        assertEquals(List.of("a", "b"), sent.stream().sorted().toList(), "c was not sent after the abort");
        assertFalse(prepared.layout().statusFile("c").toFile().exists());
    }

    /** The local backend, with a coordinator that comes to its first report only once both steps are done. */
    private record LateToPoll(LocalBackend local, List<String> sent) implements Backend {
        @Override
        public boolean isCoordinator() {
            return true;
        }

        @Override
        public Transport start(RunSession session) {
            Transport t = local.start(session);
            return new Transport() {
                private boolean late = true;

                @Override
                public int parallelism() {
                    return t.parallelism();
                }

                @Override
                public void send(String worker, List<Order> orders) {
                    orders.forEach(o -> sent.add(o.step()));
                    t.send(worker, orders);
                }

                @Override
                public Event poll(long timeout, TimeUnit unit) throws InterruptedException {
                    Event e = t.poll(timeout, unit);
                    if (e instanceof Event.Reported first && late && first.reports().size() == 1) {
                        late = false;
                        Event more = t.poll(30, TimeUnit.SECONDS); // b's report, taken with a's
                        if (more instanceof Event.Reported second) {
                            List<Report> both = new ArrayList<>(first.reports());
                            both.addAll(second.reports());
                            return new Event.Reported(first.worker(), both);
                        }
                    }
                    return e;
                }

                @Override
                public void abort(String reason, int exitCode) {
                    t.abort(reason, exitCode);
                }

                @Override
                public void finish() {
                    t.finish();
                }
            };
        }

        @Override
        public void serve(WorkerSession session) {
            throw new UnsupportedOperationException("coordinator only");
        }

        @Override
        public void close() {
        }
    }
}
