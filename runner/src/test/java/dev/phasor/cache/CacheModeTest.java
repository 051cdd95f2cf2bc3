package dev.phasor.cache;

import static dev.phasor.testkit.FileModes.mode;
import static dev.phasor.testkit.FileModes.octal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.testkit.FileModes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CacheMode}: modes set from creation on, whatever the umask, on what Phasor creates and nothing else. */
class CacheModeTest {

    private static final String KEY = "ab".repeat(32);

    @TempDir
    Path tmp;

    @BeforeEach
    void needsModes() {
        FileModes.assumeUnixModes(tmp);
    }

    /** Right before the rename (when the bytes are written), records the mode of the only temporary file in dir. */
    private static BooleanSupplier recordingTemporaryMode(Path dir, List<Integer> seen) {
        return () -> {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().endsWith(".tmp")).forEach(f -> seen.add(mode(f)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return true;
        };
    }

    @Test
    void aResultAndAStatusHaveTheModeAlreadyAsTemporaryFilesWithTheirBytes() throws IOException {
        CacheLayout layout = new CacheLayout(tmp, "p", CacheMode.PRIVATE);
        layout.create();
        ResultStore store = new ResultStore(layout, PipelineCodecs.forTypes(List.of(), getClass().getClassLoader()));
        List<Integer> seen = new ArrayList<>();
        store.write("s", KEY, store.encode(42), recordingTemporaryMode(layout.dir(), seen));
        StatusFiles.write(layout.statusFile("s"), StepStatus.pending("s", 0, KEY), CacheMode.PRIVATE,
                recordingTemporaryMode(layout.dir(), seen));
        assertEquals(List.of(octal(0600), octal(0600)), seen.stream().map(FileModes::octal).toList());
        assertEquals(octal(0600), octal(mode(layout.resultFile("s"))));
        assertEquals(octal(0600), octal(mode(layout.statusFile("s"))));
        assertEquals(42, store.read("s", KEY));
    }

    @Test
    void missingParentsGetTheModeAndExistingDirectoriesKeepTheirs() throws IOException {
        Path existing = Files.createDirectory(tmp.resolve("existing"));
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path deep = existing.resolve("a/b/c");
        assertEquals(deep, CacheMode.GROUP.createDirectories(deep));
        for (Path dir = deep; !dir.equals(existing); dir = dir.getParent()) {
            assertEquals(octal(02770), octal(mode(dir)), dir.toString());
        }
        assertEquals(octal(0755), octal(mode(existing)));
        CacheMode.PRIVATE.createDirectories(deep); // exists: left as it is
        assertEquals(octal(02770), octal(mode(deep)));
    }

    @Test
    void aLogAppendedToKeepsItsModeAndAMissingOneIsCreatedWithTheMode() throws IOException {
        Path log = tmp.resolve("step.log");
        try (var out = CacheMode.PRIVATE.appendTo(log)) {
            out.write("first\n".getBytes());
        }
        assertEquals(octal(0600), octal(mode(log)));
        try (var out = CacheMode.GROUP.appendTo(log)) {
            out.write("second\n".getBytes());
        }
        assertEquals(octal(0600), octal(mode(log)));
        assertEquals("first\nsecond\n", Files.readString(log));
    }

    @Test
    void theUmaskModeSetsNothing() throws IOException {
        int umask = FileModes.umask();
        Path dir = CacheMode.UMASK.createDirectories(tmp.resolve("d/e"));
        CacheMode.UMASK.newFile(dir.resolve("f")).close();
        assertEquals(octal(0777 & ~umask), octal(mode(dir)));
        assertEquals(octal(0666 & ~umask), octal(mode(dir.resolve("f"))));
        assertTrue(CacheMode.UMASK.filePermissions().isEmpty() && CacheMode.UMASK.dirPermissions().isEmpty());
    }

    @Test
    void aModeSaysItsPermissions() {
        assertEquals("rw-rw----", PosixFilePermissions.toString(CacheMode.GROUP.filePermissions().orElseThrow()));
        assertEquals("rwxrwx---", PosixFilePermissions.toString(CacheMode.GROUP.dirPermissions().orElseThrow()));
        assertEquals("rw-------", PosixFilePermissions.toString(CacheMode.PRIVATE.filePermissions().orElseThrow()));
        assertEquals("rwx------", PosixFilePermissions.toString(CacheMode.PRIVATE.dirPermissions().orElseThrow()));
    }

    @Test
    void aModeIsNamedByItsWordAndAnUnknownWordIsRefusedNamingTheValidOnes() {
        assertEquals(CacheMode.GROUP, CacheMode.of("group"));
        assertEquals(CacheMode.PRIVATE, CacheMode.of("Private"));
        assertEquals("umask", CacheMode.UMASK.word());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CacheMode.of("world"));
        assertEquals("unknown cache mode 'world': expected one of umask, private, group", e.getMessage());
    }
}
