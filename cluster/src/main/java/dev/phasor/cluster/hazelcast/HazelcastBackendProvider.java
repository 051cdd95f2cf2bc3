package dev.phasor.cluster.hazelcast;

import dev.phasor.backend.Backend;
import dev.phasor.backend.BackendContext;
import dev.phasor.backend.BackendProvider;
import dev.phasor.cluster.secret.SharedSecret;
import java.time.Duration;
import java.util.List;

/**
 * The {@code hazelcast} backend: a coordinator joins a Hazelcast cluster of {@code phasor worker} members
 * and dispatches steps to them.
 */
public final class HazelcastBackendProvider implements BackendProvider {

    @Override
    public String id() {
        return "hazelcast";
    }

    @Override
    public String description() {
        return "worker members of a Hazelcast cluster, started with 'phasor worker'";
    }

    @Override
    public Object options() {
        return new HazelcastOptions();
    }

    @Override
    public List<Object> commands() {
        return List.of(new WorkerCommand());
    }

    @Override
    public Backend open(BackendContext context) {
        HazelcastOptions options = context.options() instanceof HazelcastOptions o ? o : new HazelcastOptions();
        ClusterSettings settings = options.settings(context.verbose()).withSecret(SharedSecret.fromOptionOrEnvironment(
                context.secretFile() == null ? null : context.secretFile().toString(), System.getenv()).orElse(null));
        String exposure = settings.exposure();
        if (exposure != null) {
            options.err().println("phasor: warning: " + exposure);
        }
        return new HazelcastBackend(settings, new HazelcastBackend.RunPolicy(options.minWorkers,
                Duration.ofSeconds(options.workerWaitSeconds), options.resultsOverNetwork), options.err());
    }
}
