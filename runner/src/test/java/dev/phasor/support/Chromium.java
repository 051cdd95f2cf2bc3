package dev.phasor.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium}, installed by {@code scripts/setup-chromium.sh}, which
 * {@code scripts/test.sh} runs): loads a file and returns the DOM it built, or a screenshot. Missing
 * Chromium fails the test under CI ({@code CI=true}) and skips it, saying why, elsewhere.
 */
public final class Chromium {

    private static final long LIMIT_SECONDS = 120;

    private final String binary;

    private Chromium(String binary) {
        this.binary = binary;
    }

    /** The browser, or a failed (CI) / skipped (elsewhere) test when there is none. */
    public static Chromium require() {
        String binary = find();
        if (binary == null) {
            String why = "headless Chromium is not installed: run scripts/setup-chromium.sh (apt-get install -y chromium"
                    + " chromium-driver), or set PHASOR_CHROMIUM to its binary";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why);
            }
            assumeTrue(false, why);
        }
        return new Chromium(binary);
    }

    /** The browser's executable. */
    public String binary() {
        return binary;
    }

    private static String find() {
        String env = System.getenv("PHASOR_CHROMIUM");
        if (env != null && !env.isBlank() && Files.isExecutable(Path.of(env))) {
            return env;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }

    /** The DOM after Chromium loaded {@code file} and ran its scripts, serialised as HTML. */
    public String dumpDom(Path file, Path work) throws Exception {
        Path out = run(work, "--dump-dom", file.toUri().toString());
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** As {@link #dumpDom}, after letting the page's asynchronous scripts run for up to {@code millis} of page time. */
    public String dumpDomAfter(Path file, Path work, int millis) throws Exception {
        Path out = run(work, "--virtual-time-budget=" + millis, "--dump-dom", file.toUri().toString());
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** Saves a PNG screenshot of {@code file} rendered in a {@code width}x{@code height} window. */
    public void screenshot(Path file, Path png, int width, int height, Path work) throws Exception {
        run(work, "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, "--hide-scrollbars",
                file.toUri().toString());
    }

    private Path run(Path work, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "chromium", ".out");
        Path err = Files.createTempFile(work, "chromium", ".err");
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            List<ProcessHandle> tree = p.descendants().toList();
            p.destroyForcibly();
            tree.forEach(ProcessHandle::destroyForcibly);
            p.waitFor(10, TimeUnit.SECONDS);
            fail("chromium (pid " + p.pid() + ") did not end within " + LIMIT_SECONDS + " s; killed\n"
                    + Files.readString(err));
        }
        assertEquals(0, p.exitValue(), () -> "chromium failed: " + command + "\n" + readQuietly(err));
        return out;
    }

    private static String readQuietly(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
