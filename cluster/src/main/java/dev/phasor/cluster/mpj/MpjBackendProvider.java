package dev.phasor.cluster.mpj;

import dev.phasor.backend.Backend;
import dev.phasor.backend.BackendContext;
import dev.phasor.backend.BackendProvider;

/**
 * Provides the {@code mpj} backend: the ranks of an MPJ Express job started with
 * {@code bin/mpjrun.sh -np N CLASS [options]}, rank 0 coordinating. Each rank runs one step at a time
 * (start one rank per core; {@code --threads} does not apply). See docs/mpj.md.
 */
public final class MpjBackendProvider implements BackendProvider {

    @Override
    public String id() {
        return "mpj";
    }

    @Override
    public String description() {
        return "ranks of an MPJ Express job (bin/mpjrun.sh -np N CLASS ...); rank 0 coordinates";
    }

    @Override
    public Object options() {
        return new MpjOptions();
    }

    @Override
    public Backend open(BackendContext context) {
        MpjOptions options = context.options() instanceof MpjOptions o ? o : new MpjOptions();
        // a bad value fails here, on every rank alike, before any message
        options.lostAfterMillis();
        options.prefetch();
        options.batch();
        MpjRuntime runtime = MpjRuntime.current();
        // the link was sealed (or not) before the command line was parsed: it must be the secret the run names
        runtime.secret().confirm(context.secretFile());
        return new MpjBackend(runtime, options, context.verbose());
    }
}
