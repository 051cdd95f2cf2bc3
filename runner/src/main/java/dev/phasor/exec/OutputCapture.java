package dev.phasor.exec;

import dev.phasor.cache.CacheMode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Sends what a Java step prints (System.out and System.err) to the step's log file instead of the
 * console, per thread, so steps running side by side in one JVM keep separate logs. The file is
 * created only when the step prints something. Output of threads a step starts itself is not captured.
 */
final class OutputCapture {

    private static final ThreadLocal<LazyFile> SINK = new ThreadLocal<>();
    private static boolean installed;

    private OutputCapture() {
    }

    /**
     * Starts capturing this thread's output into {@code log} (created with {@code mode}); close the returned handle
     * when the step ends.
     */
    static LazyFile begin(Path log, CacheMode mode) {
        install();
        LazyFile sink = new LazyFile(log, mode);
        SINK.set(sink);
        return sink;
    }

    private static synchronized void install() {
        if (!installed) {
            // Under MPJ multicore each rank has its own copy of this class: the routers chain, each
            // claiming only its own threads' output.
            System.setOut(new Router(System.out));
            System.setErr(new Router(System.err));
            installed = true;
        }
    }

    /** A log file opened on first write. */
    static final class LazyFile extends OutputStream {
        private final Path path;
        private final CacheMode mode;
        private OutputStream out;
        private long bytes;

        LazyFile(Path path, CacheMode mode) {
            this.path = path;
            this.mode = mode;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            open().write(b);
            bytes++;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            open().write(b, off, len);
            bytes += len;
        }

        private OutputStream open() throws IOException {
            if (out == null) {
                out = mode.appendTo(path); // each attempt of a retried step adds to it
            }
            return out;
        }

        /** Appends raw bytes (a shell step's output) to the log. */
        synchronized void append(byte[] data) throws IOException {
            if (data.length > 0) {
                write(data, 0, data.length);
            }
        }

        /** Stops capturing and closes the file; returns the bytes written. */
        @Override
        public synchronized void close() throws IOException {
            if (SINK.get() == this) {
                SINK.remove();
            }
            if (out != null) {
                out.close();
            }
        }

        long bytes() {
            return bytes;
        }
    }

    /** A PrintStream that writes to the current thread's step log if it has one, else to the console. */
    private static final class Router extends PrintStream {
        private final PrintStream console;

        Router(PrintStream console) {
            super(console, true);
            this.console = console;
        }

        @Override
        public void write(int b) {
            LazyFile sink = SINK.get();
            if (sink == null) {
                console.write(b);
                return;
            }
            try {
                sink.write(b);
            } catch (IOException e) {
                setError();
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) {
            LazyFile sink = SINK.get();
            if (sink == null) {
                console.write(buf, off, len);
                return;
            }
            try {
                sink.write(buf, off, len);
            } catch (IOException e) {
                setError();
            }
        }

        @Override
        public void flush() {
            if (SINK.get() == null) {
                console.flush();
            }
        }
    }
}
