package dev.phasor.cluster.mpj;

import dev.phasor.api.BackendException;
import dev.phasor.api.RunAbortedException;
import dev.phasor.backend.WorkerSession;
import dev.phasor.exec.PreparedPipeline;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A worker rank serving one run: answers rank 0's hello, runs the orders it gets on its
 * {@link StepRunner} (which writes results and statuses to the shared cache) and reports each step,
 * until rank 0 finishes or aborts the run, or is lost.
 */
final class MpjWorker {

    /** How long a finished step's report may wait for the rest of its batch. */
    static final long REPORT_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final MpjRuntime runtime;
    private final RankLink link;

    private final boolean verbose;

    MpjWorker(MpjRuntime runtime, boolean verbose) {
        this.runtime = runtime;
        this.link = runtime.link();
        this.verbose = verbose;
    }

    /**
     * Serves until rank 0 ends the run.
     *
     * @throws RunAbortedException with rank 0's message and exit code if it aborted the run
     * @throws BackendException if rank 0 was lost or MPJ failed
     */
    void serve(WorkerSession session) {
        PreparedPipeline prepared = session.prepared();
        // A batch's reports go back together: held by the link until the batch ends, at most REPORT_LINGER
        // (so a long step in a batch delays the reports of those before it by that much at most).
        StepRunner runner = new StepRunner(prepared.executor(), "mpj:rank-" + link.rank(), (report, endsBatch) -> {
            Message.Reports reports = new Message.Reports(report == null ? List.of() : List.of(report.toReport()));
            if (endsBatch) {
                link.send(0, reports);
            } else {
                link.sendSoon(0, reports, REPORT_LINGER_NANOS);
            }
        });
        boolean finished = false;
        try {
            // Not endless: rank 0 ends every run with a finish or an abort, and the link reports it lost
            // when it falls silent.
            while (!finished) {
                RankLink.Event event = link.next(1, TimeUnit.SECONDS);
                finished = event != null && handle(event, prepared, runner);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("rank " + link.rank() + " was interrupted while serving", e);
        } finally {
            if (finished) {
                runner.close();
                if (verbose) {
                    System.err.println("phasor: mpj rank " + link.rank() + ": " + runner.stats() + "; " + link.stats());
                }
            } else {
                runner.stopNow();
            }
        }
    }

    /** Handles one event; true when the run is over for this rank. */
    private boolean handle(RankLink.Event event, PreparedPipeline prepared, StepRunner runner) {
        if (event instanceof RankLink.Received r) {
            if (r.message() instanceof Message.Hello hello) {
                link.send(0, prepared.fingerprint().equals(hello.fingerprint())
                        ? Message.HelloReply.agreeing(prepared.fingerprint())
                        : Message.HelloReply.differing(prepared.fingerprint(), prepared.signature()));
                return false;
            }
            if (r.message() instanceof Message.Orders orders) {
                runner.submit(orders.orders());
                return false;
            }
            if (r.message() instanceof Message.Finish finish) {
                runtime.goneElsewhere(finish.lostRanks());
                runtime.runEnded();
                link.quiet();
                return true;
            }
            if (r.message() instanceof Message.Abort abort) {
                runtime.goneElsewhere(abort.lostRanks());
                runtime.runEnded();
                link.quiet();
                throw new RunAbortedException(abort.reason(), abort.exitCode());
            }
            throw new BackendException("rank " + link.rank() + " got an unexpected "
                    + r.message().getClass().getSimpleName() + " from rank " + r.from());
        }
        if (event instanceof RankLink.PeerLost lost) {
            runtime.runEnded(); // nobody left to tell
            // Under niodev one rank's death drops every connection of the job: rank 0 may be alive and finish the
            // run without this rank, or be the one that died.
            throw new BackendException("rank " + link.rank() + " stops, as it lost rank 0 (the coordinator): " + lost.why()
                    + ". If rank 0 is alive it finishes the run without this rank; if not, finished results are kept:"
                    + " run the pipeline again to resume");
        }
        if (event instanceof RankLink.Refused refused) {
            runtime.refused();
            throw new BackendException(refused.why());
        }
        RankLink.Broken broken = (RankLink.Broken) event;
        throw new BackendException("MPJ Express failed on rank " + link.rank() + ": " + broken.why());
    }
}
