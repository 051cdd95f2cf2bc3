package dev.phasor.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.exec.ExitCodes;
import dev.phasor.serialization.ResultFile;
import dev.phasor.support.CacheSnapshot;
import dev.phasor.testkit.InProcessCli.Outcome;
import dev.phasor.testkit.Trio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 7.2: every command on a cache whose schema or result file is damaged. A damaged schema: every command
 * exits 3 naming the file and writes nothing. A damaged result: the commands that only read say what is wrong
 * with it (result: exit 1), and a run recomputes that one step, leaving every other file as it was.
 */
class CorruptCacheCliTest {

    /** The commands that read a cache, and those that write one (run, report). */
    static final List<List<String>> COMMANDS = List.of(
            List.of("status"), List.of("result", "c"), List.of("result", "c", "--json"), List.of("explain", "c"),
            List.of("explain", "c", Trio.class.getName()), List.of("graph"), List.of("times"), List.of("report"),
            List.of("plan", Trio.class.getName()), List.of("run", Trio.class.getName(), "-q"));

    @TempDir
    Path tmp;
    Path cache;
    Path dir;

    @BeforeEach
    void finishedRun() {
        cache = tmp.resolve("cache");
        dir = cache.resolve("trio");
        Outcome ok = CliTest.phasor("run", Trio.class.getName(), "--cache", cache.toString(), "-q");
        assertEquals(ExitCodes.OK, ok.code(), ok::toString);
    }

    private Outcome phasor(List<String> command) {
        String[] args = new String[command.size() + 2];
        args[0] = command.get(0);
        args[1] = "--cache";
        args[2] = cache.toString();
        for (int i = 1; i < command.size(); i++) {
            args[i + 2] = command.get(i);
        }
        return CliTest.phasor(args);
    }

