package dev.phasor.cluster.hazelcast;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The join addresses of a member ({@code --join}) seen from outside Hazelcast: which of them accept a TCP
 * connection now, and which of those are not members of the cluster a member is in. That is how Phasor
 * tells "nobody is up yet" from "they are up, but in another cluster than mine".
 */
final class JoinPeers {

    /** A member port on a reachable host answers within this; a silent one is taken as not up. */
    private static final int CONNECT_TIMEOUT_MILLIS = 500;

    private final List<String> join;

    JoinPeers(List<String> join) {
        this.join = List.copyOf(join);
    }

    /** The join addresses accepting a connection now, leaving out {@code self} ("host:port", may be null). */
    List<String> answering(String self) {
        List<String> up = new ArrayList<>();
        for (String entry : join) {
            if (!same(entry, self) && accepts(entry)) {
                up.add(entry);
            }
        }
        return up;
    }

    /** The join addresses that accept a connection but are not members of {@code hz}'s cluster. */
    List<String> answeringOutside(HazelcastInstance hz) {
        Set<String> inside = new HashSet<>();
        for (Member m : hz.getCluster().getMembers()) {
            inside.add(normalised(m.getAddress()));
        }
        List<String> outside = new ArrayList<>();
        for (String entry : answering(null)) {
            if (!inside.contains(normalised(entry))) {
                outside.add(entry);
            }
        }
        return outside;
    }

    /** The members of {@code hz}'s cluster as {@code host:port}, for messages. */
    static List<String> members(HazelcastInstance hz) {
        List<String> names = new ArrayList<>();
        for (Member m : hz.getCluster().getMembers()) {
            names.add(m.getAddress().getHost() + ":" + m.getAddress().getPort()
                    + (m.isLiteMember() ? " (coordinator)" : ""));
        }
        return names;
    }

    static String self(HazelcastInstance hz) {
        Address a = hz.getCluster().getLocalMember().getAddress();
        return a.getHost() + ":" + a.getPort();
    }

    private static boolean accepts(String entry) {
        InetSocketAddress target = socketAddress(entry);
        if (target.isUnresolved()) {
            return false;
        }
        try (Socket s = new Socket()) {
            s.connect(target, CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false; // refused, unreachable or silent: not up (yet)
        }
    }

    private static boolean same(String entry, String self) {
        return self != null && normalised(entry).equals(normalised(self));
    }

    /** {@code ip:port}, so that a host name in --join and the IP Hazelcast reports compare equal. */
    static String normalised(String entry) {
        InetSocketAddress a = socketAddress(entry);
        return (a.isUnresolved() ? a.getHostString() : a.getAddress().getHostAddress()) + ":" + a.getPort();
    }

    private static String normalised(Address address) {
        try {
            return address.getInetAddress().getHostAddress() + ":" + address.getPort();
        } catch (UnknownHostException e) {
            return address.getHost() + ":" + address.getPort();
        }
    }

    private static InetSocketAddress socketAddress(String entry) {
        int colon = entry.lastIndexOf(':');
        return new InetSocketAddress(entry.substring(0, colon), Integer.parseInt(entry.substring(colon + 1)));
    }
}
