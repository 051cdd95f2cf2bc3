package dev.phasor.api;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Files a step wrote into its output directory, chosen by a glob with excludes (DryPipe's
 * {@code dsl.fileset('work-chunk.*.fasta')}): {@code FileSet.glob("work-chunk.*.txt").exclude("*.tmp")}.
 * Globs use {@link java.nio.file.FileSystem#getPathMatcher} syntax and match paths relative to the directory.
 */
public final class FileSet implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String include;
    private final List<String> excludes;

    private FileSet(String include, List<String> excludes) {
        this.include = include;
        this.excludes = List.copyOf(excludes);
    }

    /** Files whose relative path matches {@code glob}. */
    public static FileSet glob(String glob) {
        FileSystems.getDefault().getPathMatcher("glob:" + glob); // a bad glob fails here, at definition time
        return new FileSet(glob, List.of());
    }

    /** The same set without files matching any of {@code globs}. */
    public FileSet exclude(String... globs) {
        List<String> all = new ArrayList<>(excludes);
        for (String g : globs) {
            FileSystems.getDefault().getPathMatcher("glob:" + g);
            all.add(g);
        }
        return new FileSet(include, all);
    }

    /** The matching regular files under {@code dir}, sorted by relative path (none if it does not exist). */
    public List<Path> match(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        PathMatcher in = FileSystems.getDefault().getPathMatcher("glob:" + include);
        List<PathMatcher> out = excludes.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                Path rel = dir.relativize(f);
                return in.matches(rel) && out.stream().noneMatch(m -> m.matches(rel));
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    @Override
    public String toString() {
        return include + (excludes.isEmpty() ? "" : " excluding " + excludes);
    }
}