    // --- pipeline.schema ---

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "corrupt JSON|{\"format\": 1, \"pipeline\": \"trio\", \"phases\": [ {|is not valid JSON",
        "empty|| is not valid JSON",
        "JSON null|null|holds no schema",
        "an array|[1, 2]|is not valid JSON",
        "a number|42|is not valid JSON",
        "phases of the wrong type|{\"format\":1,\"pipeline\":\"trio\",\"digest\":\"x\",\"codec\":{},\"phases\":\"x\"}|is not valid JSON",
        "no digest|{\"format\":1,\"pipeline\":\"trio\",\"phases\":[]}|is incomplete",
        "a null phase|{\"format\":1,\"pipeline\":\"trio\",\"digest\":\"d\",\"codec\":{\"id\":\"kryo5\",\"fingerprint\":\"f\",\"types\":[]},\"phases\":[null]}|incomplete phase",
        "a step without a name|{\"format\":1,\"pipeline\":\"trio\",\"digest\":\"d\",\"codec\":{\"id\":\"kryo5\",\"fingerprint\":\"f\",\"types\":[]},\"phases\":[{\"phase\":0,\"steps\":[{\"key\":\"k\",\"kind\":\"java\"}]}]}|a step without a name",
        "a step listed twice|{\"format\":1,\"pipeline\":\"trio\",\"digest\":\"d\",\"codec\":{\"id\":\"kryo5\",\"fingerprint\":\"f\",\"types\":[]},\"phases\":[{\"phase\":0,\"steps\":[{\"name\":\"a\",\"key\":\"k\",\"kind\":\"java\"},{\"name\":\"a\",\"key\":\"k\",\"kind\":\"java\"}]}]}|lists step 'a' twice",
        "codec without types|{\"format\":1,\"pipeline\":\"trio\",\"digest\":\"d\",\"codec\":{\"id\":\"kryo5\"},\"phases\":[]}|incomplete codec",
        "a newer format|{\"format\":99,\"pipeline\":\"trio\"}|has format 99, written by a newer Phasor",
        "binary garbage|\u0000\u00ff\u00fe PHSR|is not valid JSON"})
    void damagedSchemaIsRefusedByEveryCommandNamingItAndNothingIsWritten(String testCase) throws IOException {
        String[] parts = testCase.split("\\|", -1);
        Path schema = dir.resolve("pipeline.schema");
        Files.writeString(schema, parts[1]);
        CacheSnapshot.ageAll(cache);
        CacheSnapshot before = CacheSnapshot.of(cache);
        for (List<String> command : COMMANDS) {
            Outcome o = phasor(command);
            assertEquals(ExitCodes.CACHE, o.code(), () -> parts[0] + ", " + command + ": " + o);
            assertTrue(o.err().contains(schema.toString()), () -> parts[0] + ", " + command + ": " + o.err());
            assertTrue(o.err().contains(parts[2]), () -> parts[0] + ", " + command + ": " + o.err());
            assertFalse(o.err().contains("\tat "), () -> "no stack trace: " + o.err());
            before.assertUnchanged();
        }
    }

    // --- <step>.step ---

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"truncated", "cut in its header", "empty", "bit-flipped payload", "bit-flipped key",
        "newer format", "not a result file", "a directory"})
    void damagedResultIsReportedByReadersAndRecomputedByRunAloneNothingElseChanged(String damage) throws IOException {
        Path c = dir.resolve("c.step");
        String expected = damage(c, damage);
        CacheSnapshot.ageAll(cache);
        CacheSnapshot before = CacheSnapshot.of(cache);
        for (List<String> command : COMMANDS) {
            if (command.get(0).equals("run") || command.get(0).equals("report")) {
                continue; // they write: checked below
            }
            Outcome o = phasor(command);
            if (command.get(0).equals("result")) {
                assertEquals(ExitCodes.STEP_FAILED, o.code(), () -> damage + ", " + command + ": " + o);
                assertTrue(o.err().contains("result of step 'c'") && o.err().contains(expected),
                        () -> damage + ", " + command + ": " + o.err());
            } else {
                assertEquals(ExitCodes.OK, o.code(), () -> damage + ", " + command + ": " + o);
            }
            if (command.get(0).equals("explain")) {
                assertTrue(o.out().contains("damaged: " + c) && o.out().contains(expected),
                        () -> damage + ", " + command + ": " + o.out());
                assertFalse(o.out().contains(c + ": " + c), () -> "the file is named once: " + o.out());
            }
            if (command.get(0).equals("plan")) {
                assertTrue(java.util.regex.Pattern.compile("(?m)^\\s*run\\s+c\\b").matcher(o.out()).find(),
                        () -> "c is to run again: " + o.out());
            }
            assertFalse(o.err().contains("\tat "), () -> "no stack trace: " + o.err());
            before.assertUnchanged();
        }
        byte[] a = Files.readAllBytes(dir.resolve("a.step"));
        byte[] b = Files.readAllBytes(dir.resolve("b.step"));
        Outcome report = phasor(List.of("report"));
        assertEquals(ExitCodes.OK, report.code(), report::toString);
        Outcome run = phasor(List.of("run", Trio.class.getName(), "-q"));
        assertEquals(ExitCodes.OK, run.code(), run::toString);
        assertTrue(run.out().contains("1 ran, 2 cached"), run::toString);
        assertArrayEquals(a, Files.readAllBytes(dir.resolve("a.step")), "a's result untouched");
        assertArrayEquals(b, Files.readAllBytes(dir.resolve("b.step")), "b's result untouched");
        Outcome value = phasor(List.of("result", "c"));
        assertEquals(ExitCodes.OK, value.code(), value::toString);
        assertEquals("1.125", value.out().strip());
    }

    /** Damages {@code file} as named; returns what a reader's message must say. */
    private static String damage(Path file, String how) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        switch (how) {
            case "truncated" -> Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3));
            case "cut in its header" -> Files.write(file, java.util.Arrays.copyOf(bytes, 30));
            case "empty" -> Files.write(file, new byte[0]);
            case "bit-flipped payload" -> flip(file, bytes, bytes.length - 2);
            case "bit-flipped key" -> flip(file, bytes, 12);
            case "newer format" -> {
                bytes[5] = (byte) (ResultFile.FORMAT_VERSION + 1); // big-endian at offset 4
                Files.write(file, bytes);
            }
            case "not a result file" -> Files.writeString(file, "#!/bin/sh\necho this is not a result\n".repeat(4));
            case "a directory" -> {
                Files.delete(file);
                Files.createDirectory(file);
            }
            default -> throw new IllegalArgumentException(how);
        }
        return switch (how) {
            case "truncated" -> "truncated or padded";
            case "cut in its header", "empty" -> "shorter than the 60-byte header";
            case "bit-flipped payload", "bit-flipped key" -> "checksum mismatch";
            case "newer format" -> "written in result format " + (ResultFile.FORMAT_VERSION + 1) + " by a newer Phasor";
            case "not a result file" -> "not a Phasor result file";
            default -> "Is a directory";
        };
    }

    private static void flip(Path file, byte[] bytes, int at) throws IOException {
        bytes[at] ^= 0x10;
        Files.write(file, bytes);
        assertNotEquals(0, bytes.length);
    }
}
