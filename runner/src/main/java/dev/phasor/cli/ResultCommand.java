package dev.phasor.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.phasor.cache.CacheReader;
import dev.phasor.exec.PipelineSource;
import dev.phasor.internal.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code phasor result}: prints one step's result from the cache, as text or JSON. */
@Command(name = "result", mixinStandardHelpOptions = true,
        description = {"Print a step's result from the cache directory.",
            "A failed, skipped or missing result says which, and exits with code 1."})
public final class ResultCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STEP", description = "The step's name.")
    String step;

    @Mixin
    CacheOptions where;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = "--classpath", paramLabel = "PATH",
            description = "Jars or class directories holding the pipeline's registered result types.")
    String classpath;

    @Override
    public Integer call() throws Exception {
        CacheReader reader = CacheReader.open(where.cache, where.pipeline, loader());
        if (!reader.hasStep(step)) {
            throw new ParameterException(spec.commandLine(), "pipeline '" + reader.layout().pipeline()
                    + "' has no step '" + step + "'; steps: " + abbreviate(reader.steps()));
        }
        Object value = reader.result(step);
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? toJson(value) : toText(value));
        out.flush();
        return 0;
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
        try {
            return RESULT_JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return Json.PRETTY.writeValueAsString(toText(value));
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
