package dev.phasor.backend;

import dev.phasor.transport.Event;
import dev.phasor.transport.Order;
import dev.phasor.transport.Transport;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Dispatcher} that still places steps on its own workers, seen by the engine as one worker of
 * unbounded capacity. Temporary: each cluster backend is being turned into a {@link Transport} of its own.
 */
public final class LegacyDispatcher implements Transport {

    private static final String WORKER = "backend";
    private final Dispatcher dispatcher;
    private boolean joined;

    public LegacyDispatcher(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public int parallelism() {
        return dispatcher.parallelism();
    }

    @Override
    public void cacheListed(Set<String> stepsWithOldFiles) {
        dispatcher.cacheListed(stepsWithOldFiles);
    }

    @Override
    public void send(String worker, List<Order> orders) {
        for (Order o : orders) {
            dispatcher.submit(new StepOrder(o.step(), o.attempt()));
        }
    }

    @Override
    public Event poll(long timeout, TimeUnit unit) throws InterruptedException {
        if (!joined) {
            joined = true;
            return new Event.Joined(WORKER, Integer.MAX_VALUE, 0);
        }
        StepReport report = dispatcher.poll(timeout, unit);
        return report == null ? null : new Event.Reported(WORKER, List.of(report.toReport()));
    }

    @Override
    public void abort(String reason, int exitCode) {
        dispatcher.abort(reason, exitCode);
    }

    @Override
    public void finish() {
        dispatcher.finish();
    }
}
