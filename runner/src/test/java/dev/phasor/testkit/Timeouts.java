package dev.phasor.testkit;

import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.PipelineDefinition;
import dev.phasor.api.StepContext;
import java.time.Duration;

/**
 * A shell step that outlives its timeout: {@code hang} records its shell's PID and a background child's
 * PID in {@code $PHASOR_CACHE_DIR/hang.pids}, then waits 60 s; its timeout is {@code phasor.test.timeoutMs}
 * (default 1500). {@code quick} is independent and done; {@code after_hang} is skipped. {@code retried}
 * fails its first attempt and is done at its second (it returns its attempt number, 2).
 */
public final class Timeouts implements PipelineDefinition {

    @Override
    public Pipeline define() {
        PipelineBuilder p = Pipeline.builder("timeouts");
        var hang = p.shell("hang", "sleep 60 & echo $$ $! > \"$PHASOR_CACHE_DIR/hang.pids\"; wait")
                .timeout(Duration.ofMillis(Long.getLong("phasor.test.timeoutMs", 1500)));
        p.shell("quick", "echo quick");
        p.shell("after_hang", "echo after", hang);
        p.step("retried", () -> {
            int attempt = StepContext.current().attempt();
            if (attempt == 1) {
                throw new IllegalStateException("the first attempt fails");
            }
            return attempt;
        }).retries(2);
        return p.build();
    }
}
