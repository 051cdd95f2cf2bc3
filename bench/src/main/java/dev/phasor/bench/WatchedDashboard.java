package dev.phasor.bench;

import dev.phasor.dashboard.Boards;
import dev.phasor.dashboard.DashboardListener;
import dev.phasor.dashboard.DashboardServer;
import dev.phasor.dashboard.StepBoard;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.exec.RunListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * A run's live dashboard, as {@code run --dashboard} serves it, with a client reading its event stream all along
 * (a page left open): what {@code phasor bench --dashboard on} adds to a run.
 */
final class WatchedDashboard implements AutoCloseable {

    private final StepBoard board;
    private final DashboardServer server;
    private final CompletableFuture<HttpResponse<InputStream>> stream;

    private WatchedDashboard(StepBoard board, DashboardServer server, CompletableFuture<HttpResponse<InputStream>> stream) {
        this.board = board;
        this.server = server;
        this.stream = stream;
    }

    static WatchedDashboard start(PreparedPipeline prepared) {
        StepBoard board = new StepBoard(prepared.layout());
        board.postSchema(prepared.schema());
        try {
            DashboardServer server = DashboardServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    Boards.of(board));
            HttpRequest events = HttpRequest.newBuilder(server.url().resolve("/api/events")).build();
            CompletableFuture<HttpResponse<InputStream>> stream = HttpClient.newHttpClient()
                    .sendAsync(events, HttpResponse.BodyHandlers.ofInputStream());
            stream.thenAcceptAsync(r -> drain(r.body()));
            return new WatchedDashboard(board, server, stream);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the dashboard: " + e.getMessage(), e);
        }
    }

    /** Reads the stream as a browser would, until the server ends it. */
    private static void drain(InputStream events) {
        byte[] buffer = new byte[1 << 16];
        try (events) {
            while (events.read(buffer) >= 0) {
                // each snapshot is read whole and dropped
            }
        } catch (IOException e) {
            // the server closed the stream at the end of the run
        }
    }

    RunListener listener() {
        return new DashboardListener(board);
    }

    @Override
    public void close() {
        server.close();
        stream.cancel(true);
    }
}
