package dev.phasor.bench.jmh;

import dev.phasor.cache.StatusFiles;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.transport.Event;
import dev.phasor.transport.Order;
import dev.phasor.transport.Report;
import dev.phasor.transport.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What every dispatch benchmark does with a {@link Transport} of {@link NoOpPipeline}, and checks: it
 * takes the workers' joins, sends orders to a chosen worker and waits for their reports.
 */
final class DispatchCheck {

    /** A dispatch that takes longer than this is a hang, not a measurement. */
    private static final long POLL_LIMIT_SECONDS = 30;

    private final Transport transport;
    private final List<String> workers = new ArrayList<>();
    private final ArrayDeque<Report> reports = new ArrayDeque<>();

    private DispatchCheck(Transport transport) {
        this.transport = transport;
    }

    /** Takes the joins a freshly started transport announces (every worker it readied). */
    static DispatchCheck over(Transport transport) throws InterruptedException {
        DispatchCheck d = new DispatchCheck(transport);
        d.take(POLL_LIMIT_SECONDS, TimeUnit.SECONDS);
        while (d.take(100, TimeUnit.MILLISECONDS)) {
            // the other workers' joins, queued behind the first
        }
        if (d.workers.isEmpty()) {
            throw new IllegalStateException("no worker joined within " + POLL_LIMIT_SECONDS + " s");
        }
        return d;
    }

    Transport transport() {
        return transport;
    }

    /** The {@code k}th worker that joined (wrapping around). */
    String worker(int k) {
        return workers.get(k % workers.size());
    }

    /** Sends step {@code i} to the first worker and waits for its report, which must say done. */
    Report roundTrip(int i) throws InterruptedException {
        return roundTrip(0, i);
    }

    /** Sends step {@code i} to worker {@code k} and waits for its report, which must say done. */
    Report roundTrip(int k, int i) throws InterruptedException {
        send(k, i);
        return awaitDone();
    }

    void send(int k, int i) {
        transport.send(worker(k), List.of(new Order(NoOpPipeline.name(i), 1)));
    }

    /** Sends steps {@code 0..n-1} at once, one message each, spread over the workers; then takes their {@code n} reports. */
    void inFlight(int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            send(i, i);
        }
        for (int i = 0; i < n; i++) {
            awaitDone();
        }
    }

    Report awaitDone() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(POLL_LIMIT_SECONDS);
        while (reports.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !take(left, TimeUnit.NANOSECONDS) && System.nanoTime() >= deadline) {
                throw new IllegalStateException("no report within " + POLL_LIMIT_SECONDS + " s");
            }
        }
        Report r = reports.poll();
        if (!r.succeeded()) {
            StepStatus st = status(r);
            throw new IllegalStateException("step " + r.step() + " did not succeed: " + st.state().word() + " "
                    + st.errorMessage());
        }
        return r;
    }

    /** A worker in this JVM (MPJ rank 0, local threads) hands over its status object instead of its JSON. */
    static StepStatus status(Report r) {
        if (r.inProcess() instanceof StepStatus s) {
            return s;
        }
        try {
            return StatusFiles.fromJson(r.status());
        } catch (IOException e) {
            throw new IllegalStateException("unreadable status of step " + r.step() + ": " + e, e);
        }
    }

    /** One event; true if there was one. */
    private boolean take(long timeout, TimeUnit unit) throws InterruptedException {
        Event e = transport.poll(timeout, unit);
        if (e instanceof Event.Joined j) {
            workers.add(j.worker());
        } else if (e instanceof Event.Reported r) {
            reports.addAll(r.reports());
        } else if (e instanceof Event.Lost lost) {
            throw new IllegalStateException(lost.why());
        } else if (e instanceof Event.Broken broken) {
            throw new IllegalStateException(broken.why());
        }
        return e != null;
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
