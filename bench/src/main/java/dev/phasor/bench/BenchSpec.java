package dev.phasor.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Sizes of the synthetic pipelines. Every process of a distributed run (MPJ ranks, Hazelcast workers)
 * rebuilds the pipelines from their definition classes, so the sizes travel as system properties
 * ({@code -Dphasor.bench.wide.steps=...}), read by each definition's no-argument constructor.
 *
 * @param wideSteps steps of {@code wide}
 * @param chainSteps steps of {@code chain}
 * @param layeredPhases phases (K) of {@code layered}
 * @param layeredWidth steps per phase (W) of {@code layered}
 * @param payloadMib steps (M) of {@code payload}, each returning a block of {@code payloadBlockMib} MiB
 * @param skewedPhases phases of {@code skewed}
 * @param skewedWidth steps per phase of {@code skewed}
 * @param skewedMillis sleep of an ordinary {@code skewed} step
 * @param skewedSlowMillis sleep of the one slow step per phase
 * @param scalingSteps CPU-bound steps of {@code scaling} (plus one reduction)
 * @param scalingTerms Leibniz-series terms each scaling step sums
 * @param payloadBlockMib MiB of each {@code payload} block
 */
public record BenchSpec(int wideSteps, int chainSteps, int layeredPhases, int layeredWidth, int payloadMib,
        int skewedPhases, int skewedWidth, int skewedMillis, int skewedSlowMillis, int scalingSteps,
        int scalingTerms, int payloadBlockMib) {

    private static final String PREFIX = "phasor.bench.";
    /** The defaults: each pipeline runs in about a second on the local backend of a 2-core machine. */
    public static final BenchSpec DEFAULT = new BenchSpec(10_000, 1_000, 20, 100, 64, 4, 8, 5, 50, 16, 100_000_000,
            1);

    public BenchSpec {
        positive("wide steps", wideSteps);
        positive("chain steps", chainSteps);
        if (layeredPhases < 1 || layeredPhases > 62) {
            throw new IllegalArgumentException("--phases must be 1..62 (layered values are 2^K - 1 in a long), got "
                    + layeredPhases);
        }
        if (layeredWidth < 2) {
            throw new IllegalArgumentException("--width must be at least 2 (each layered step reads two), got "
                    + layeredWidth);
        }
        positive("--payload-mib", payloadMib);
        if (payloadBlockMib < 1 || payloadBlockMib > 1024) {
            throw new IllegalArgumentException("--payload-block-mib must be 1..1024 (a Java array holds under 2 GiB),"
                    + " got " + payloadBlockMib);
        }
        positive("skewed phases", skewedPhases);
        positive("skewed width", skewedWidth);
        positive("--scaling-steps", scalingSteps);
        positive("scaling terms", scalingTerms);
        if (skewedMillis < 0 || skewedSlowMillis < skewedMillis) {
            throw new IllegalArgumentException("skewed sleeps must satisfy 0 <= normal <= slow");
        }
    }

    private static void positive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + value);
        }
    }

    /** The sizes as system properties. */
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(PREFIX + "wide.steps", String.valueOf(wideSteps));
        p.put(PREFIX + "chain.steps", String.valueOf(chainSteps));
        p.put(PREFIX + "layered.phases", String.valueOf(layeredPhases));
        p.put(PREFIX + "layered.width", String.valueOf(layeredWidth));
        p.put(PREFIX + "payload.mib", String.valueOf(payloadMib));
        p.put(PREFIX + "skewed.phases", String.valueOf(skewedPhases));
        p.put(PREFIX + "skewed.width", String.valueOf(skewedWidth));
        p.put(PREFIX + "skewed.millis", String.valueOf(skewedMillis));
        p.put(PREFIX + "skewed.slowMillis", String.valueOf(skewedSlowMillis));
        p.put(PREFIX + "scaling.steps", String.valueOf(scalingSteps));
        p.put(PREFIX + "scaling.terms", String.valueOf(scalingTerms));
        p.put(PREFIX + "payload.blockMib", String.valueOf(payloadBlockMib));
        return p;
    }

    /**
     * {@code -Dname=value} flags for another JVM; also {@code phasor.ahead} when this JVM has it, so that an A/B
     * of chains run ahead (docs/performance.md) reaches an MPJ job's coordinator.
     */
    public List<String> jvmFlags() {
        List<String> flags = new ArrayList<>();
        properties().forEach((k, v) -> flags.add("-D" + k + "=" + v));
        String ahead = System.getProperty("phasor.ahead");
        if (ahead != null) {
            flags.add("-Dphasor.ahead=" + ahead);
        }
        return flags;
    }

    /** Sets the sizes as this JVM's system properties (so definitions built here by class name see them). */
    public void install() {
        properties().forEach(System::setProperty);
    }

    /** The sizes from this JVM's system properties, defaults where one is not set. */
    public static BenchSpec fromSystemProperties() {
        Properties sys = System.getProperties();
        BenchSpec d = DEFAULT;
        return new BenchSpec(get(sys, "wide.steps", d.wideSteps), get(sys, "chain.steps", d.chainSteps),
                get(sys, "layered.phases", d.layeredPhases), get(sys, "layered.width", d.layeredWidth),
                get(sys, "payload.mib", d.payloadMib), get(sys, "skewed.phases", d.skewedPhases),
                get(sys, "skewed.width", d.skewedWidth), get(sys, "skewed.millis", d.skewedMillis),
                get(sys, "skewed.slowMillis", d.skewedSlowMillis), get(sys, "scaling.steps", d.scalingSteps),
                get(sys, "scaling.terms", d.scalingTerms), get(sys, "payload.blockMib", d.payloadBlockMib));
    }

    private static int get(Properties sys, String name, int fallback) {
        String v = sys.getProperty(PREFIX + name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + PREFIX + name + " must be a whole number, got '"
                    + v + "'");
        }
    }

    /** A copy with other sizes for {@code wide} and {@code chain}. */
    public BenchSpec withSteps(int wide, int chain) {
        return new BenchSpec(wide, chain, layeredPhases, layeredWidth, payloadMib, skewedPhases, skewedWidth,
                skewedMillis, skewedSlowMillis, scalingSteps, scalingTerms, payloadBlockMib);
    }

    /** A copy with other layered and skewed shapes. */
    public BenchSpec withShape(int lPhases, int lWidth, int sPhases, int sWidth) {
        return new BenchSpec(wideSteps, chainSteps, lPhases, lWidth, payloadMib, sPhases, sWidth, skewedMillis,
                skewedSlowMillis, scalingSteps, scalingTerms, payloadBlockMib);
    }

    /** A copy with other payload, skewed-sleep and scaling sizes. */
    public BenchSpec withWork(int mib, int sMillis, int sSlowMillis, int scSteps, int scTerms) {
        return new BenchSpec(wideSteps, chainSteps, layeredPhases, layeredWidth, mib, skewedPhases, skewedWidth,
                sMillis, sSlowMillis, scSteps, scTerms, payloadBlockMib);
    }

    /** A copy whose payload blocks are {@code mib} MiB each. */
    public BenchSpec withPayloadBlock(int mib) {
        return new BenchSpec(wideSteps, chainSteps, layeredPhases, layeredWidth, payloadMib, skewedPhases, skewedWidth,
                skewedMillis, skewedSlowMillis, scalingSteps, scalingTerms, mib);
    }
}
