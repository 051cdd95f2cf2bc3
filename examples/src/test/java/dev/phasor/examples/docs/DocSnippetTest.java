package dev.phasor.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands the docs show a user first really work: every fenced {@code sh} block preceded by the line
 * {@code <!-- runnable -->} in README.md or docs/ runs with bash against the built jars (scripts/build.sh) and
 * must exit 0. The blocks of one page run in order in one fresh directory (a later block may read what an
 * earlier one wrote); {@code bin/} and {@code scripts/} point into this repository, and every {@code /tmp/}
 * path into that directory, so nothing outside it is touched.
 */
class DocSnippetTest {

    static final String MARKER = "<!-- runnable -->";
    /** The marker, then a fence, both at one indentation (a block inside a list item is indented). */
    private static final Pattern BLOCK = Pattern.compile("(?m)^( *)" + Pattern.quote(MARKER) + "\\n\\1```sh\\n(.*?)^\\1```",
            Pattern.DOTALL);
    private static final long BLOCK_SECONDS = 120;

    record Snippet(Path page, int line, String script) {
        @Override
        public String toString() {
            return Markdown.relative(page) + ":" + line;
        }
    }

    @Test
    @Timeout(900)
    void everyRunnableBlockExitsZero(@TempDir Path tmp) throws Exception {
        assertTrue(Files.exists(Markdown.REPO.resolve("examples/target/lib/.phasor-built")),
                "the jars are not built: run scripts/build.sh first (bin/phasor would otherwise build them inside"
                + " this test); scripts/test.sh does");
        List<Snippet> snippets = snippets();
        assertTrue(snippets.size() >= 3, "only " + snippets.size() + " runnable blocks: is the marker still "
                + MARKER + " on the line before ```sh?");
        List<String> failures = new ArrayList<>();
        Path page = null;
        Path dir = null;
        for (Snippet s : snippets) {
            if (!s.page().equals(page)) {
                page = s.page();
                dir = Files.createTempDirectory(tmp, "page");
            }
            String failure = run(s, dir);
            if (failure != null) {
                failures.add(failure);
            }
        }
        assertEquals(List.of(), failures, () -> String.join("\n\n", failures));
    }

    static List<Snippet> snippets() {
        List<Snippet> snippets = new ArrayList<>();
        for (Path page : Markdown.pages()) {
            String text = Markdown.read(page);
            Matcher m = BLOCK.matcher(text);
            while (m.find()) {
                int line = (int) text.substring(0, m.start()).lines().count() + 1;
                snippets.add(new Snippet(page, line, m.group(2).replaceAll("(?m)^" + m.group(1), "")));
            }
        }
        return snippets;
    }

    /** Runs one block in dir; null when it exits 0, else what went wrong with its output. */
    private static String run(Snippet s, Path dir) throws IOException, InterruptedException {
        String script = s.script().replace("/tmp/", dir + "/")
                .replaceAll("(?m)(^|[\\s;&|(])(bin|scripts)/", "$1" + Markdown.REPO + "/$2/");
        Path log = dir.resolve("snippet.log");
        Process p = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(BLOCK_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            return s + ": did not end within " + BLOCK_SECONDS + " s (pid " + p.pid() + ", killed):\n" + script
                    + Files.readString(log);
        }
        return p.exitValue() == 0 ? null
                : s + ": exit " + p.exitValue() + ":\n" + script + "--- output\n" + Files.readString(log);
    }
}
