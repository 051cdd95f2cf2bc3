package dev.phasor.cluster.mpj;

import dev.phasor.cli.Cli;
import dev.phasor.exec.ExitCodes;
import java.io.PrintWriter;
import java.util.Set;
import mpi.MPI;
import picocli.CommandLine;

/**
 * What every rank of a Phasor MPJ Express job runs, from {@link MpjMain} (the main class {@code bin/mpjrun.sh}
 * starts). {@code MPI.Init} comes first (it consumes MPJ's own arguments); then the rank runs Phasor's
 * command line for CLASS, with {@code run --backend mpj}; then {@code MPI.Finalize}, a barrier, which
 * every rank reaches on every normal path; then the rank's markers for the launcher ({@link JobMarkers}).
 *
 * <p>Under the multicore device all ranks are threads of one JVM with a class loader each (for MPJ and this
 * package; the rest is shared, see {@link SharedClasses}): this class never calls {@code System.exit} there
 * (it would end every rank) and never lets an exception escape (MPJ answers that with {@code System.exit(0)}
 * for the whole JVM). Under niodev each rank has its own JVM, which ends with the rank's exit code when it
 * is not 0.
 *
 * <p>{@code MPI.Finalize} is skipped only when a rank is known to be gone (it would wait for it for
 * ever) or MPJ itself failed; the launcher then ends the job and reports the missing rank.
 */
final class RankMain {

    /** How long a worker refused by rank 0 waits for rank 0 to stop the others before its JVM ends. */
    private static final long REFUSED_WAIT_MILLIS = 10_000;

    private RankMain() {
    }

    /** @param sharedJvm true under the multicore device (every rank a thread of this JVM) */
    static void run(String[] argv, boolean sharedJvm) {
        String[] rest = MPI.Init(argv);
        RankLink link = null;
        MpjRuntime runtime = null;
        JobMarkers markers = null;
        int code = ExitCodes.INTERNAL;
        boolean finalizeSafe = true;
        try {
            JobArgs job = JobArgs.parse(rest);
            MpjComm comm = new MpjComm();
            markers = new JobMarkers(job.jobDir(), comm.rank());
            markers.pid(); // first: the host marker names this rank in the others' refusals
            RankSecret secret = RankSecret.choose(job.secretFileOption(), System.getProperty(RankSecret.PROPERTY),
                    sharedJvm);
            link = RankLink.start(comm, new LinkGate(comm.rank(), comm.size(), new MessageCodec(), secret.forLink(),
                    new RankNames(job.jobDir(), comm.size())));
            runtime = new MpjRuntime(link, secret);
            MpjRuntime.install(runtime);
            runtime.markers(markers);
            code = runCommand(job, runtime, markers);
        } catch (Throwable t) { // NOPMD: nothing may escape (multicore: MPJ would System.exit(0) every rank)
            System.err.println("phasor: " + (t.getMessage() == null ? t.toString() : t.getMessage()));
            code = ExitCodes.of(t);
        } finally {
            if (link != null) {
                link.close();
                Set<Integer> gone = runtime != null ? runtime.goneRanks() : link.lostPeers();
                finalizeSafe = link.closedCleanly() && gone.isEmpty();
                if (!finalizeSafe) {
                    System.err.println(prefix(link.rank()) + "phasor: MPI.Finalize skipped: " + (gone.isEmpty()
                            ? "MPJ Express failed or is stuck" : "rank(s) " + gone + " are gone and would never reach it"));
                }
            }
            if (finalizeSafe) {
                code = finalizeMpi(code, markers);
            }
            if (markers != null) {
                markers.exit(code);
            }
        }
        if (!sharedJvm && (code != ExitCodes.OK || !finalizeSafe)) {
            if (runtime != null && runtime.wasRefused() && markers != null) {
                // This JVM's end drops every connection of a niodev job: rank 0 first stops the other ranks (it
                // writes its exit marker once its abort has left), so that they end with its message rather than
                // with a lost connection.
                markers.awaitExit(0, REFUSED_WAIT_MILLIS);
            }
            System.out.flush();
            System.err.flush();
            System.exit(code);
        }
    }

    /** Runs the CLI on this rank; returns its exit code. Never throws. */
    private static int runCommand(JobArgs job, MpjRuntime runtime, JobMarkers markers) {
        int rank = runtime.rank();
        RankConsole err = new RankConsole(System.err, rank);
        int code;
        try {
            CommandLine cl = Cli.commandLine(job.pipelineClass());
            Set<String> commands = cl.getSubcommands().keySet();
            if (!job.isRun(commands)) {
                runtime.runEnded(); // plan, status, result, help: rank 0 answers alone, nothing to coordinate
                if (rank != 0) {
                    return ExitCodes.OK;
                }
            }
            cl.setErr(new PrintWriter(err, true));
            code = cl.execute(job.cliArgs(commands));
        } catch (Throwable t) { // NOPMD: the rank must still reach MPI.Finalize and write its markers
            code = ExitCodes.of(t);
            err.println("phasor: " + (t.getMessage() == null ? t.toString() : t.getMessage()));
        }
        err.close();
        String error = err.firstError();
        if (code != ExitCodes.OK && error != null) {
            // Before MPI.Finalize: if another rank never gets there, the launcher already knows why.
            markers.error(error);
        }
        boolean outsideRun = !runtime.hasRunEnded();
        // A worker whose command ended outside the run tells rank 0, and its marker the launcher: not the console.
        err.release(!outsideRun || code == ExitCodes.OK || error == null);
        if (outsideRun) {
            tellOthers(runtime, code, error);
        }
        return code;
    }

    /** This rank's command ended outside the protocol (e.g. it could not build the pipeline): no rank may wait for it. */
    private static void tellOthers(MpjRuntime runtime, int code, String error) {
        if (runtime.rank() == 0) {
            runtime.abortWorkers(error != null ? error : "rank 0 stopped before the run started (exit code " + code + ")",
                    code == ExitCodes.OK ? ExitCodes.BACKEND : code);
        } else {
            runtime.link().send(0, new Message.Left(error != null ? error : "its command ended with exit code " + code,
                    code));
        }
    }

    private static int finalizeMpi(int code, JobMarkers markers) {
        try {
            MPI.Finalize();
            return code;
        } catch (RuntimeException e) { // MPJ's exceptions are unchecked
            String message = "MPI.Finalize failed: " + e;
            System.err.println("phasor: " + message);
            if (markers != null) {
                markers.error(message);
            }
            return Math.max(code, ExitCodes.BACKEND);
        }
    }

    private static String prefix(int rank) {
        return rank == 0 ? "" : "rank " + rank + ": ";
    }
}
