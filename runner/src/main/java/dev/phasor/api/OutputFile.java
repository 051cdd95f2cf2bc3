package dev.phasor.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file a step wrote to its output folder, as {@link PipelineBuilder#forEachFile} hands it to the expander.
 * Build keys from {@link #relative()} or {@link #cachePath()}, never from {@link #path()}: the absolute path
 * depends on where the cache lives, and a key built from it would change when the cache moves.
 *
 * @param producer the step that wrote the file
 * @param path the file's absolute path
 * @param relative the file's path relative to the producer's folder ({@code files/<producer>/})
 */
public record OutputFile(String producer, Path path, Path relative) {

    public OutputFile {
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(relative, "relative");
    }

    /** The file's name, without its folders: {@code work-chunk.3.txt}. */
    public String name() {
        return relative.getFileName().toString();
    }

    /**
     * The path relative to the pipeline's cache directory, with '/' separators: {@code files/<producer>/<relative>},
     * for a shell step to read as {@code "$PHASOR_CACHE_DIR/<cachePath>"}.
     */
    public String cachePath() {
        StringBuilder s = new StringBuilder("files/").append(producer);
        for (Path part : relative) {
            s.append('/').append(part);
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return cachePath();
    }
}
