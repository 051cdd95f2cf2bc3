package dev.phasor.cli;

import dev.phasor.api.Phase;
import dev.phasor.api.StepDefinition;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.SchemaDocument;
import dev.phasor.cache.SchemaFile;
import dev.phasor.exec.ExitCodes;
import dev.phasor.exec.PreparedPipeline;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code phasor plan}: the execution plan, and per step whether it is cached or will run. Writes nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Print the execution plan: phases, and per step whether a valid cached result exists or it"
                + " will run.",
            "Reads the cache, writes nothing. Without CLASS, the plan stored in the cache's pipeline.schema (as the"
                + " last run left it) is shown."})
public final class PlanCommand implements Callable<Integer> {

    @ParentCommand
    PhasorCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOptions pipeline;

    @Option(names = "--pipeline", paramLabel = "NAME",
            description = "Pipeline name when reading a cache that holds several (without CLASS).")
    String pipelineName;

    @Override
    public Integer call() {
        if (pipeline.className == null && root.presetClass == null) {
            return fromCache(CacheReader.open(pipeline.cache, pipelineName));
        }
        PreparedPipeline prepared = pipeline.prepare(pipeline.source(root.pipelineClass(pipeline.className, spec)));
        PrintWriter out = spec.commandLine().getOut();
        SchemaDocument stored = SchemaFile.read(prepared.layout().schemaFile());
        String verdict = stored == null ? "new cache (schema will be written)"
                : stored.digest().equals(prepared.fingerprint()) ? "schema matches: finished steps are reused"
                : "CONFLICT: " + SchemaFile.firstDifference(stored, prepared.schema()) + "; a run would be refused"
                        + (SchemaFile.writtenByAnotherClass(stored, prepared.schema()) ? ""
                                : ", and run --update would reuse the steps marked cached below");
        out.printf("pipeline %s: %d steps in %d phases; cache %s: %s%n", prepared.pipeline().name(),
                prepared.pipeline().plan().stepCount(), prepared.pipeline().plan().phases().size(),
                prepared.layout().dir(), verdict);
        boolean usable = stored != null && stored.digest().equals(prepared.fingerprint());
        // A result is reused when it is valid for the step's current key: after --update as well.
        if (usable && prepared.pipeline().isDynamic()) { // show the steps generated from cached generators too
            java.util.function.Predicate<String> valid = g -> prepared.results().isValid(g, prepared.key(g));
            prepared.expand(valid, valid);
        }
        for (Phase phase : prepared.pipeline().plan()) {
            out.printf("phase %d%n", phase.index());
            for (StepDefinition s : phase.steps()) {
                boolean cached = stored != null && !s.policy().reloads()
                        && prepared.results().isValid(s.name(), prepared.key(s.name()));
                out.printf("  %-8s %s%s%s%n", cached ? "cached" : "run", s.name(),
                        s.upstream().isEmpty() ? "" : " <- " + String.join(", ", s.upstream()),
                        s.params().isEmpty() ? "" : " " + s.params());
            }
        }
        java.util.List<String> pending = prepared.pipeline().generators().stream()
                .filter(g -> !prepared.pipeline().expandedGenerators().contains(g)).toList();
        if (!pending.isEmpty() || !prepared.pipeline().hasFanIns()) {
            out.printf("more steps are generated at run time%s%n",
                    pending.isEmpty() ? " (pattern fan-ins)" : " by " + String.join(", ", pending));
        }
        out.flush();
        return stored == null || usable ? 0 : 3;
    }

    /** The plan as the cache's schema records it (generated steps included): cached if the result is valid. */
    private int fromCache(CacheReader reader) {
        PrintWriter out = spec.commandLine().getOut();
        Map<Integer, List<String>> phases = new TreeMap<>();
        for (String step : reader.steps()) {
            phases.computeIfAbsent(reader.phase(step), k -> new ArrayList<>()).add(step);
        }
        out.printf("pipeline %s: %d steps in %d phases; cache %s: from its pipeline.schema (no CLASS given)%n",
                reader.layout().pipeline(), reader.steps().size(), phases.size(), reader.layout().dir());
        phases.forEach((phase, steps) -> {
            out.printf("phase %d%n", phase);
            for (String step : steps) {
                SchemaDocument.StepEntry e = reader.stepEntry(step);
                List<String> upstream = new ArrayList<>(e.inputs());
                upstream.addAll(e.after());
                upstream.addAll(e.afterFinished() == null ? List.of() : e.afterFinished());
                out.printf("  %-8s %s%s%s%n", reader.hasValidResult(step) ? "cached" : "run", step,
                        upstream.isEmpty() ? "" : " <- " + String.join(", ", upstream),
                        e.params() == null || e.params().isEmpty() ? "" : " " + e.params());
            }
        });
        out.flush();
        return ExitCodes.OK;
    }
}
