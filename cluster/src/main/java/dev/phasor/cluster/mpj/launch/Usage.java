package dev.phasor.cluster.mpj.launch;

/** {@code bin/mpjrun.sh -h}. */
final class Usage {

    static final String TEXT = """
            usage: bin/mpjrun.sh [-np N] [-dev multicore|niodev] [-machinesfile F] [-wdir D] [-cp CP]
                                 [-timeout SECONDS] [-dport P] [-jvmarg ARG]... CLASS [args...]
              -np N            ranks (default 1)
              -dev D           multicore (one JVM, a thread per rank; default) or niodev (a JVM per rank)
              -machinesfile F  niodev hosts, one per line (default: the nodes of the Slurm allocation,
                               $SLURM_JOB_NODELIST, when set; else localhost)
              -wdir D          working directory of the ranks (default: current directory)
              -cp CP           class path of the ranks, REPLACING Phasor's own jars (default: Phasor's
                               distribution); to add your pipeline's jar use PHASOR_CLASSPATH instead;
                               relative entries are taken from the current directory; "dir/*" is expanded
              -timeout S       wall-clock limit in seconds, 0 = none (default 3600)
              -dport P         niodev daemon port (default $PHASOR_MPJ_DPORT, else a private daemon)
              -jvmarg ARG      one JVM flag for the rank JVM(s), one token (--add-opens=X, not --add-opens X),
                               repeatable
            The ranks run $PHASOR_MPJ_MAIN (default dev.phasor.cluster.mpj.MpjMain); after MPI.Init its
            arguments are  --job-dir JOBDIR CLASS args...  Rank r writes JOBDIR/rank-<r>.host and .pid after
            Init, JOBDIR/rank-<r>.exit (exit code) after Finalize, and may write JOBDIR/rank-<r>.error (one line).
            Exit: max rank exit code if every rank wrote .exit; 70 a rank did not finish; 124 timeout;
                  64 usage error; 69 MPJ/daemon unavailable; 130/143 interrupted (SIGINT/SIGTERM).
            Args equal to an MPJ starter option (-np -h -cp -dev -wdir -jar -debug ...) are refused: the
            starter would take them wherever they appear.
            env: PHASOR_MPJ_MAIN  PHASOR_CLASSPATH (appended to the ranks' class path)  PHASOR_MPJ_DPORT
                 PHASOR_MPJ_HOME  SLURM_JOB_NODELIST
                 PHASOR_MPJ_GRACE (10 s: how long the other ranks may run on after one failed)
                 PHASOR_MPJ_KILL_GRACE (3 s: SIGTERM -> SIGKILL)  PHASOR_MPJ_EXIT_GRACE (5 s: JVM exit
                 after the last .exit)  PHASOR_MPJ_STARTUP_LIMIT (60 s: no rank JVM seen -> fail)
                 PHASOR_MPJ_KEEP_JOBDIR=1  PHASOR_MPJ_VERBOSE=1 (keep MPJ's banner lines)
                 PHASOR_MPJ_JOBDIR_BASE (where the job directory goes: default TMPDIR, or -wdir when the
                 machines file names other hosts, since every rank writes its markers there)
                 PHASOR_MPJ_LAUNCHER_OPTS (JVM flags of MPJ's launcher JVM only, not of the ranks)
                 PHASOR_MPJ_SLURM_DAEMONS=1 (in an allocation: daemons by srun even when it is this host)
                 PHASOR_SECRET_FILE (the secret file of a run without --secret-file: read by every rank, whose
                 own environment under niodev is its daemon's; see docs/security.md)
            """;

    private Usage() {
    }
}
