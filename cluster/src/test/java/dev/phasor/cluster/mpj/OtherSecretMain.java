package dev.phasor.cluster.mpj;

import java.util.ArrayList;
import java.util.List;

/**
 * A rank main for tests ({@code PHASOR_MPJ_MAIN}): {@link MpjMain}, except that the rank named by the system property
 * {@code phasor.test.otherRank} gets the secret file {@code phasor.test.otherSecret} instead of the job's
 * {@code --secret-file} (none when that property is empty), as if that rank's host held another file at the path
 * every rank is given.
 */
public final class OtherSecretMain {

    private OtherSecretMain() {
    }

    public static void main(String[] argv) {
        // Before MPI.Init, argv is MPJ's own first: <rank> <conf file> <device> ...
        if (argv.length > 0 && argv[0].equals(System.getProperty("phasor.test.otherRank"))) {
            argv = withSecretFile(argv, System.getProperty("phasor.test.otherSecret", ""));
        }
        MpjMain.main(argv);
    }

    private static String[] withSecretFile(String[] argv, String file) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < argv.length; i++) {
            if (argv[i].equals("--secret-file") && i + 1 < argv.length) {
                if (!file.isEmpty()) {
                    out.add(argv[i]);
                    out.add(file);
                }
                i++;
            } else {
                out.add(argv[i]);
            }
        }
        return out.toArray(String[]::new);
    }
}
