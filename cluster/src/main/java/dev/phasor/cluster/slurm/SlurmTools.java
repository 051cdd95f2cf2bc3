package dev.phasor.cluster.slurm;

import dev.phasor.api.BackendException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs Slurm's client tools ({@code sbatch}, {@code scancel}, {@code squeue}, {@code scontrol}) found on
 * {@code PATH}, each bounded in time, and returns what they printed.
 */
final class SlurmTools {

    /** What one tool printed, and how it ended. */
    record Result(int exitCode, String out, String err) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private final List<Path> path;
    private final Duration limit;

    SlurmTools(String pathVariable, Duration limit) {
        this.path = new ArrayList<>();
        if (pathVariable != null) {
            for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
                if (!dir.isBlank()) {
                    path.add(Path.of(dir));
                }
            }
        }
        this.limit = limit;
    }

    /** The tools of this process's {@code PATH}, each allowed 60 s (a busy controller answers slowly). */
    static SlurmTools fromEnvironment() {
        return new SlurmTools(System.getenv("PATH"), Duration.ofSeconds(60));
    }

    /**
     * The executable {@code tool} on the path.
     *
     * @throws BackendException naming the tool when it is not there (Slurm's clients are not installed here)
     */
    Path find(String tool) {
        for (Path dir : path) {
            Path p = dir.resolve(tool);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        throw new BackendException("'" + tool + "' is not on PATH: run this on a machine where Slurm's client"
                + " commands are installed (a login node of the cluster), or add their directory to PATH");
    }

    /** Runs {@code tool args...} with {@code stdin} (may be null); fails when it does not end within the limit. */
    Result run(String tool, List<String> args, String stdin) {
        List<String> cmd = new ArrayList<>();
        cmd.add(find(tool).toString());
        cmd.addAll(args);
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new BackendException("cannot start " + tool + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        try {
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new BackendException(tool + " did not answer within " + limit.toSeconds()
                        + " s (is slurmctld reachable?)");
            }
            return new Result(p.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
        } catch (IOException | ExecutionException | java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            throw new BackendException("cannot run " + tool + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while running " + tool, e);
        }
    }

    private static String drain(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
