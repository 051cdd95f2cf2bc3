package dev.phasor.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This machine's host name, the one {@code InetAddress.getLocalHost().getHostName()} gives, found without
 * that call's cold cost: on a fresh JVM the first {@code getLocalHost} takes 65-75 ms here (name service
 * set-up, then a lookup of the name), and a run paid it twice before its first step (the cache lock's holder
 * line, the step statuses). {@code getLocalHost} starts from the kernel's name ({@code gethostname(2)}) and
 * keeps it as the address's name, so on Linux {@code /proc/sys/kernel/hostname} is the same text at the cost
 * of one small read. Elsewhere, or if that file cannot be read, {@code InetAddress} as before.
 */
public final class HostName {

    private static final Path KERNEL = Path.of("/proc/sys/kernel/hostname");
    private static final String NAME = find(KERNEL);

    private HostName() {
    }

    /** The host name, or {@code unknown} if it cannot be found. */
    public static String orElse(String unknown) {
        return NAME != null ? NAME : unknown;
    }

    /** The name in {@code kernelFile} if it holds one, else InetAddress's; null if neither has one. */
    static String find(Path kernelFile) {
        String name = fromKernel(kernelFile);
        return name != null ? name : fromInetAddress();
    }

    /** The first line of {@code file}, stripped; null if the file is missing, unreadable or blank. */
    static String fromKernel(Path file) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
            int eol = text.indexOf('\n');
            String name = eol < 0 ? text : text.substring(0, eol).strip();
            return name.isEmpty() ? null : name;
        } catch (IOException | RuntimeException e) { // no procfs (not Linux), or a sandbox refusing the read
            return null;
        }
    }

    /** The name as {@code InetAddress} finds it; null where it cannot (the name does not resolve). */
    static String fromInetAddress() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return null;
        }
    }
}
