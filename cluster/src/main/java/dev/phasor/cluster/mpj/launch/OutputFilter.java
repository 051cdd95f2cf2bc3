package dev.phasor.cluster.mpj.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Relays what the ranks print (MPJ merges their stdout and stderr into its launcher's stdout) to ours, line by
 * line, without MPJ's banners and without the "EXIT@Ping#" line and NoSuchElementException trace the niodev
 * launcher prints when the daemon's keep-alive ping races with its end-of-job message. Bytes pass unchanged
 * (ISO-8859-1 both ways).
 */
final class OutputFilter {

    private static final Pattern BANNER = Pattern.compile("MPJ Express \\([0-9.]+\\) is started in the .*configuration");
    private static final Pattern PROCESS_LINE = Pattern.compile("(Starting|Stopping) [Pp]rocess <[0-9]+> on <[^>]*>?");
    private static final Pattern PING = Pattern.compile("EXIT(@Ping#)+");
    private static final String PING_TRACE = "java.util.NoSuchElementException: No line found";
    private static final String PING_THREAD = "runtime.starter.IOMessagesThread";

    private final PrintStream out;
    private final boolean verbose;
    private final List<String> held = new ArrayList<>();
    private boolean ours;

    OutputFilter(PrintStream out, boolean verbose) {
        this.out = out;
        this.verbose = verbose;
    }

    /** Relays {@code in} until it ends. */
    void relay(InputStream in) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                accept(line);
            }
        }
        end();
    }

    void accept(String line) {
        if (verbose) {
            emit(line);
            return;
        }
        if (!held.isEmpty()) {
            if (line.startsWith("\tat ")) {
                held.add(line);
                ours |= line.contains(PING_THREAD);
                return;
            }
            flushHeld();
        }
        if (BANNER.matcher(line).lookingAt() || PROCESS_LINE.matcher(line).matches() || PING.matcher(line).matches()) {
            return;
        }
        if (line.equals(PING_TRACE)) {
            held.add(line);
            ours = false;
            return;
        }
        emit(line);
    }

    /** The input ended: a held trace that was not the ping race's is printed after all. */
    void end() {
        if (!held.isEmpty()) {
            flushHeld();
        }
        out.flush();
    }

    private void flushHeld() {
        if (!ours) {
            held.forEach(this::emit);
        }
        held.clear();
        ours = false;
    }

    private void emit(String line) {
        out.println(line);
        out.flush();
    }
}
