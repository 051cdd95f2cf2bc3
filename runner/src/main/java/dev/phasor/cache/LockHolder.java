package dev.phasor.cache;

import dev.phasor.internal.HostName;
import dev.phasor.internal.IsoInstant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who holds a cache lock, as its lock file names it: {@code pid 123 on host since 2026-12-01T10:00:00Z
 * (pid namespace 4026531836)}. Tells whether that holder is certainly gone, which only a process on the
 * same host and in the same PID namespace can judge (a PID of another container means nothing here).
 *
 * @param pid the holder's process id
 * @param host the holder's host name
 * @param since when it took the lock
 * @param pidNamespace its PID namespace (the inode of {@code /proc/self/ns/pid}), or null if unknown
 */
record LockHolder(long pid, String host, Instant since, String pidNamespace) {

    private static final Pattern LINE = Pattern.compile(
            "^pid (\\d+) on (\\S+) since (\\S+)(?: \\(pid namespace (\\w+)\\))?");
    private static final String HOST = HostName.orElse("unknown-host");
    private static final String PID_NAMESPACE = readPidNamespace();

    /** The holder line of this process, taking the lock now. */
    static String currentLine() {
        return lineFor(ProcessHandle.current().pid(), HOST, Instant.now());
    }

    /** The line a process {@code pid} of {@code host}, in this PID namespace, writes when it takes a lock. */
    static String lineFor(long pid, String host, Instant since) {
        // IsoInstant: Instant.toString's text without DateTimeFormatter's cold start (milliseconds on a fresh JVM)
        return "pid " + pid + " on " + host + " since " + IsoInstant.format(since)
                + (PID_NAMESPACE != null ? " (pid namespace " + PID_NAMESPACE + ")" : "") + "\n";
    }

    static String thisHost() {
        return HOST;
    }

    /** The holder a lock file's line names, if it is one. */
    static Optional<LockHolder> parse(String line) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LockHolder(Long.parseLong(m.group(1)), m.group(2), Instant.parse(m.group(3)),
                    m.group(4)));
        } catch (NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** True if the holder ran on this host, in this PID namespace: only then can its PID be checked. */
    boolean isLocal() {
        return HOST.equals(host) && PID_NAMESPACE != null && PID_NAMESPACE.equals(pidNamespace);
    }

    /**
     * True if the holder is a process of this host that no longer runs: its PID is free, or taken by a
     * process that started after the lock was taken (the PID was reused).
     */
    boolean isDeadHere() {
        if (!isLocal()) {
            return false;
        }
        if (pid == ProcessHandle.current().pid()) {
            return false; // this JVM: HELD_HERE decides
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive() || isZombie(pid)) {
            return true;
        }
        Optional<Instant> started = process.get().info().startInstant();
        // start times have a clock tick's resolution: a process started within a second of the lock may be it
        return started.isPresent() && started.get().isAfter(since.plusSeconds(1));
    }

    /** A process killed but not yet reaped by its parent still has a PID; it holds no lock any more. */
    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = stat.lastIndexOf(')'); // the command name may hold spaces and parentheses
            return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "pid " + pid + " on " + host + " since " + since;
    }

    /** {@code /proc/self/ns/pid} reads {@code pid:[4026531836]}; null where there is no such file. */
    private static String readPidNamespace() {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            String digits = link.replaceAll("\\D", "");
            return digits.isEmpty() ? null : digits;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }
}
