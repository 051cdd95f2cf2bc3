package dev.phasor.cluster.hazelcast;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hears Hazelcast refuse a join because the two members' cluster names differ, on either side, so that
 * Phasor can say so at once (Hazelcast only logs it, at a level Phasor keeps quiet, and then blacklists the
 * address for good). A joiner hears "Node could not join cluster at node: [h]:p Cause: the target cluster
 * has a different cluster-name"; the member asked hears "Received an invalid join request from [h]:p,
 * cause: members part of different cluster". Hazelcast's messages carry the member's own cluster name as
 * {@code [name]}, which keeps apart several members of one JVM.
 */
final class ClusterNameRefusals implements AutoCloseable {

    /** Where Hazelcast 5 logs the joiner's side ({@code ClusterMismatchOp}). */
    static final String JOINER_LOGGER = "com.hazelcast.cluster";
    /** Where it logs the side that was asked ({@code ClusterJoinManager}). */
    static final String MEMBER_LOGGER = "com.hazelcast.internal.cluster.impl.ClusterJoinManager";

    private static final Pattern REFUSED_US =
            Pattern.compile("could not join cluster at node: \\[([^\\]]+)\\]:(\\d+).*different cluster-name");
    private static final Pattern WE_REFUSED =
            Pattern.compile("invalid join request from \\[([^\\]]+)\\]:(\\d+), cause: members part of different");

    /** Held so their levels and handlers are not lost when the loggers are garbage-collected. */
    private static final Logger JOINER = Logger.getLogger(JOINER_LOGGER);
    private static final Logger MEMBER = Logger.getLogger(MEMBER_LOGGER);

    private final String tag;
    private final Set<String> refusedUs = ConcurrentHashMap.newKeySet();
    /** Said once per address: a member retries its join several times. */
    private final Set<String> weRefused = ConcurrentHashMap.newKeySet();
    private final Consumer<String> onRefusedUs;
    private final Consumer<String> onWeRefused;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            hear(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /**
     * Starts listening for the members of cluster {@code clusterName} in this JVM.
     *
     * @param verbose true if Hazelcast's own logs are shown (-v): these warnings too, then
     * @param onRefusedUs called with {@code host:port} of a member that refused us (another cluster name)
     * @param onWeRefused called with {@code host:port} of a member we refused (it asked with another name)
     */
    ClusterNameRefusals(String clusterName, boolean verbose, Consumer<String> onRefusedUs,
            Consumer<String> onWeRefused) {
        this.tag = "[" + clusterName + "]";
        this.onRefusedUs = onRefusedUs;
        this.onWeRefused = onWeRefused;
        for (Logger logger : new Logger[] {JOINER, MEMBER}) {
            // Phasor keeps com.hazelcast at SEVERE unless verbose; these two loggers must let warnings reach us.
            if (logger.getLevel() == null || logger.getLevel().intValue() > Level.WARNING.intValue()) {
                logger.setLevel(Level.WARNING);
                logger.setUseParentHandlers(verbose);
            }
            logger.addHandler(handler);
        }
    }

    /** The {@code ip:port} ({@link JoinPeers#normalised}) of members that refused us so far. */
    Set<String> refusedUs() {
        return Set.copyOf(refusedUs);
    }

    private void hear(LogRecord r) {
        String message = r.getMessage();
        if (message == null || !message.contains(tag)) {
            return;
        }
        Matcher m = REFUSED_US.matcher(message);
        if (m.find()) {
            String address = JoinPeers.normalised(m.group(1) + ":" + m.group(2));
            if (refusedUs.add(address)) {
                onRefusedUs.accept(address);
            }
            return;
        }
        m = WE_REFUSED.matcher(message);
        if (m.find()) {
            String address = JoinPeers.normalised(m.group(1) + ":" + m.group(2));
            if (weRefused.add(address)) {
                onWeRefused.accept(address);
            }
        }
    }

    @Override
    public void close() {
        JOINER.removeHandler(handler);
        MEMBER.removeHandler(handler);
    }
}
