package dev.phasor.cluster.mpj;

import dev.phasor.cluster.secret.SharedSecret;
import java.nio.file.Path;

/**
 * The secret a rank seals its link with. Chosen when the rank starts, before Phasor's command line is parsed,
 * since the link carries frames from then on: the run's {@code --secret-file} if given, else the file
 * {@code PHASOR_SECRET_FILE} named in {@code bin/mpjrun.sh}'s environment, which the launcher hands every rank as
 * the system property {@value #PROPERTY} (a niodev rank's own environment is its daemon's, not the launcher's).
 *
 * <p>A file that cannot be used is no error yet: the link then runs in the clear, and the backend fails with the
 * file's problem when the run opens it ({@link #confirm}), on the usual path by which a rank that cannot run tells
 * the others. Under the multicore device the file is read and checked all the same, but the link stays in the
 * clear: the ranks are threads of one JVM, their messages never leave it, so a seal would protect nothing.
 */
final class RankSecret {

    /** Set by {@code bin/mpjrun.sh} on every rank's JVM: the file its {@code PHASOR_SECRET_FILE} names. */
    static final String PROPERTY = "phasor.mpj.secretFile";

    private final Path file;
    private final SharedSecret secret;
    private final IllegalArgumentException problem;
    private final boolean sharedJvm;

    private RankSecret(Path file, SharedSecret secret, IllegalArgumentException problem, boolean sharedJvm) {
        this.file = file;
        this.secret = secret;
        this.problem = problem;
        this.sharedJvm = sharedJvm;
    }

    /** No secret (a link started by other means than {@link RankMain}, as tests and the bench do). */
    static RankSecret none() {
        return new RankSecret(null, null, null, false);
    }

    /**
     * @param option the run's {@code --secret-file}, or null
     * @param fromLauncher the launcher's {@code PHASOR_SECRET_FILE} (the {@value #PROPERTY} property), or null
     * @param sharedJvm true under the multicore device
     */
    static RankSecret choose(String option, String fromLauncher, boolean sharedJvm) {
        Path file = option != null ? Path.of(option)
                : fromLauncher != null && !fromLauncher.isBlank() ? Path.of(fromLauncher) : null;
        if (file == null) {
            return none();
        }
        try {
            return new RankSecret(file, SharedSecret.read(file, option != null ? "--secret-file" : SharedSecret.ENV),
                    null, sharedJvm);
        } catch (IllegalArgumentException e) {
            return new RankSecret(file, null, e, sharedJvm);
        }
    }

    /** The secret to seal the link with; null for none, an unusable file, or ranks sharing one JVM. */
    SharedSecret forLink() {
        return sharedJvm ? null : secret;
    }

    /**
     * When the run opens the backend: the command line's {@code --secret-file} must be the file chosen here.
     *
     * @throws IllegalArgumentException with what is wrong with the file (as {@code SharedSecret.read} says it), or if
     *     the command line's option is not the one found before it was parsed
     */
    void confirm(Path cliOption) {
        if (cliOption != null && !cliOption.equals(file)) {
            throw new IllegalArgumentException("the ranks took " + (file == null ? "no secret file" : "secret file " + file)
                    + " from their arguments before parsing them, but the run's --secret-file is " + cliOption
                    + ": write the option as --secret-file FILE");
        }
        if (problem != null) {
            throw problem;
        }
    }

    /** For {@code -v}: whether and how the ranks' messages are sealed; null when no secret was given. */
    String describe() {
        if (file == null || secret == null) {
            return null;
        }
        return sharedJvm ? "messages between ranks are not sealed: under the multicore device the ranks are threads of one"
                + " JVM and no message leaves it (secret " + secret.id() + " was read and checked)"
                : "messages between ranks are sealed with secret " + secret.id() + " (HMAC-SHA256, under a key of"
                        + " this run's own)";
    }
}
