package dev.phasor.cluster.mpj;

import dev.phasor.backend.Backend;
import dev.phasor.backend.RunSession;
import dev.phasor.transport.Transport;
import dev.phasor.backend.WorkerSession;

/**
 * The mpj backend on one rank: rank 0 coordinates (and runs steps too), every other rank serves.
 * SPMD: every rank runs the same {@code phasor run}; the CLI asks {@link #isCoordinator} which part
 * this one plays.
 */
final class MpjBackend implements Backend {

    private final MpjRuntime runtime;
    private final MpjOptions options;
    private final boolean verbose;
    private MpjTransport transport;

    MpjBackend(MpjRuntime runtime, MpjOptions options, boolean verbose) {
        this.runtime = runtime;
        this.options = options;
        this.verbose = verbose;
    }

    @Override
    public boolean isCoordinator() {
        return runtime.rank() == 0;
    }

    @Override
    public Transport start(RunSession session) {
        if (!isCoordinator()) {
            throw new IllegalStateException("start() called on rank " + runtime.rank() + "; only rank 0 coordinates");
        }
        runtime.link().lostAfter(options.lostAfterMillis());
        String sealing = runtime.secret().describe();
        if (verbose && sealing != null) {
            System.err.println("phasor: mpj: " + sealing);
        }
        Handshake.greet(runtime, session.prepared());
        transport = new MpjTransport(runtime, session.prepared(), options, verbose);
        return transport;
    }

    @Override
    public void serve(WorkerSession session) {
        if (isCoordinator()) {
            throw new IllegalStateException("serve() called on rank 0, which coordinates");
        }
        new MpjWorker(runtime, verbose).serve(session);
    }

    @Override
    public void close() {
        if (transport != null) {
            transport.close();
        }
    }
}
