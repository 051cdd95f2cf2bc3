package dev.phasor.cache;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code pipeline.schema}: the definition a cache directory's results belong to.
 *
 * @param format schema format version
 * @param pipeline the pipeline's name
 * @param digest SHA-256 over the canonical JSON of everything below: the plan fingerprint
 * @param codec how results are encoded
 * @param phases the steps, phase by phase
 * @param expansions steps generated at run time by dynamic expansions, by generator; not covered by the
 *     digest (the definition is the static part; expansions are what its generators produced); omitted if none
 */
public record SchemaDocument(int format, String pipeline, String digest, CodecInfo codec, List<PhaseEntry> phases,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ExpansionEntry> expansions) {

    /** A schema without expansions. */
    public SchemaDocument(int format, String pipeline, String digest, CodecInfo codec, List<PhaseEntry> phases) {
        this(format, pipeline, digest, codec, phases, List.of());
    }

    /**
     * The steps one generator produced (or the pattern fan-ins, with generator {@code fan-in}).
     *
     * @param generator the generator step's name
     * @param phases the generated steps, phase by phase
     */
    public record ExpansionEntry(String generator, List<PhaseEntry> phases) {
    }

    /** The current schema format. */
    public static final int FORMAT = 1;

    /**
     * How results are encoded.
     *
     * @param id codec name
     * @param fingerprint codec fingerprint (registration order)
     * @param types classes the pipeline registered, in order (a cold reader registers them too)
     */
    public record CodecInfo(String id, String fingerprint, List<String> types) {
    }

    /**
     * One phase.
     *
     * @param phase its index
     * @param steps its steps in declaration order
     */
    public record PhaseEntry(int phase, List<StepEntry> steps) {
    }

    /**
     * One step.
     *
     * @param name step name
     * @param kind {@code java} or {@code shell}
     * @param code where its code comes from
     * @param codeDigest digest of its code
     * @param version the user's version string
     * @param params its parameters
     * @param env a shell step's environment
     * @param inputs upstream steps whose results it receives, in order
     * @param after upstream steps it waits for without receiving their results
     * @param key its step key
     * @param afterFinished upstream steps it waits for whatever their outcome; omitted when none
     * @param attributes its attributes (cpu, mem, image...); omitted when none
     */
    public record StepEntry(String name, String kind, String code, String codeDigest, String version,
            Map<String, Object> params, Map<String, String> env, List<String> inputs, List<String> after, String key,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> afterFinished,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> attributes) {
    }
}
