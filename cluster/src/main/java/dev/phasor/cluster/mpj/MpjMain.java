package dev.phasor.cluster.mpj;

/**
 * The main class of every rank of a Phasor MPJ Express job, started by {@code bin/mpjrun.sh -np N CLASS
 * [options]}; the rank's work is {@link RankMain}'s. Under the multicore device the ranks first share
 * Phasor's and the pipeline's classes ({@link SharedClasses}): that must happen before any of them is
 * loaded, so this class refers to nothing else of Phasor's (the JVM may load what a class refers to when
 * it links it).
 */
public final class MpjMain {

    private MpjMain() {
    }

    public static void main(String[] argv) {
        // Before Init, argv is MPJ's own: <rank> <conf file> <device> ...; "smpdev" is the multicore device.
        boolean sharedJvm = argv.length > 2 && "smpdev".equals(argv[2]);
        if (sharedJvm) {
            SharedClasses.share();
        }
        RankMain.run(argv, sharedJvm);
    }
}
