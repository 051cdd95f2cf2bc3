package dev.phasor.transport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * How a worker runs the orders of one message when the engine sends chains ahead: an order whose step requires
 * a step ordered earlier in the same message <em>follows</em> it, and runs only after that one succeeded here.
 * If it did not, the follower is withdrawn: not run and not reported (the engine withdrew it as well when the
 * failure reached it), and so are the orders that follow the follower. Every other order runs as always.
 * Not thread-safe: one instance per message, or per chain of a message ({@link #chains}).
 */
public final class Followers {

    private final Function<String, List<String>> requiredUpstream;
    /** Steps of this message that ran and failed, or were withdrawn. */
    private final Set<String> notSucceeded = new HashSet<>();

    /** @param requiredUpstream a step's required upstream steps, as the worker's copy of the pipeline has them */
    public Followers(Function<String, List<String>> requiredUpstream) {
        this.requiredUpstream = requiredUpstream;
    }

    /** True if the order is to run now; false if it is withdrawn (then nothing is reported for it). */
    public boolean runs(Order order) {
        for (String up : requiredUpstream.apply(order.step())) {
            if (notSucceeded.contains(up)) {
                notSucceeded.add(order.step());
                return false;
            }
        }
        return true;
    }

    /** The order ran (or was refused): its followers run only if it {@code succeeded}. */
    public void ended(Order order, boolean succeeded) {
        if (!succeeded) {
            notSucceeded.add(order.step());
        }
    }

    /**
     * A message cut into the chains a worker with several threads may run side by side: each follower in the
     * chain of the step it follows, right after it; every other order starts a chain of its own. The order
     * within each chain is the message's.
     */
    public static List<List<Order>> chains(List<Order> message, Function<String, List<String>> requiredUpstream) {
        if (message.size() == 1) {
            return List.of(message);
        }
        Map<String, List<Order>> chainOf = new HashMap<>();
        List<List<Order>> chains = new ArrayList<>();
        for (Order o : message) {
            List<Order> chain = null;
            for (String up : requiredUpstream.apply(o.step())) {
                chain = chainOf.get(up);
                if (chain != null) {
                    break;
                }
            }
            if (chain == null) {
                chain = new ArrayList<>();
                chains.add(chain);
            }
            chain.add(o);
            chainOf.put(o.step(), chain);
        }
        return chains;
    }
}
