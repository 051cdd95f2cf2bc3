package dev.phasor.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.phasor.cache.CacheReader;
import dev.phasor.cache.ResultUnavailableException;
import dev.phasor.exec.ExitCodes;
import dev.phasor.exec.PipelineSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code phasor result}: prints steps' results from the cache, as text or JSON. */
@Command(name = "result", mixinStandardHelpOptions = true,
        description = {"Print the results of one or more steps (or --all) from the cache directory.",
            "One step prints its value alone; several print one 'step: value' line each, or with --json one JSON"
                + " object keyed by step name.",
            "A failed, skipped or missing result is named on standard error, and the exit code is 1."})
public final class ResultCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "STEP", description = "The steps' names.")
    List<String> steps = new ArrayList<>();

    @Option(names = "--all", description = "Every step of the pipeline, in plan order.")
    boolean all;

    @Mixin
    CacheOptions where;

    @Option(names = "--json", description = "Print the results as JSON.")
    boolean json;

    @Option(names = "--classpath", paramLabel = "PATH",
            description = "Jars or class directories holding the pipeline's registered result types.")
    String classpath;

    @Override
    public Integer call() throws Exception {
        if (all == !steps.isEmpty()) {
            throw new ParameterException(spec.commandLine(), all ? "give step names or --all, not both"
                    : "missing step: phasor result STEP... (or --all)");
        }
        CacheReader reader = CacheReader.open(where.cache, where.pipeline, loader());
        List<String> asked = all ? reader.steps() : steps;
        for (String step : asked) {
            if (!reader.hasStep(step)) {
                throw new ParameterException(spec.commandLine(), "pipeline '" + reader.layout().pipeline()
                        + "' has no step '" + step + "'" + UsageErrors.suggestion(step, reader.steps())
                        + " (steps: " + abbreviate(reader.steps()) + ")");
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> unavailable = new ArrayList<>();
        for (String step : asked) {
            try {
                values.put(step, reader.result(step));
            } catch (ResultUnavailableException e) {
                unavailable.add(e.getMessage());
            }
        }
        if (asked.size() == 1 && !all && !unavailable.isEmpty()) {
            throw new ResultUnavailableException(unavailable.get(0));
        }
        print(values, asked.size() == 1 && !all);
        PrintWriter err = spec.commandLine().getErr();
        unavailable.forEach(why -> err.println("phasor: " + why));
        err.flush();
        return unavailable.isEmpty() ? ExitCodes.OK : ExitCodes.STEP_FAILED;
    }

    /** One value alone as it is; several keyed by step name. */
    private void print(Map<String, Object> values, boolean alone) throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        if (alone) {
            Object value = values.values().iterator().next();
            out.println(json ? toJson(value) : toText(value));
        } else if (json) {
            out.println(toJson(values));
        } else {
            values.forEach((step, value) -> out.println(step + ": " + toText(value)));
        }
        out.flush();
    }

    private ClassLoader loader() throws Exception {
        List<String> entries = PipelineSource.splitClasspath(classpath);
        if (entries.isEmpty()) {
            return ResultCommand.class.getClassLoader();
        }
        URL[] urls = new URL[entries.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = Path.of(entries.get(i)).toUri().toURL();
        }
        return new URLClassLoader(urls, ResultCommand.class.getClassLoader());
    }

    static String toText(Object value) {
        if (value instanceof Object[] a) {
            return Arrays.deepToString(a);
        }
        if (value != null && value.getClass().isArray()) {
            return Arrays.deepToString(new Object[] {value}).replaceAll("^\\[|\\]$", "");
        }
        return String.valueOf(value);
    }

    /**
     * Results as JSON: java.time values, paths and the like as their text, an {@code Optional} as its value
     * or null, and anything Jackson cannot map as the JSON string of its text form.
     */
    private static final ObjectMapper RESULT_JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addModule(new SimpleModule("phasor-results")
                    .addSerializer(TemporalAccessor.class, ToStringSerializer.instance)
                    .addSerializer(TemporalAmount.class, ToStringSerializer.instance)
                    .addSerializer(Path.class, ToStringSerializer.instance)
                    .addSerializer(BitSet.class, ToStringSerializer.instance)
                    .addSerializer(Optional.class, new OptionalAsValue()))
            .build();

    static String toJson(Object value) throws JsonProcessingException {
        return RESULT_JSON.writeValueAsString(toTree(value));
    }

    /** Several results as one JSON object keyed by step name; each value as {@link #toTree} maps it. */
    static String toJson(Map<String, Object> values) throws JsonProcessingException {
        ObjectNode node = RESULT_JSON.createObjectNode();
        values.forEach((step, value) -> node.set(step, toTree(value)));
        return RESULT_JSON.writeValueAsString(node);
    }

    private static JsonNode toTree(Object value) {
        try {
            return RESULT_JSON.valueToTree(value);
        } catch (IllegalArgumentException e) { // Jackson cannot map it: its text form
            return TextNode.valueOf(toText(value));
        }
    }

    /** Writes an {@code Optional} as its value, or null when empty. */
    @SuppressWarnings("rawtypes")
    private static final class OptionalAsValue extends StdSerializer<Optional> {
        private static final long serialVersionUID = 1L;

        OptionalAsValue() {
            super(Optional.class);
        }

        @Override
        public void serialize(Optional value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value.isPresent()) {
                provider.defaultSerializeValue(value.get(), gen);
            } else {
                gen.writeNull();
            }
        }
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 20 ? names.toString() : names.subList(0, 20) + " and " + (names.size() - 20) + " more";
    }
}
