package dev.phasor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16, point 6: file set globs read as in DryPipe and .gitignore, and each file comes with its relative path. */
class FileSetTest {

    @TempDir
    Path dir;

    @BeforeEach
    void files() throws Exception {
        for (String f : List.of("top.no", "top.txt", "a/one.no", "a/b/two.no", "a/b/two.txt", "data/x.csv",
                "data/2024/y.csv", "data/2024/y.no")) {
            Path p = dir.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, f);
        }
    }

    private List<String> match(FileSet set) {
        return set.match(dir).stream().map(p -> dir.relativize(p).toString().replace('\\', '/')).toList();
    }

    @Test
    void aGlobWithoutSlashMatchesTheFileNameAtAnyDepth() {
        assertEquals(List.of("a/b/two.no", "a/one.no", "data/2024/y.no", "top.no"), match(FileSet.glob("*.no")));
    }

    @Test
    void doubleStarSlashAlsoMatchesNoFolderSoTopLevelFilesAreIncluded() {
        assertEquals(8, match(FileSet.glob("**/*")).size());
        assertEquals(List.of("data/2024/y.csv", "data/x.csv"), match(FileSet.glob("data/**/*.csv")));
        assertEquals(List.of("a/b/two.txt", "top.txt"), match(FileSet.glob("**/*.txt")));
    }

    @Test
    void aLeadingSlashAnchorsTheGlobToTheFolder() {
        assertEquals(List.of("top.no", "top.txt"), match(FileSet.glob("/top.*")));
        assertEquals(List.of("data/x.csv"), match(FileSet.glob("data/*.csv")), "'*' does not cross folders");
    }

    @Test
    void excludesFollowTheSameRules() {
        assertEquals(List.of("data/2024/y.no", "top.no"), match(FileSet.glob("*.no").exclude("a/**")));
        assertEquals(List.of("a/b/two.txt", "data/2024/y.csv", "data/x.csv", "top.txt"),
                match(FileSet.glob("**/*").exclude("*.no")));
    }

    @Test
    void eachFileComesWithItsPathRelativeToTheProducersFolder() {
        List<OutputFile> files = FileSet.glob("two.*").files("make", dir);
        assertEquals(2, files.size());
        OutputFile two = files.get(0);
        assertEquals(Path.of("a", "b", "two.no"), two.relative());
        assertEquals(dir.resolve("a/b/two.no"), two.path());
        assertEquals("two.no", two.name());
        assertEquals("files/make/a/b/two.no", two.cachePath());
    }

    @Test
    void aBadGlobIsRefusedWhenThePipelineIsDefined() {
        PipelineDefinitionException e = assertThrows(PipelineDefinitionException.class, () -> FileSet.glob("{a,b"));
        assertTrue(e.getMessage().contains("bad file set glob '{a,b'"), e.getMessage());
        assertThrows(PipelineDefinitionException.class, () -> FileSet.glob("*.no").exclude(""));
    }
}
