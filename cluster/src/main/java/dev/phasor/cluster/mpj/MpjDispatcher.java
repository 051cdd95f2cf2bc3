package dev.phasor.cluster.mpj;

import dev.phasor.api.BackendException;
import dev.phasor.api.Phase;
import dev.phasor.api.StepDefinition;
import dev.phasor.backend.Dispatcher;
import dev.phasor.backend.StepOrder;
import dev.phasor.backend.StepReport;
import dev.phasor.exec.PreparedPipeline;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Rank 0's dispatcher: hands orders to ranks as the {@link OrderBook} decides, runs rank 0's share on
 * a local {@link StepRunner}, and turns what arrives into reports. A lost rank, a worker that left or a
 * broken link stops the run with a {@link BackendException} naming the rank (the coordinator then
 * aborts every worker with that message); finished results stay in the cache, so a re-run resumes.
 * Called from the coordinator's thread only.
 */
final class MpjDispatcher implements Dispatcher, AutoCloseable {

    private final MpjRuntime runtime;
    private final RankLink link;
    private final OrderBook book;
    private final StepRunner local;
    private final ArrayDeque<StepReport> ready = new ArrayDeque<>();
    private final boolean verbose;
    private boolean ended;

    MpjDispatcher(MpjRuntime runtime, PreparedPipeline prepared, MpjOptions options, boolean verbose) {
        this.verbose = verbose;
        this.runtime = runtime;
        this.link = runtime.link();
        this.book = options.staticAssignment ? OrderBook.roundRobin(link.size(), indexInPhase(prepared))
                : OrderBook.dynamic(link.size(), options.prefetch, options.batch);
        this.local = new StepRunner(prepared.executor(), "mpj:rank-0",
                (report, endsBatch) -> link.post(new RankLink.Received(0, new Message.Reports(List.of(report)))));
    }

    @Override
    public int parallelism() {
        return link.size();
    }

    @Override
    public void submit(StepOrder order) {
        book.add(order); // handed out by the next poll: the coordinator submits a phase's ready steps, then polls
    }

    @Override
    public StepReport poll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        sendAssigned(); // batches are cut from everything submitted since the last poll
        while (ready.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            RankLink.Event event = link.next(left, TimeUnit.NANOSECONDS);
            if (event != null) {
                handle(event);
            }
        }
        return ready.poll();
    }

    @Override
    public void abort(String reason, int exitCode) {
        if (!ended) {
            ended = true;
            runtime.abortWorkers(reason, exitCode); // first: the workers stop while rank 0 waits for its own step
            local.stopNow();
        }
    }

    @Override
    public void finish() {
        if (!ended) {
            ended = true;
            local.close();
            if (verbose) {
                System.err.println("phasor: mpj rank 0: " + local.stats() + "; " + link.stats());
                System.err.println("phasor: mpj rank 0 " + JvmCosts.describe());
            }
            runtime.finishWorkers();
        }
    }

    @Override
    public void close() {
        local.stopNow();
    }

    private void handle(RankLink.Event event) {
        if (event instanceof RankLink.Received r && r.message() instanceof Message.Reports reports) {
            for (StepReport report : reports.reports()) {
                book.reported(r.from(), report);
                ready.add(report);
            }
            sendAssigned();
        } else if (event instanceof RankLink.Received r && r.message() instanceof Message.Left left) {
            throw new BackendException("rank " + r.from() + " left the run: " + left.reason());
        } else if (event instanceof RankLink.Received r) {
            throw new BackendException("rank " + r.from() + " sent an unexpected "
                    + r.message().getClass().getSimpleName() + " during the run");
        } else if (event instanceof RankLink.PeerLost lost) {
            throw new BackendException(lost.why() + inProgress()
                    + ". The run stops; finished results are kept: run it again to resume");
        } else if (event instanceof RankLink.Broken broken) {
            throw new BackendException("MPJ Express failed on rank 0: " + broken.why());
        }
    }

    /** The steps workers held, which will not report: "; in progress: s1 (rank 1), ...". */
    private String inProgress() {
        List<String> steps = new ArrayList<>();
        for (int rank = 1; rank < link.size(); rank++) {
            for (String step : book.heldBy(rank)) {
                steps.add(step + " (rank " + rank + ")");
            }
        }
        return steps.isEmpty() ? "" : "; in progress on workers: " + String.join(", ", steps);
    }

    private void sendAssigned() {
        book.assign().forEach((rank, batches) -> {
            for (List<StepOrder> batch : batches) {
                if (rank == 0) {
                    local.submit(batch);
                } else {
                    link.send(rank, new Message.Orders(batch));
                }
            }
        });
    }

    private static Map<String, Integer> indexInPhase(PreparedPipeline prepared) {
        Map<String, Integer> index = new HashMap<>();
        for (Phase phase : prepared.pipeline().plan()) {
            int i = 0;
            for (StepDefinition step : phase.steps()) {
                index.put(step.name(), i++);
            }
        }
        return index;
    }
}
