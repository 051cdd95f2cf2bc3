package dev.phasor.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.api.CodeIdentity;
import dev.phasor.api.Params;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.Step;
import dev.phasor.api.StepBody;
import dev.phasor.api.StepDefinition;
import dev.phasor.api.StepFn0;
import dev.phasor.api.StepKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Issue 2, point 7: step keys are SHA-256 over canonical bytes of name, params, code, version and upstream keys. */
class StepKeysTest {

    private static final String UP_KEY = "1".repeat(64);

    private static StepDefinition fixedStep() {
        return new StepDefinition("alpha", StepKind.JAVA, Params.of("x", 3, "label", "a", "weights", List.of(1.5, 2)),
                List.of("source"), List.of("gate"), "v1", Map.of(),
                new StepBody.JavaFunction((StepFn0<Integer>) () -> 1, false, false),
                new CodeIdentity("demo.Fns::alpha", "c0de"));
    }

    private static final Map<String, String> UPSTREAM = Map.of("source", UP_KEY, "gate", "2".repeat(64));

    /** Pinned: if this changes, the key function changed, and StepKeys.FORMAT must be bumped with it. */
    @Test
    void goldenKeyOfAFixedStepIsPinned() {
        assertEquals("phasor-step-key/1", StepKeys.FORMAT);
        assertEquals("59429264346d0f086b902c103871efa8d87403404a6265c7b7e5ae64ec813479",
                StepKeys.components("golden", fixedStep(), UPSTREAM).digest());
    }

