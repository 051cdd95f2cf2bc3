package dev.phasor.support;

import static org.junit.jupiter.api.Assertions.fail;

import dev.phasor.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * {@code phasor run ... --dashboard=0} in this JVM on a thread of its own, so that a test can watch its page
 * while it goes on: the dashboard's address is read from what the run prints.
 */
public final class LiveRun {

    private static final Pattern URL = Pattern.compile("(?m)^dashboard: (http://\\S+)");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private LiveRun() {
    }

    /** Starts {@code phasor args...} (the test puts {@code --dashboard=0} among them). */
    public static LiveRun start(String... args) {
        LiveRun run = new LiveRun();
        Thread t = new Thread(() -> {
            try {
                CommandLine cl = Cli.commandLine(null);
                cl.setOut(new PrintWriter(run.out, true));
                cl.setErr(new PrintWriter(run.err, true));
                run.exit.complete(cl.execute(args));
            } catch (Throwable e) {
                run.exit.completeExceptionally(e);
            }
        }, "live-run");
        t.setDaemon(true);
        t.start();
        return run;
    }

    /** The dashboard's address, once printed; fails after {@code seconds}. */
    public URI url(long seconds) throws InterruptedException {
        return awaitUrl(out::toString, seconds, this::toString);
    }

    /** Waits for a {@code dashboard: URL} line in {@code printed}; fails after {@code seconds}. */
    public static URI awaitUrl(Supplier<String> printed, long seconds, Supplier<String> why) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Matcher m = URL.matcher(printed.get());
            if (m.find()) {
                return URI.create(m.group(1));
            }
            Thread.sleep(50);
        }
        fail("no dashboard address printed within " + seconds + " s\n" + why.get());
        return null;
    }

    /** The run's exit code; fails after {@code seconds}. */
    public int await(long seconds) throws Exception {
        return exit.get(seconds, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "--- out\n" + out + "--- err\n" + err;
    }
}
