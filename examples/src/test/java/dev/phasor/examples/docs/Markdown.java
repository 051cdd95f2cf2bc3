package dev.phasor.examples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The user documentation as the doc tests see it: README.md and every Markdown page under docs/. */
final class Markdown {

    /** The repository root (tests run in the examples module's directory). */
    static final Path REPO = Path.of("").toAbsolutePath().getParent();

    private Markdown() {
    }

    /** README.md, then docs/**&#47;*.md in path order. */
    static List<Path> pages() {
        List<Path> pages = new ArrayList<>(List.of(REPO.resolve("README.md")));
        try (Stream<Path> files = Files.walk(REPO.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    static String read(Path page) {
        try {
            return Files.readString(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String relative(Path page) {
        return REPO.relativize(page).toString();
    }
}
