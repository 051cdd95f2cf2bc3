package dev.phasor;

import dev.phasor.api.PipelineDefinition;
import dev.phasor.cli.Cli;
import dev.phasor.internal.Warnings;
import dev.phasor.report.RunRecorder;
import dev.phasor.run.Runner;
import java.util.List;

/**
 * Entry points for pipeline authors: run pipelines from code with {@link #runner()}, or give a pipeline
 * class Phasor's whole command line with {@link #main}:
 *
 * <pre>{@code
 * public final class MyPipeline implements PipelineDefinition {
 *     public Pipeline define() { ... }
 *     public static void main(String[] args) { Phasor.exit(Phasor.main(MyPipeline.class, args)); }
 * }
 * }</pre>
 *
 * Then {@code java -cp ... MyPipeline --cache DIR} runs it, and {@code MyPipeline plan|status|result ...}
 * work as {@code phasor plan|status|result} do.
 */
public final class Phasor {

    private Phasor() {
    }

    /** A runner for pipelines built in code: {@code Phasor.runner().cache(dir).run(pipeline)}. */
    public static Runner runner() {
        return new Runner(backend -> new RunRecorder(backend, List.of(), Warnings.writer()));
    }

    /**
     * Runs Phasor's command line for {@code definition}: with no command, or with options first, the
     * command is {@code run}. Returns the exit code (docs/cli.md, "Exit codes") without exiting.
     */
    public static int main(Class<? extends PipelineDefinition> definition, String... args) {
        return Cli.execute(definition.getName(), args);
    }

    /** Exits the JVM with {@code code} (after flushing the console). */
    public static void exit(int code) {
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }
}
