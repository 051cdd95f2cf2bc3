package dev.phasor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.io.Output;
import dev.phasor.exec.ExitCodes;
import dev.phasor.serialization.ResultFile;
import dev.phasor.support.CacheSnapshot;
import dev.phasor.testkit.InProcessCli.Outcome;
import dev.phasor.testkit.Trio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7.2: files crafted by someone who can write the shared cache. A result file whose frame is valid (right
 * key, codec fingerprint and checksum) but whose payload names a class outside the Kryo allow-list is refused
 * without loading that class; so is a schema that tries to add a class to the allow-list of a cold reader.
 * {@link Gadget} records being initialised or constructed: it must stay untouched.
 */
class CraftedCacheFilesTest {

    @TempDir
    Path tmp;
    Path cache;
    Path dir;

    @BeforeEach
    void finishedRun() {
        assertNull(System.getProperty(Gadget.INITIALISED), "precondition: the gadget was never initialised");
        cache = tmp.resolve("cache");
        dir = cache.resolve("trio");
        Outcome ok = CliTest.phasor("run", Trio.class.getName(), "--cache", cache.toString(), "-q");
        assertEquals(ExitCodes.OK, ok.code(), ok::toString);
    }

    /** Kryo's wire form for "a class written by name": what a crafted stream uses to name an arbitrary class. */
    static byte[] classByName(String className) {
        Output out = new Output(256, -1);
        out.writeVarInt(1, true);
        out.writeVarInt(0, true);
        out.writeString(className);
        out.writeVarInt(1, true); // and a field value after it, as an instance would have
        return out.toBytes();
    }

    @Test
    void resultNamingAClassOutsideTheAllowListIsRefusedWithoutLoadingIt() throws Exception {
        Path c = dir.resolve("c.step");
        ResultFile.Header h = ResultFile.readHeader(c);
        Files.delete(c);
        ResultFile.write(c, h.stepKey(), h.codecFingerprint() + "00000000", classByName(Gadget.class.getName()));
        assertEquals(h.stepKey(), ResultFile.readHeader(c).stepKey(), "the frame is valid: the attack is in the payload");
        assertEquals(h.codecFingerprint(), ResultFile.readHeader(c).codecFingerprint());
        CacheSnapshot.ageAll(cache);
        CacheSnapshot before = CacheSnapshot.of(cache);
        for (List<String> args : List.of(List.of("result", "c"), List.of("result", "c", "--json"),
                List.of("result", "c", "--classpath", System.getProperty("java.io.tmpdir")))) {
            String[] argv = new java.util.ArrayList<String>(args) {{
                add(1, "--cache");
                add(2, cache.toString());
            }}.toArray(String[]::new);
            Outcome o = CliTest.phasor(argv);
            assertEquals(ExitCodes.STEP_FAILED, o.code(), () -> args + ": " + o);
            assertTrue(o.err().contains("class '" + Gadget.class.getName() + "' is not in the allow-list"),
                    () -> args + ": " + o.err());
            assertTrue(o.err().contains(c.toString()), () -> args + ": " + o.err());
            assertFalse(o.err().contains("\tat "), () -> "no stack trace: " + o.err());
        }
        assertNull(System.getProperty(Gadget.INITIALISED), "the named class was initialised");
        assertNull(System.getProperty(Gadget.CONSTRUCTED), "the named class was instantiated");
        before.assertUnchanged();
        // The checksum detects damage, not tampering (docs/security.md): a run takes the valid frame as c's
        // cached result, but decoding it still refuses the class, so it is never loaded on that path either.
        Outcome run = CliTest.phasor("run", Trio.class.getName(), "--cache", cache.toString(), "-q");
        assertEquals(ExitCodes.OK, run.code(), run::toString);
        assertEquals(ExitCodes.STEP_FAILED, CliTest.phasor("result", "--cache", cache.toString(), "c").code());
        assertNull(System.getProperty(Gadget.INITIALISED), "the named class was initialised");
        assertNull(System.getProperty(Gadget.CONSTRUCTED), "the named class was instantiated");
    }

    @Test
    void schemaAddingAClassToTheAllowListDoesNotGetItInstantiated() throws Exception {
        Path schema = dir.resolve("pipeline.schema");
        String text = Files.readString(schema);
        assertTrue(text.contains("\"types\":[]"), text);
        Files.writeString(schema, text.replace("\"types\":[]", "\"types\":[\"" + Gadget.class.getName() + "\"]"));
        Path c = dir.resolve("c.step");
        ResultFile.Header h = ResultFile.readHeader(c);
        Files.delete(c);
        Output out = new Output(64, -1);
        // the first id after the JDK types and Kryo's defaults is what the crafted registration would get
        out.writeVarInt(dev.phasor.serialization.KryoCodec.jdk().registry().types().size() + 2 + 10, true);
        out.writeVarInt(1, true);
        ResultFile.write(c, h.stepKey(), h.codecFingerprint() + "00000000", out.toBytes());
        Outcome o = CliTest.phasor("result", "--cache", cache.toString(), "c");
        assertEquals(ExitCodes.STEP_FAILED, o.code(), o::toString);
        assertFalse(o.err().contains("\tat "), () -> "no stack trace: " + o.err());
        assertNull(System.getProperty(Gadget.INITIALISED), "a class named by a crafted schema was initialised");
        assertNull(System.getProperty(Gadget.CONSTRUCTED), "a class named by a crafted schema was instantiated");
    }

    @Test
    void schemaAddingAJdkOrLibraryClassToTheAllowListIsRefusedNamingIt() throws Exception {
        Path schema = dir.resolve("pipeline.schema");
        String text = Files.readString(schema);
        for (String type : List.of("java.lang.ProcessBuilder", "javax.script.ScriptEngineManager",
                "com.esotericsoftware.kryo.Kryo", "com.fasterxml.jackson.databind.ObjectMapper")) {
            Files.writeString(schema, text.replace("\"types\":[]", "\"types\":[\"" + type + "\"]"));
            CacheSnapshot.ageAll(cache);
            CacheSnapshot before = CacheSnapshot.of(cache);
            Outcome o = CliTest.phasor("result", "--cache", cache.toString(), "c");
            assertEquals(ExitCodes.CACHE, o.code(), () -> type + ": " + o);
            assertTrue(o.err().contains("'" + type + "'") && o.err().contains("allow-list"), () -> type + ": " + o.err());
            before.assertUnchanged();
        }
    }
}
