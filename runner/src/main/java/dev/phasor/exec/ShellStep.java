package dev.phasor.exec;

import dev.phasor.api.ShellResult;
import dev.phasor.api.StepDefinition;
import dev.phasor.cache.CacheMode;
import dev.phasor.serialization.ResultFile;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs a shell step: {@code bash -c command} with the pipeline's and step's environment plus
 * {@code PHASOR_*} variables; standard output becomes the result, and both streams go to the log.
 */
final class ShellStep {

    private ShellStep() {
    }

    static ShellResult run(StepDefinition step, List<Object> inputs, Path pipelineDir, CacheMode mode,
            OutputCapture.LazyFile log) throws IOException, InterruptedException, ShellCommandFailedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", ((dev.phasor.api.StepBody.ShellCommand) step.body()).command());
        Map<String, String> env = pb.environment();
        env.putAll(step.env());
        env.put("PHASOR_STEP", step.name());
        env.put("PHASOR_CACHE_DIR", pipelineDir.toString());
        for (int i = 0; i < step.inputs().size(); i++) {
            String text = asText(inputs.get(i));
            env.put("PHASOR_INPUT_" + i, text);
            env.put("PHASOR_INPUT_" + step.inputs().get(i).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_"), text);
        }
        Path logs = pipelineDir.resolve("logs");
        // the streams wait in temporary files created with the cache's mode, as the log they end in (not
        // Files.createTempFile's 0600 whatever the mode)
        Path out = ResultFile.temporarySibling(logs.resolve(step.name() + ".out"));
        Path err = ResultFile.temporarySibling(logs.resolve(step.name() + ".err"));
        mode.newFile(out).close();
        try {
            mode.newFile(err).close();
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                    new File("/dev/null")));
            Process process = pb.start();
            int code;
            try {
                code = process.waitFor();
            } catch (InterruptedException e) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw e;
            }
            byte[] stdout = Files.readAllBytes(out);
            byte[] stderr = Files.readAllBytes(err);
            log.append(stdout);
            log.append(stderr);
            if (code != 0) {
                throw new ShellCommandFailedException(code, "command exited with code " + code + lastLine(stderr));
            }
            return new ShellResult(0, new String(stdout, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** How an upstream result is passed in an environment variable. */
    static String asText(Object value) {
        if (value instanceof ShellResult r) {
            return r.text();
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(ShellStep::asText).collect(Collectors.joining("\n"));
        }
        return String.valueOf(value);
    }

    private static String lastLine(byte[] stderr) {
        String text = new String(stderr, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return "";
        }
        String[] lines = text.split("\n");
        return ": " + lines[lines.length - 1];
    }
}
