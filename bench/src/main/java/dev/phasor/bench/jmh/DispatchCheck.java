package dev.phasor.bench.jmh;

import dev.phasor.backend.Dispatcher;
import dev.phasor.backend.StepOrder;
import dev.phasor.backend.StepReport;
import dev.phasor.exec.PreparedPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/** What every dispatch benchmark does with a {@link Dispatcher} of {@link NoOpPipeline}, and checks. */
final class DispatchCheck {

    /** A dispatch that takes longer than this is a hang, not a measurement. */
    private static final long POLL_LIMIT_SECONDS = 30;

    private DispatchCheck() {
    }

    /** Submits step {@code i} and waits for its report, which must say done. */
    static StepReport roundTrip(Dispatcher dispatcher, int i) throws InterruptedException {
        dispatcher.submit(new StepOrder(NoOpPipeline.name(i), 1));
        return awaitDone(dispatcher);
    }

    /** Submits steps {@code 0..n-1} at once, then takes their {@code n} reports. */
    static void inFlight(Dispatcher dispatcher, int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            dispatcher.submit(new StepOrder(NoOpPipeline.name(i), 1));
        }
        for (int i = 0; i < n; i++) {
            awaitDone(dispatcher);
        }
    }

    static StepReport awaitDone(Dispatcher dispatcher) throws InterruptedException {
        StepReport r = dispatcher.poll(POLL_LIMIT_SECONDS, TimeUnit.SECONDS);
        if (r == null) {
            throw new IllegalStateException("no report within " + POLL_LIMIT_SECONDS + " s");
        }
        if (!r.status().isDone()) {
            throw new IllegalStateException("step " + r.status().step() + " did not succeed: " + r.status().state()
                    + " " + r.status().errorMessage());
        }
        return r;
    }

    /** The result files the workers wrote hold each step's value (step i returns i). */
    static void checkResults(PreparedPipeline prepared, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            String step = NoOpPipeline.name(i);
            if (Files.exists(prepared.layout().resultFile(step))) {
                Object v = prepared.results().read(step, prepared.key(step));
                if (!Integer.valueOf(i).equals(v)) {
                    throw new IllegalStateException("step " + step + " left " + v + ", not " + i);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
