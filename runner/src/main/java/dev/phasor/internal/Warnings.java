package dev.phasor.internal;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where the core's warnings go (a summary it cannot write, a lock it broke, steps still running after an
 * abort): the one channel to the terminal outside the CLI, which may replace the sink. Default: standard
 * error, one {@code phasor: } line each.
 */
public final class Warnings {

    private static volatile Consumer<String> sink = Warnings::toStandardError;

    private Warnings() {
    }

    /** Tells the user {@code message} (without the {@code phasor: } prefix). */
    public static void warn(String message) {
        sink.accept(message);
    }

    /** Sends every later warning to {@code to}. */
    public static void sendTo(Consumer<String> to) {
        sink = Objects.requireNonNull(to, "sink");
    }

    /** A writer whose complete lines are warnings, for code that reports through a {@link PrintWriter}. */
    public static PrintWriter writer() {
        return new PrintWriter(new Writer() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(char[] buf, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    if (buf[i] == '\n') {
                        String text = line.toString();
                        line.setLength(0);
                        sink.accept(text.startsWith("phasor: ") ? text.substring("phasor: ".length()) : text);
                    } else {
                        line.append(buf[i]);
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        }, true);
    }

    private static void toStandardError(String message) {
        System.err.println("phasor: " + message);
        System.err.flush();
    }
}
