package dev.phasor.cli;

import dev.phasor.api.CacheAccessException;
import dev.phasor.dashboard.Boards;
import dev.phasor.dashboard.DashboardServer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phasor serve}: the live dashboard of every pipeline under a cache root, until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the dashboard of the pipelines under a cache root: live while a run (any process, any"
            + " backend) writes it, and the history of past runs. Read-only: it never takes the cache's lock.",
            "Stop it with Ctrl-C."})
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--cache", paramLabel = "DIR", defaultValue = "${env:PHASOR_CACHE:-phasor-cache}",
            description = "Cache root (default: $PHASOR_CACHE or ./phasor-cache).")
    Path cache;

    @Option(names = "--port", paramLabel = "P", defaultValue = "" + DashboardOptions.DEFAULT_PORT,
            description = "Port to listen on; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = DashboardOptions.LOOPBACK,
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only). Another address opens"
                    + " the dashboard to the network: requests then need a random token, which the printed address"
                    + " carries.")
    String bind;

    @Override
    public Integer call() throws InterruptedException {
        if (!Files.isDirectory(cache)) {
            throw new CacheAccessException("no cache directory " + cache.toAbsolutePath()
                    + " (give the root a run wrote to with --cache DIR)");
        }
        Boards boards = Boards.following(cache);
        boards.names().forEach(boards::feed); // start reading each pipeline now, not when a page first asks
        DashboardServer server = DashboardOptions.start(boards, bind, port, "--port", spec);
        PrintWriter out = spec.commandLine().getOut();
        out.println("dashboard: " + server.url() + " (pipelines under " + cache.toAbsolutePath().normalize()
                + "; Ctrl-C stops it)");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "phasor-serve-stop"));
        stopped.await();
        return 0;
    }
}