    /** The documented encoding, recomputed here without Phasor's code: {@code name=<length>:value;} each. */
    @Test
    void keyIsSha256OverTheDocumentedComponentEncoding() throws Exception {
        String[][] parts = {
            {"format", "phasor-step-key/1"}, {"pipeline", "golden"}, {"step", "alpha"}, {"kind", "java"},
            {"code", "demo.Fns::alpha@c0de"}, {"version", "v1"},
            {"params", "{\"label\":\"a\",\"weights\":[1.5,2],\"x\":3}"},
            {"input", "source:" + UP_KEY}, {"after", "gate:" + "2".repeat(64)}};
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String[] p : parts) {
            byte[] value = p[1].getBytes(StandardCharsets.UTF_8);
            sha.update((p[0] + "=" + value.length + ":").getBytes(StandardCharsets.UTF_8));
            sha.update(value);
            sha.update((byte) ';');
        }
        assertEquals(HexFormat.of().formatHex(sha.digest()),
                StepKeys.components("golden", fixedStep(), UPSTREAM).digest());
    }

    /** A shell step's key depends on nothing but text, so it is pinned through the whole builder too. */
    @Test
    void goldenKeyOfAShellStepBuiltThroughTheApiIsPinned() {
        PipelineBuilder p = Pipeline.builder("golden");
        p.env("GREETING", "hi");
        p.shell("hello", "echo \"$GREETING\"").env("NAME", "world");
        Map<String, String> keys = StepKeys.compute(p.build());
        assertEquals("68da156a574c0c1492e6a640421313203bb811f157dc3b8c30b04a19ebfd0c39", keys.get("hello"));
    }

    private static Map<String, String> keysOf(Consumer<PipelineBuilder> define) {
        PipelineBuilder p = Pipeline.builder("keys");
        define.accept(p);
        return StepKeys.compute(p.build());
    }

    static int plus(Params p, int a) {
        return a + p.getInt("k");
    }

    private static void base(PipelineBuilder p, int x, String version, int k) {
        Step<Integer> a = p.step("a", Params.of("x", x), ps -> ps.getInt("x"));
        Step<Integer> b = p.step("b", Params.of("k", k), a, StepKeysTest::plus).version(version);
        p.step("c", b, v -> v * 2);
    }

    @Test
    void sameDefinitionGivesTheSameKeysEveryTime() {
        Map<String, String> first = keysOf(p -> base(p, 1, "", 2));
        assertEquals(first, keysOf(p -> base(p, 1, "", 2)));
        first.values().forEach(k -> assertTrue(k.matches("[0-9a-f]{64}"), k));
    }

    @Test
    void changedParameterChangesTheKeyOfTheStepAndEverythingDownstream() {
        Map<String, String> before = keysOf(p -> base(p, 1, "", 2));
        Map<String, String> after = keysOf(p -> base(p, 5, "", 2));
        assertNotEquals(before.get("a"), after.get("a"));
        assertNotEquals(before.get("b"), after.get("b"), "b's upstream key changed");
        assertNotEquals(before.get("c"), after.get("c"), "c's upstream's upstream key changed");
    }

    @Test
    void changedParameterOfAMiddleStepLeavesItsUpstreamKeyAlone() {
        Map<String, String> before = keysOf(p -> base(p, 1, "", 2));
        Map<String, String> after = keysOf(p -> base(p, 1, "", 3));
        assertEquals(before.get("a"), after.get("a"));
        assertNotEquals(before.get("b"), after.get("b"));
        assertNotEquals(before.get("c"), after.get("c"));
    }

    @Test
    void changedVersionChangesTheKey() {
        Map<String, String> before = keysOf(p -> base(p, 1, "", 2));
        Map<String, String> after = keysOf(p -> base(p, 1, "2", 2));
        assertEquals(before.get("a"), after.get("a"));
        assertNotEquals(before.get("b"), after.get("b"));
        assertNotEquals(before.get("c"), after.get("c"));
    }

    @Test
    void parameterOrderDoesNotChangeTheKey() {
        LinkedHashMap<String, Object> inner1 = new LinkedHashMap<>();
        inner1.put("p", 1);
        inner1.put("q", 2);
        LinkedHashMap<String, Object> inner2 = new LinkedHashMap<>();
        inner2.put("q", 2);
        inner2.put("p", 1);
        Map<String, String> one = keysOf(p -> p.step("s", Params.of("a", 1, "b", "two", "m", inner1), ps -> 0));
        Map<String, String> two = keysOf(p -> p.step("s", Params.of("m", inner2, "b", "two", "a", 1), ps -> 0));
        assertEquals(one, two);
    }

    @Test
    void swappedInputsChangeTheKey() {
        Map<String, String> ab = keysOf(p -> {
            Step<Integer> a = p.step("a", () -> 1);
            Step<Integer> b = p.step("b", () -> 2);
            p.step("d", a, b, (x, y) -> x - y);
        });
        Map<String, String> ba = keysOf(p -> {
            Step<Integer> a = p.step("a", () -> 1);
            Step<Integer> b = p.step("b", () -> 2);
            p.step("d", b, a, (x, y) -> x - y);
        });
        assertEquals(ab.get("a"), ba.get("a"));
        assertNotEquals(ab.get("d"), ba.get("d"));
    }

    @Test
    void addedOrderOnlyDependencyChangesTheKey() {
        Map<String, String> plain = keysOf(p -> {
            p.step("a", () -> 1);
            p.step("b", () -> 2);
        });
        Map<String, String> ordered = keysOf(p -> {
            Step<Integer> a = p.step("a", () -> 1);
            p.step("b", () -> 2).after(a);
        });
        assertEquals(plain.get("a"), ordered.get("a"));
        assertNotEquals(plain.get("b"), ordered.get("b"));
    }

    @Test
    void renamedStepOrPipelineChangesTheKey() {
        Map<String, String> one = keysOf(p -> p.step("a", () -> 1));
        Map<String, String> renamed = keysOf(p -> p.step("a2", () -> 1));
        assertNotEquals(one.get("a"), renamed.get("a2"));
        PipelineBuilder other = Pipeline.builder("keys-elsewhere");
        other.step("a", () -> 1);
        assertNotEquals(one.get("a"), StepKeys.compute(other.build()).get("a"));
    }

    private static Map<String, String> captured(int k) {
        return keysOf(p -> p.step("c", () -> k * 2));
    }

    @Test
    void capturedPlainValuesAreHashedByValue() {
        assertEquals(captured(3), captured(3));
        assertNotEquals(captured(3), captured(4));
    }

    @Test
    void shellCommandAndEnvironmentAreInTheKey() {
        Map<String, String> base = keysOf(p -> p.shell("s", "echo a").env("X", "1"));
        assertEquals(base, keysOf(p -> p.shell("s", "echo a").env("X", "1")));
        assertNotEquals(base, keysOf(p -> p.shell("s", "echo b").env("X", "1")));
        assertNotEquals(base, keysOf(p -> p.shell("s", "echo a").env("X", "2")));
        assertNotEquals(base, keysOf(p -> {
            p.env("X", "2");
            p.shell("s", "echo a");
        }));
        assertEquals(base, keysOf(p -> {
            p.env("X", "2");
            p.shell("s", "echo a").env("X", "1"); // the step's own value wins over the default
        }));
    }

    @Test
    void differentFunctionsGiveDifferentKeys() {
        Map<String, String> square = keysOf(p -> p.step("f", Params.of("x", 3), ps -> ps.getInt("x") * ps.getInt("x")));
        Map<String, String> fifth = keysOf(p -> p.step("f", Params.of("x", 3),
                ps -> ps.getInt("x") * ps.getInt("x") * ps.getInt("x") * ps.getInt("x") * ps.getInt("x")));
        assertNotEquals(square, fifth);
    }
}
