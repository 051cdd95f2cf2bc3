package dev.phasor.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phasor.internal.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusFilesTest {

    private static final String KEY = "ab".repeat(32);

    /** Every field a failure has (a retried one, given up with a reason), with text that JSON must escape. */
    private static StepStatus everyField() {
        return new StatusRecord("s\u00e9p \"1\"", 3, StepStatus.FAILED, "failed", KEY, "ran", "2026-12-01T10:00:00Z",
                "2026-12-01T10:00:01.5Z", 1500.25, "local:thread-1", "host\\1", 2, "java.lang.IllegalStateException",
                "line one\nline two\ttab \u0001", "java.lang.IllegalStateException: x\n\tat A.b(A.java:1)\n", "why",
                "up", 123_456_789_012L, List.of(
                        new StepStatus.Attempt(1, "2026-12-01T10:00:00Z", "2026-12-01T10:00:00.5Z", 500.0, "timed-out",
                                "Timeout", "after 0.5 s"),
                        new StepStatus.Attempt(2, "2026-12-01T10:00:00.6Z", "2026-12-01T10:00:01.5Z", 900.125,
                                "failed", "java.lang.IllegalStateException", "boom"))).toStatus();
    }

    private static List<StepStatus> samples() {
        return List.of(everyField(),
                new StatusRecord("w1", 0, StepStatus.DONE, "done", KEY, "ran", "2026-12-01T10:00:00.123456Z",
                        "2026-12-01T10:00:00.123999Z", 0.0123, "local:thread-2", "h", 1, null, null, null, null, null,
                        68).toStatus(),
                StepStatus.skipped("down", 1, KEY, "upstream step 'up' failed", "up"),
                StepStatus.held("later", 2, KEY, "not run: --until"),
                StepStatus.pending("p", 0, KEY),
                new StatusRecord("nan", 0, StepStatus.DONE, "done", KEY, "cached", null, null, -0.0, null, null, 1, null,
                        null, null, null, null, 0, List.of()).toStatus());
    }

    @Test
    void writesTheSameJsonObjectAsDataBindingWithoutWhiteSpace() throws Exception {
        for (StepStatus s : samples()) {
            byte[] streamed = StatusFiles.toJson(s);
            JsonNode expected = Json.PRETTY.readTree(Json.PRETTY.writeValueAsBytes(s));
            assertEquals(expected, Json.PRETTY.readTree(streamed), s.step());
            assertFalse(new String(streamed, StandardCharsets.UTF_8).contains("\n"), "one line: " + s.step());
        }
    }

    @Test
    void writesEveryComponentOfTheRecordSoANewFieldCannotBeForgotten() throws Exception {
        Set<String> names = new TreeSet<>(); // over the samples: no one state has every field
        for (StepStatus s : samples()) {
            Json.PRETTY.readTree(StatusFiles.toJson(s)).fieldNames().forEachRemaining(names::add);
        }
        JsonNode tree = Json.PRETTY.readTree(StatusFiles.toJson(everyField()));
        Set<String> components = Arrays.stream(StatusRecord.class.getRecordComponents())
                .map(c -> c.getName()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(components, names);
        Set<String> attemptNames = new TreeSet<>();
        tree.get("attempts").get(0).fieldNames().forEachRemaining(attemptNames::add);
        assertEquals(Arrays.stream(StepStatus.Attempt.class.getRecordComponents()).map(c -> c.getName())
                .collect(Collectors.toCollection(TreeSet::new)), attemptNames);
    }

    @Test
    void theStreamingReaderReadsWhatDataBindingReadsInAnyFieldOrderSkippingUnknownFields() throws Exception {
        for (StepStatus s : samples()) {
            byte[] json = StatusFiles.toJson(s);
            assertEquals(Json.PRETTY.readValue(json, StatusRecord.class), StatusReader.read(json), s.step());
            byte[] indented = Json.PRETTY.writeValueAsBytes(s.toRecord()); // as releases before 0.1 wrote them
            assertEquals(s.toRecord(), StatusReader.read(indented), s.step());
        }
        byte[] shuffled = ("{\"newer\":{\"a\":[1,{\"b\":2}]},\"resultBytes\":7,\"state\":\"done\",\"step\":\"x\","
                + "\"errorType\":null,\"status\":0,\"phase\":2}").getBytes(StandardCharsets.UTF_8);
        assertEquals(Json.PRETTY.readValue(shuffled, StatusRecord.class), StatusReader.read(shuffled));
        assertNull(StatusFiles.read(Files.writeString(Files.createTempFile("status", ".json"), "{\"phase\":\"two\"}")),
                "a value of the wrong type: no usable status");
    }

    @Test
    void eachStateReadsBackAsItsTypedOutcome() throws Exception {
        List<StepStatus> read = new ArrayList<>();
        for (StepStatus s : samples()) {
            read.add(StatusFiles.fromJson(StatusFiles.toJson(s)));
        }
        StepStatus.Failed failed = assertInstanceOf(StepStatus.Failed.class, read.get(0).outcome());
        assertEquals("why", failed.reason());
        assertEquals(2, failed.run().attempts().size());
        assertEquals(68, assertInstanceOf(StepStatus.Done.class, read.get(1).outcome()).resultBytes());
        assertEquals("up", assertInstanceOf(StepStatus.Skipped.class, read.get(2).outcome()).blamedStep());
        assertEquals("not run: --until", assertInstanceOf(StepStatus.Pending.class, read.get(3).outcome()).heldBecause());
        assertNull(assertInstanceOf(StepStatus.Pending.class, read.get(4).outcome()).heldBecause());
        assertTrue(assertInstanceOf(StepStatus.Done.class, read.get(5).outcome()).cached());
        assertEquals(StepStatus.State.RUNNING, StatusFiles.fromJson(StatusFiles.toJson(
                StepStatus.pending("r", 0, KEY).asRunning())).state());
    }

    @Test
    void readsBackWhatItWroteAndOldIndentedFiles(@TempDir Path dir) throws Exception {
        for (StepStatus s : samples()) {
            Path file = dir.resolve("s.status");
            StatusFiles.write(file, s, CacheMode.UMASK);
            assertEquals(s, StatusFiles.read(file));
            Files.write(file, Json.PRETTY.writeValueAsBytes(s)); // as earlier versions wrote it: indented
            assertEquals(s, StatusFiles.read(file));
        }
    }

    @Test
    void theReusedBufferWritesExactlyEachStatusWhateverItsSizeAndTheOneBefore(@TempDir Path dir) throws Exception {
        String longTrace = "java.lang.IllegalStateException: deep\n" + "\tat A.b(A.java:1)\n".repeat(3_000);
        StepStatus huge = new StatusRecord("huge", 0, StepStatus.FAILED, "failed", KEY, "ran", "2026-12-01T10:00:00Z",
                "2026-12-01T10:00:01Z", 1000, "local:thread-1", "h", 1, "java.lang.IllegalStateException", "deep",
                longTrace, null, null, 0).toStatus();
        List<StepStatus> order = new java.util.ArrayList<>(samples());
        order.add(1, huge); // a large text, then small ones: no byte of the large one may leak into them
        order.add(huge);
        for (int i = 0; i < order.size(); i++) {
            StepStatus s = order.get(i);
            Path file = dir.resolve(i + ".status");
            StatusFiles.write(file, s, CacheMode.UMASK);
            assertEquals(s, StatusFiles.read(file));
            assertArrayEquals(StatusFiles.toJson(s), Files.readAllBytes(file), s.step());
        }
        try (var files = Files.list(dir)) {
            assertEquals(order.size(), files.count(), "no temporary file left behind");
        }
    }
}
