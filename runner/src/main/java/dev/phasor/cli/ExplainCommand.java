package dev.phasor.cli;

import dev.phasor.api.CacheAccessException;
import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.SchemaDocument;
import dev.phasor.cache.SchemaFile;
import dev.phasor.cache.StatusFiles;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.ExitCodes;
import dev.phasor.exec.PipelineSource;
import dev.phasor.exec.PreparedPipeline;
import dev.phasor.key.KeyComponents;
import dev.phasor.key.KeyExplainer;
import dev.phasor.serialization.ResultFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code phasor explain}: the components of a step's key, and what changed since the cached result. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Print the components of a step's key as the cache's schema records them (name, kind, code"
                + " identity, version, parameters, environment, upstream keys) and whether its result is valid.",
            "Given the pipeline CLASS, also say which components changed since the cached result (following"
                + " changed upstream keys to their cause)."})
public final class ExplainCommand implements Callable<Integer> {

    @ParentCommand
    PhasorCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STEP", description = "The step's name.")
    String step;

    @Parameters(index = "1", arity = "0..1", paramLabel = "CLASS",
            description = "Pipeline class to compare with (implements dev.phasor.api.PipelineDefinition).")
    String className;

    @Mixin
    CacheOptions where;

    @Option(names = "--classpath", paramLabel = "PATH",
            description = "Extra jars or class directories holding the pipeline (':' or ',' separated).")
    String classpath;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String cls = className != null ? className : root.presetClass;
        PreparedPipeline now = null;
        if (cls != null) {
            PipelineSource source = new PipelineSource(cls, PipelineSource.splitClasspath(classpath));
            PipelineSource.Loaded loaded = source.load(ExplainCommand.class.getClassLoader());
            now = PreparedPipeline.prepare(loaded.pipeline(), loaded.loader(), where.cache);
        }
        String pipeline = where.pipeline != null ? where.pipeline : now != null ? now.pipeline().name()
                : CacheReader.onlyPipeline(where.cache);
        if (now != null && !pipeline.equals(now.pipeline().name())) {
            throw new ParameterException(spec.commandLine(), cls + " defines pipeline '" + now.pipeline().name()
                    + "', not '" + pipeline + "'");
        }
        CacheLayout layout = new CacheLayout(where.cache.toAbsolutePath().normalize(), pipeline);
        SchemaDocument stored = SchemaFile.read(layout.schemaFile());
        if (stored == null) {
            throw new CacheAccessException("no pipeline '" + pipeline + "' in cache " + where.cache + " (no "
                    + layout.schemaFile() + ")");
        }
        Map<String, SchemaDocument.StepEntry> steps = SchemaFile.byName(stored);
        SchemaDocument.StepEntry entry = steps.get(step);
        KeyExplainer explainer = new KeyExplainer(stored);
        if (entry == null) {
            if (now != null && now.pipeline().hasStep(step)) {
                out.printf("step '%s' is not in the schema of %s: it is new in %s (phasor run --update runs it)%n",
                        step, layout.dir(), cls);
                out.flush();
                return ExitCodes.OK;
            }
            throw new ParameterException(spec.commandLine(), "no step '" + step + "' in pipeline '" + pipeline
                    + "' cached in " + layout.dir() + UsageErrors.suggestion(step, steps.keySet()) + " (steps: "
                    + String.join(", ", steps.keySet()) + ")");
        }
        int phase = stored.phases().stream().filter(p -> p.steps().contains(entry)).findFirst().orElseThrow().phase();
        out.printf("step '%s' of pipeline '%s', phase %d, cache %s%n", step, pipeline, phase, layout.dir());
        out.printf("key     %s%s%n", entry.key(), explainer.rederives(step) ? ""
                : "  (warning: the components below do not hash to it; the schema was edited by hand?)");
        out.printf("result  %s%n", resultState(layout, step, entry.key(), stored.codec().fingerprint()));
        out.println("components:");
        for (KeyComponents.Component c : KeyExplainer.components(stored, step).components()) {
            out.printf("  %-9s %s%n", c.name(), c.value().isEmpty() ? "\"\"" : c.value());
        }
        if (now != null) {
            String keyNow = now.key(step);
            if (keyNow == null) {
                out.printf("%s has no step '%s' any more (phasor run --update moves its files to removed/)%n", cls, step);
            } else if (keyNow.equals(entry.key())) {
                out.printf("unchanged in %s: the same key, so a valid cached result is reused%n", cls);
            } else {
                out.printf("changed in %s: key now %s; phasor run --update runs it again%n", cls, keyNow);
                for (String line : explainer.changes(now.schema(), step)) {
                    out.println("  " + line);
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Whether the step's result file holds a value for {@code key}, in words. */
    private static String resultState(CacheLayout layout, String step, String key, String codecFingerprint) {
        Path file = layout.resultFile(step);
        if (!Files.exists(file)) {
            StepStatus st = StatusFiles.read(layout.statusFile(step));
            return "none (" + (st == null ? "never run" : "last state: " + st.state().word()
                    + (st.reason() != null ? ", " + st.reason() : "")) + ")";
        }
        try {
            ResultFile.Header h = ResultFile.read(file).header();
            if (!key.equals(h.stepKey())) {
                return "stale: " + file + " was written for key " + h.stepKey() + " (an older definition)";
            }
            if (!codecFingerprint.equals(h.codecFingerprint())) {
                return "stale: " + file + " was written with other registered result types";
            }
            return "valid for this key: " + file;
        } catch (IOException e) {
            String why = String.valueOf(e.getMessage());
            // CorruptResultException's message starts with the file already; an I/O error's may not
            return "damaged: " + (why.startsWith(file.toString()) ? why : file + ": " + why);
        }
    }
}
