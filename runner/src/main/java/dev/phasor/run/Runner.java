package dev.phasor.run;

import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.backend.Backend;
import dev.phasor.backend.LocalBackend;
import dev.phasor.cache.CacheMode;
import dev.phasor.exec.PipelineSource;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.exec.RunListener;
import dev.phasor.exec.RunOptions;
import dev.phasor.exec.RunReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Runs a pipeline from code. Defaults: the local backend with one thread per core, cache
 * {@code ./phasor-cache}.
 *
 * <pre>{@code
 * RunReport report = Phasor.runner().cache(Path.of("/tmp/cache")).threads(4).run(pipeline);
 * double gamma = report.result(gammaStep);
 * }</pre>
 */
public final class Runner {

    private Path cache = Path.of("phasor-cache");
    private CacheMode cacheMode = CacheMode.UMASK;
    private int threads = Runtime.getRuntime().availableProcessors();
    private Backend backend;
    private RunListener listener = RunListener.NONE;
    private RunOptions options = RunOptions.defaults();
    private boolean record = true;
    private final Function<String, RunListener> recorder;

    /**
     * A runner whose runs are recorded (manifest, HTML report) by the listener {@code recorder} makes for a
     * backend id; {@code dev.phasor.Phasor#runner()} gives the report module's.
     */
    public Runner(Function<String, RunListener> recorder) {
        this.recorder = Objects.requireNonNull(recorder, "recorder");
    }

    /** The cache root; the pipeline's files go to {@code <cache>/<pipeline name>/}. */
    public Runner cache(Path root) {
        this.cache = Objects.requireNonNull(root, "cache");
        return this;
    }

    /** The permissions of what the run creates in the cache ({@code run --cache-mode}); the umask's by default. */
    public Runner cacheMode(CacheMode mode) {
        this.cacheMode = Objects.requireNonNull(mode, "cacheMode");
        return this;
    }

    /** Threads of the local backend. */
    public Runner threads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + n);
        }
        this.threads = n;
        return this;
    }

    /** Another backend (the caller closes it). */
    public Runner backend(Backend b) {
        this.backend = Objects.requireNonNull(b, "backend");
        return this;
    }

    /**
     * Whether the run writes its manifest ({@code runs/}) and HTML report ({@code report.html}); on by default.
     * Benchmarks that time the phase loop alone turn it off.
     */
    public Runner recordRun(boolean on) {
        this.record = on;
        return this;
    }

    /** Hears about progress. */
    public Runner listener(RunListener l) {
        this.listener = Objects.requireNonNull(l, "listener");
        return this;
    }

    /** How the run treats the cache and schedules steps ({@code --eager}, {@code --update}, {@code --rerun}...). */
    public Runner options(RunOptions o) {
        this.options = Objects.requireNonNull(o, "options");
        return this;
    }

    /** Starts each step as soon as its own upstream steps are done (no phase barrier). */
    public Runner eager(boolean on) {
        this.options = options.withEager(on);
        return this;
    }

    /** Runs a pipeline built in this JVM (distributed backends need {@link #run(Class)} instead). */
    public RunReport run(Pipeline pipeline) {
        return run(pipeline, Thread.currentThread().getContextClassLoader(), null);
    }

    /** Builds the pipeline of {@code definition} and runs it; workers in other JVMs rebuild it from the class. */
    public RunReport run(Class<? extends PipelineDefinition> definition) {
        PipelineSource source = new PipelineSource(definition.getName(), List.of());
        PipelineSource.Loaded loaded = source.load(definition.getClassLoader());
        return run(loaded.pipeline(), loaded.loader(), source);
    }

    private RunReport run(Pipeline pipeline, ClassLoader loader, PipelineSource source) {
        PreparedPipeline prepared = PreparedPipeline.prepare(pipeline, loader == null
                ? Runner.class.getClassLoader() : loader, cache, cacheMode);
        if (backend != null) {
            return new Coordinator(prepared, source, recorded(backend.getClass().getSimpleName()), options).run(backend);
        }
        try (LocalBackend local = new LocalBackend(threads)) {
            return new Coordinator(prepared, source, recorded("local"), options).run(local);
        }
    }

    /** The caller's listener plus the recorder of the run's manifest and HTML report. */
    private RunListener recorded(String backendId) {
        if (!record) {
            return listener;
        }
        return RunListener.all(listener, recorder.apply(backendId));
    }
}
