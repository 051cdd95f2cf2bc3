package dev.phasor.cluster.mpj.launch;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** niodev's hosts: a machines file, or the nodes of the Slurm allocation, and which of them are other hosts. */
final class Machines {

    private Machines() {
    }

    /** This machine's kernel host name, as {@code hostname} prints it. */
    static String localHost() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException unknown) {
                return "localhost";
            }
        }
    }

    /** A machines-file entry naming this machine. */
    static boolean isLocal(String host, String localHost) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals(localHost)
                || host.startsWith(localHost + ".");
    }

    /** The host of each line of a machines file (first word), without blank and comment lines. */
    static List<String> hosts(List<String> lines) {
        List<String> hosts = new ArrayList<>();
        for (String line : lines) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                hosts.add(t.split("\\s+")[0]);
            }
        }
        return hosts;
    }

    /** The hosts that are not this machine. */
    static List<String> remote(List<String> hosts, String localHost) {
        return hosts.stream().filter(h -> !isLocal(h, localHost)).toList();
    }

    /**
     * SLURM_JOB_NODELIST expanded by scripts/lib-nodelist.sh (scontrol show hostnames, else its own parser,
     * which prints why a list is malformed).
     */
    static List<String> slurmNodes(Path phasorHome, String nodeList) throws LaunchException {
        Tools.Output o = Tools.run(List.of("bash", "-c", ". \"$1\" && slurm_hostnames \"$2\"", "mpjrun",
                phasorHome.resolve("scripts/lib-nodelist.sh").toString(), nodeList), true, 60);
        List<String> hosts = hosts(o.out().lines().toList());
        if (o.exitCode() != 0 || hosts.isEmpty()) {
            throw LaunchException.usage("cannot read the Slurm node list SLURM_JOB_NODELIST='" + nodeList
                    + "' (give -machinesfile)");
        }
        return hosts;
    }
}
