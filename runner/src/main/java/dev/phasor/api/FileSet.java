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
 * Files a step wrote into its output folder, chosen by a glob with excludes (DryPipe's
 * {@code dsl.fileset('work-chunk.*.fasta')}): {@code FileSet.glob("work-chunk.*.txt").exclude("*.tmp")}.
 *
 * <p>Globs read as in DryPipe and {@code .gitignore}, on top of {@link java.nio.file.FileSystem#getPathMatcher}'s
 * syntax ({@code *} any characters but '/', {@code ?} one, {@code **} any characters including '/',
 * {@code [a-z]}, {@code {a,b}}):
 * <ul>
 * <li>a glob without '/' matches a file's name at any depth: {@code "*.no"} is every file ending in
 *     {@code .no}, in the folder or below;</li>
 * <li>a glob with a '/' matches the path relative to the folder, and {@code **}{@code /} also matches no folder
 *     at all: {@code "**}{@code /*"} is every file, top-level ones included, {@code "data/**}{@code /*.csv"} also
 *     matches {@code data/a.csv};</li>
 * <li>a leading '/' anchors a glob to the folder itself: {@code "/*.txt"} is the top-level text files only.</li>
 * </ul>
 */
public final class FileSet implements Serializable {

    private static final long serialVersionUID = 1L;
    /** Each {@code **}{@code /} doubles the matchers a glob needs; more than this many is surely a mistake. */
    private static final int MAX_DEEP_WILDCARDS = 8;

    private final String include;
    private final List<String> excludes;

    private FileSet(String include, List<String> excludes) {
        this.include = include;
        this.excludes = List.copyOf(excludes);
    }

    /** Files whose path relative to the folder matches {@code glob} (see the class comment for the rules). */
    public static FileSet glob(String glob) {
        new Glob(glob); // a bad glob fails here, at definition time
        return new FileSet(glob, List.of());
    }

    /** The same set without files matching any of {@code globs}. */
    public FileSet exclude(String... globs) {
        List<String> all = new ArrayList<>(excludes);
        for (String g : globs) {
            new Glob(g);
            all.add(g);
        }
        return new FileSet(include, all);
    }

    /** The matching regular files under {@code dir}, sorted by relative path (none if it does not exist). */
    public List<Path> match(Path dir) {
        return relativeMatches(dir).stream().map(dir::resolve).toList();
    }

    /** The matching files of {@code producer}'s output folder {@code dir}, sorted by relative path. */
    public List<OutputFile> files(String producer, Path dir) {
        return relativeMatches(dir).stream().map(rel -> new OutputFile(producer, dir.resolve(rel), rel)).toList();
    }

    private List<Path> relativeMatches(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        Glob in = new Glob(include);
        List<Glob> out = excludes.stream().map(Glob::new).toList();
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(dir::relativize)
                    .filter(rel -> in.matches(rel) && out.stream().noneMatch(g -> g.matches(rel))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    @Override
    public String toString() {
        return include + (excludes.isEmpty() ? "" : " excluding " + excludes);
    }

    /** One glob under the rules of the class comment, as the path matchers it takes. */
    private static final class Glob {
        private final boolean byName;
        private final List<PathMatcher> matchers = new ArrayList<>();

        Glob(String glob) {
            if (glob == null || glob.isBlank()) {
                throw new PipelineDefinitionException("a file set's glob must not be empty");
            }
            byName = !glob.contains("/");
            String relative = glob.startsWith("/") ? glob.substring(1) : glob;
            List<String> variants = withoutDeepWildcards(relative, 0);
            try {
                for (String v : variants) {
                    matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + v));
                }
            } catch (IllegalArgumentException e) {
                throw new PipelineDefinitionException("bad file set glob '" + glob + "': " + e.getMessage());
            }
        }

        /** {@code glob} and its variants with some of its {@code **}{@code /} (from {@code from} on) left out. */
        private static List<String> withoutDeepWildcards(String glob, int from) {
            int at = glob.indexOf("**/", from);
            if (at < 0) {
                return List.of(glob);
            }
            if (glob.split("\\*\\*/", -1).length - 1 > MAX_DEEP_WILDCARDS) {
                throw new PipelineDefinitionException("file set glob '" + glob + "' has more than "
                        + MAX_DEEP_WILDCARDS + " '**/'");
            }
            List<String> all = new ArrayList<>(withoutDeepWildcards(glob, at + 3));
            all.addAll(withoutDeepWildcards(glob.substring(0, at) + glob.substring(at + 3), at));
            return all;
        }

        boolean matches(Path relative) {
            Path subject = byName ? relative.getFileName() : relative;
            return matchers.stream().anyMatch(m -> m.matches(subject));
        }
    }
}
