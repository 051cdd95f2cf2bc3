package dev.phasor.cluster.mpj;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;

/**
 * Ranks as a refusal names them: {@code rank 1 (host node2)}, the host from the {@code rank-<r>.host} marker each
 * rank writes in the job directory before its link starts ({@link JobMarkers}). MPJ tells a receiver only the
 * sender's rank, not its address; the host is the one that rank reported. Read when first needed, from the link's
 * thread only.
 */
final class RankNames implements IntFunction<String> {

    private final Path jobDir;
    private final String[] hosts;

    RankNames(Path jobDir, int size) {
        this.jobDir = jobDir;
        this.hosts = new String[size];
    }

    @Override
    public String apply(int rank) {
        if (rank < 0 || rank >= hosts.length) {
            return "rank " + rank;
        }
        if (hosts[rank] == null) {
            try {
                String host = Files.readString(jobDir.resolve("rank-" + rank + ".host"), StandardCharsets.UTF_8).strip();
                hosts[rank] = host.isEmpty() ? null : host;
            } catch (IOException e) {
                return "rank " + rank; // not written yet: try again next time
            }
        }
        return hosts[rank] == null ? "rank " + rank : "rank " + rank + " (host " + hosts[rank] + ")";
    }
}
