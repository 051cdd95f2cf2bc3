package dev.phasor.cluster.mpj.launch;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Phasor's helper scripts and system tools: stdout captured, stderr passed through to ours or dropped. */
final class Tools {

    /** A finished command: its exit code (-1: could not run or killed) and stdout. */
    record Output(int exitCode, String out) {
        String lastLine() {
            List<String> lines = out.strip().lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
        }
    }

    private Tools() {
    }

    /** Runs {@code command}; killed when it has not ended {@code seconds} after its stdout closed. */
    static Output run(List<String> command, boolean showErrors, int seconds) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectError(showErrors ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Output(-1, out);
            }
            return new Output(p.exitValue(), out);
        } catch (IOException e) {
            return new Output(-1, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Output(-1, "");
        }
    }
}
