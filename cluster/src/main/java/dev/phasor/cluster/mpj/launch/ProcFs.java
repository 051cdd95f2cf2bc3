package dev.phasor.cluster.mpj.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What Linux's /proc says about sockets and command lines. Sockets are read, never connected to: an MPJ
 * daemon takes every connection for a job ticket and logs a stack trace for a probe.
 */
final class ProcFs {

    private static final List<Path> TCP_TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    private static final String LISTEN = "0A";
    private static final String ESTABLISHED = "01";

    private ProcFs() {
    }

    /** Some socket listens on TCP {@code port} (any address). */
    static boolean isListening(int port) {
        for (String[] row : tcpRows()) {
            if (row[3].equals(LISTEN) && port(row[1]) == port) {
                return true;
            }
        }
        return false;
    }

    /** Process {@code pid} holds an ESTABLISHED TCP connection to remote port {@code port}. */
    static boolean connectedTo(long pid, int port) {
        Set<String> inodes = socketInodes(pid);
        if (inodes.isEmpty()) {
            return false;
        }
        for (String[] row : tcpRows()) {
            if (row[3].equals(ESTABLISHED) && port(row[2]) == port && inodes.contains(row[9])) {
                return true;
            }
        }
        return false;
    }

    /** The command line of {@code pid} as one string (arguments joined by NUL), or "" when it cannot be read. */
    static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The arguments of {@code pid} (its command line split at NULs), empty when it cannot be read. */
    static List<String> arguments(long pid) {
        String line = commandLine(pid);
        return line.isEmpty() ? List.of() : List.of(line.split("\0"));
    }

    /** {@code pid} runs and is not a zombie (state from /proc/PID/stat, after the command name). */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            String state = stat.substring(stat.lastIndexOf(") ") + 2).split(" ", 2)[0];
            return !state.isEmpty() && !state.equals("Z") && !state.equals("X");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The executable name of {@code pid} (/proc/PID/comm), or "". */
    static String command(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Rows of /proc/net/tcp and tcp6, split on blanks: [sl, local, remote, state, ..., inode at 9]. */
    static List<String[]> tcpRows() {
        List<String[]> rows = new java.util.ArrayList<>();
        for (Path table : TCP_TABLES) {
            try {
                List<String> lines = Files.readAllLines(table, StandardCharsets.US_ASCII);
                for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                    String[] row = line.strip().split("\\s+");
                    if (row.length > 9) {
                        rows.add(row);
                    }
                }
            } catch (IOException e) {
                // no IPv6 table on this kernel
            }
        }
        return rows;
    }

    /** The port of an address as /proc/net/tcp writes it, {@code 0100007F:1F90}. */
    static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1).toUpperCase(Locale.ROOT), 16);
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            return inodes;
        }
        return inodes;
    }
}
