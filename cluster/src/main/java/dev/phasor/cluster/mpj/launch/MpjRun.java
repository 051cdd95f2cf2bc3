package dev.phasor.cluster.mpj.launch;

import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/mpjrun.sh}: runs a Phasor job on MPJ Express 0.44 and judges its outcome itself, since MPJ never
 * reports failure (its launcher exits 0 whatever a rank did; under multicore a rank that throws makes MPJ
 * System.exit(0) the shared JVM; under niodev such a rank stays alive and the job hangs; killing the launcher
 * leaves niodev rank JVMs running; stock ports collide between jobs). The ranks write markers into a fresh job
 * directory ({@link JobDir}); exit codes: the highest rank exit code when every rank wrote one, 70 when a rank
 * did not (ranks rank 0 went on without, lost mid-run, do not count; their JVMs are killed), 124 on timeout, 64 usage error, 69 MPJ or a daemon unavailable, 130/143 interrupted. docs/mpj.md
 * has the user's side; {@code bin/mpjrun.sh -h} the options.
 */
public final class MpjRun {

    private static final String ME = "mpjrun: ";
    /** The system property by which every rank gets this launcher's {@code PHASOR_SECRET_FILE} (mpj's RankSecret). */
    static final String SECRET_PROPERTY = "phasor.mpj.secretFile";

    private final Map<String, String> env;
    private final Path home;
    private final Path cwd = Path.of("").toAbsolutePath();
    private final PrintStream err = System.err;
    private volatile String signal;

    private JobDir jobDir;
    private Daemons daemons;
    private Process launcher;
    private Thread relay;
    private LaunchArgs args;

    MpjRun(Map<String, String> env, Path home) {
        this.env = env;
        this.home = home;
    }

    public static void main(String[] argv) {
        String home = System.getProperty("phasor.home");
        if (home == null) {
            System.err.println(ME + "run me through bin/mpjrun.sh (phasor.home is not set)");
            System.exit(LaunchException.USAGE);
        }
        System.exit(new MpjRun(System.getenv(), Path.of(home)).run(List.of(argv)));
    }

    int run(List<String> argv) {
        try {
            args = LaunchArgs.parse(argv, env);
        } catch (LaunchArgs.HelpRequested help) {
            System.out.print(Usage.TEXT);
            return 0;
        } catch (LaunchException e) {
            return refuse(e);
        }
        args.warnings().forEach(this::log);
        for (String sig : List.of("INT", "TERM", "HUP")) {
            sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> signal = sig);
        }
        try {
            return launch();
        } catch (LaunchException e) {
            cleanup();
            return refuse(e);
        } catch (InterruptedByUser e) {
            log("interrupted by SIG" + signal + ": stopping the job");
            cleanup();
            return switch (signal) {
                case "INT" -> 130;
                case "TERM" -> 143;
                default -> 129;
            };
        } catch (IOException | RuntimeException e) {
            log("internal error: " + e);
            cleanup();
            return Verdict.RANK_MISSING;
        }
    }

    private int refuse(LaunchException e) {
        log(e.getMessage());
        if (e.exitCode() == LaunchException.USAGE) {
            log("try: bin/mpjrun.sh -h");
        }
        return e.exitCode();
    }

    private int launch() throws LaunchException, IOException {
        Path wdir = cwd.resolve(args.workDir().isEmpty() ? "." : args.workDir()).normalize();
        if (!Files.isDirectory(wdir)) {
            throw LaunchException.usage("-wdir '" + args.workDir() + "' is not a directory");
        }
        List<String> warnings = new ArrayList<>();
        List<String> rankClassPath = RankClassPath.resolve(args.classPath(), System.getProperty("java.class.path"),
                env.getOrDefault("PHASOR_CLASSPATH", ""), cwd, !args.niodev(), warnings);
        warnings.forEach(this::log);
        List<String> secretFlag = secretFileFlag();
        Path mpjHome = MpjHome.locate(home, "starter.jar");

        String localHost = Machines.localHost();
        List<String> slurmHosts = List.of();
        String nodeList = env.getOrDefault("SLURM_JOB_NODELIST", "");
        if (args.niodev() && args.machinesFile().isEmpty() && !nodeList.isEmpty()) {
            slurmHosts = Machines.slurmNodes(home, nodeList);
        }
        Path machines = args.machinesFile().isEmpty() ? null : cwd.resolve(args.machinesFile()).normalize();
        List<String> hosts = slurmHosts;
        if (hosts.isEmpty() && machines != null && Files.isRegularFile(machines)) {
            hosts = Machines.hosts(Files.readAllLines(machines, StandardCharsets.UTF_8));
        }
        List<String> remote = args.niodev() ? Machines.remote(hosts, localHost) : List.of();
        RankClassPath.requireMain(rankClassPath, args.mainClass(), !args.classPath().isEmpty());

        jobDir = new JobDir(Files.createTempDirectory(jobDirBase(wdir, remote), "phasor-mpj."));
        checkSignal();
        Path jobHome = JobHome.create(jobDir.path(), mpjHome);
        daemons = new Daemons(home, mpjHome, env, jobDir.path(), args.settings().killGraceSeconds());
        List<String> starterOptions = new ArrayList<>();
        int dport = args.dport();
        if (args.niodev()) {
            boolean fromSlurm = false;
            if (machines == null) {
                machines = jobDir.path().resolve("machines");
                if (!slurmHosts.isEmpty()) {
                    Files.write(machines, slurmHosts);
                    fromSlurm = true;
                    log("machines from SLURM_JOB_NODELIST=" + nodeList + ": " + slurmHosts.size() + " host(s): "
                            + String.join(" ", slurmHosts.subList(0, Math.min(5, slurmHosts.size()))) + " ");
                } else {
                    Files.write(machines, List.of("localhost"));
                }
            } else if (!Files.isRegularFile(machines)) {
                throw LaunchException.usage("-machinesfile '" + args.machinesFile() + "' not found");
            }
            dport = daemonPort(dport, fromSlurm, remote, machines, hosts.isEmpty() ? List.of("localhost") : hosts);
            if (!remote.isEmpty()) {
                warnIfHostNameIsLoopback(localHost);
            }
            List<Integer> ports = FreePorts.take(2, Set.of());
            JobHome.setPorts(jobHome, dport, ports.get(1), ports.get(0));
            starterOptions.addAll(List.of("-machinesfile", machines.toString(), "-dport", Integer.toString(dport)));
        }
        checkSignal();
        start(mpjHome, jobHome, wdir, starterOptions, rankClassPath, secretFlag);
        return watch(dport);
    }

    /**
     * This launcher's {@code PHASOR_SECRET_FILE}, as a JVM flag for every rank: a niodev rank's own environment is
     * its daemon's, which need not be the launcher's, so the ranks read the file named here instead (made absolute
     * from the launcher's directory, as the user meant it).
     */
    private List<String> secretFileFlag() throws LaunchException {
        String value = env.getOrDefault("PHASOR_SECRET_FILE", "").strip();
        if (value.isEmpty()) {
            return List.of();
        }
        String file = cwd.resolve(value).normalize().toString();
        if (!file.matches("/[A-Za-z0-9_./+-]*")) {
            throw LaunchException.usage("PHASOR_SECRET_FILE '" + value + "': MPJ hands the ranks a path of letters,"
                    + " digits and ._+-/ only; move the secret file to such a path");
        }
        return List.of("-D" + SECRET_PROPERTY + "=" + file);
    }

    /** niodev's daemon port: given, or the Slurm nodes' daemons, or a private daemon for this job. */
    private int daemonPort(int given, boolean fromSlurm, List<String> remote, Path machines, List<String> hosts)
            throws LaunchException, IOException {
        if (given == 0 && fromSlurm && (!remote.isEmpty() || args.settings().slurmDaemons())) {
            int port = daemons.startOnSlurmNodes(hosts.size(), args.settings().startupLimitSeconds(), () -> signal != null);
            checkSignal();
            log("niodev daemons on port " + port + " on " + hosts.size() + " Slurm node(s)");
            return port;
        }
        if (given == 0) {
            if (!remote.isEmpty()) {
                throw LaunchException.usage("machines file lists '" + remote.get(0) + "': start a daemon on every host"
                        + " (bin/mpj-daemon.sh start --port P) and pass -dport P");
            }
            int port = daemons.startPrivate();
            checkSignal();
            return port;
        }
        List<String> listed = Machines.hosts(Files.readAllLines(machines, StandardCharsets.UTF_8));
        if (listed.size() <= 1 && listed.stream().allMatch(h -> h.equals("localhost") || h.startsWith("127."))
                && !ProcFs.isListening(given)) {
            throw LaunchException.unavailable("no niodev daemon listens on port " + given
                    + " (start one: bin/mpj-daemon.sh start --port " + given + ")");
        }
        return given;
    }

    /** MPJ's ranks connect back to the launcher by this machine's host name (MPJ's choice, not ours). */
    private void warnIfHostNameIsLoopback(String localHost) {
        String address;
        try {
            address = InetAddress.getByName(localHost).getHostAddress();
        } catch (IOException e) {
            address = "";
        }
        if (address.isEmpty() || address.startsWith("127.") || address.equals("0:0:0:0:0:0:0:1")) {
            log("warning: this host's name '" + localHost + "' resolves to '" + (address.isEmpty() ? "nothing" : address)
                    + "' here; ranks on other hosts connect back to '" + localHost
                    + "', so it must resolve to this host's address on them");
        }
    }

    /**
     * Where the job directory goes. It holds the ranks' markers, so with ranks on other hosts it must be on
     * storage they share: the ranks' working directory, not this machine's TMPDIR.
     */
    private Path jobDirBase(Path wdir, List<String> remote) throws LaunchException {
        String chosen = env.get("PHASOR_MPJ_JOBDIR_BASE");
        Path base;
        if (chosen != null && !chosen.isEmpty()) {
            base = cwd.resolve(chosen).normalize();
            if (!Files.isDirectory(base) || !Files.isWritable(base)) {
                throw LaunchException.usage("PHASOR_MPJ_JOBDIR_BASE '" + chosen + "' is not a writable directory");
            }
        } else if (!remote.isEmpty()) {
            base = wdir;
            if (!Files.isWritable(base)) {
                throw LaunchException.usage("-wdir '" + wdir + "' is not writable (with ranks on other hosts the job"
                        + " directory goes there; or set PHASOR_MPJ_JOBDIR_BASE to a shared directory)");
            }
        } else {
            base = Path.of(env.getOrDefault("TMPDIR", "/tmp"));
        }
        // MPJ passes the path on in command lines and conf files: only plain characters survive that.
        boolean plain = base.isAbsolute() && base.toString().matches("/[A-Za-z0-9_./+-]*");
        return plain && Files.isDirectory(base) && Files.isWritable(base) ? base : Path.of("/tmp");
    }

    /** Starts MPJ's launcher in its own session (Ctrl-C on our terminal does not reach it: we stop it ourselves). */
    private void start(Path mpjHome, Path jobHome, Path wdir, List<String> starterOptions, List<String> rankClassPath,
            List<String> secretFlag) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("setsid", "java"));
        cmd.addAll(List.of(env.getOrDefault("PHASOR_MPJ_LAUNCHER_OPTS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1")
                .trim().split("\\s+")));
        cmd.removeIf(String::isEmpty);
        cmd.addAll(List.of("-jar", mpjHome.resolve("lib/starter.jar").toString(), "-np", Integer.toString(args.ranks()),
                "-dev", args.device()));
        cmd.addAll(starterOptions);
        cmd.addAll(List.of("-wdir", wdir.toString()));
        if (!rankClassPath.isEmpty()) {
            cmd.addAll(List.of("-cp", String.join(":", rankClassPath)));
        }
        if (!args.niodev()) {
            // the ranks share one copy of the non-MPJ classes (MpjMain appends them to the system class loader,
            // see SharedClasses), so each class is loaded and JIT-compiled once, not once per rank
            cmd.add("--add-opens=java.base/jdk.internal.loader=ALL-UNNAMED");
        }
        cmd.addAll(secretFlag);
        cmd.addAll(args.jvmArgs());
        cmd.addAll(List.of(args.mainClass(), "--job-dir", jobDir.path().toString(), args.pipelineClass()));
        cmd.addAll(args.appArgs());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(wdir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("MPJ_HOME", jobHome.toString());
        launcher = pb.start();
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.ISO_8859_1);
        OutputFilter filter = new OutputFilter(out, args.settings().verbose());
        relay = new Thread(() -> {
            try {
                filter.relay(launcher.getInputStream());
            } catch (IOException e) {
                filter.end();
            }
        }, "mpjrun-output");
        relay.setDaemon(true);
        relay.start();
    }

    private int watch(int dport) {
        JobProcesses processes = new JobProcesses(jobDir);
        JobWatch watch = new JobWatch(args, jobDir, processes, launcher, dport, this::log);
        Ending ending = watch.await(() -> signal != null);
        checkSignal();
        if (ending == Ending.DONE || ending == Ending.GONE) {
            watch.awaitQuietExit();
            if (ending == Ending.DONE) {
                List<String> left = processes.scan().stream().map(p -> Long.toString(p.pid())).toList();
                if (!left.isEmpty()) {
                    log("all ranks finished but JVM(s) " + String.join(" ", left) + " did not exit within "
                            + args.settings().exitGraceSeconds() + "s: killing them");
                }
            }
        } else if (ending == Ending.UNLINKED) {
            sleep(300); // the launcher has all output already; give it a moment to print it
        }
        watch.noteLauncherExit();
        stopJob(processes);
        Verdict verdict = Verdict.judge(jobDir.ranks(args.ranks()), jobDir.lostRanks(args.ranks()), watch.seen(ending));
        verdict.lines().forEach(this::log);
        cleanup();
        return verdict.exitCode();
    }

    private void stopJob(JobProcesses processes) {
        List<Long> killed = processes.stop(launcher, args.settings().killGraceSeconds());
        if (!killed.isEmpty()) {
            log("killing leftover JVM(s) " + String.join(" ", killed.stream().map(String::valueOf).toList())
                    + " (still alive " + args.settings().killGraceSeconds() + "s after SIGTERM)");
        }
        launcher = null;
        if (relay != null) {
            try {
                relay.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops whatever of the job is left, the daemons it started, and removes the job directory. */
    private void cleanup() {
        if (jobDir != null && launcher != null) {
            stopJob(new JobProcesses(jobDir));
        }
        if (daemons != null) {
            daemons.stop();
            daemons = null;
        }
        if (jobDir == null) {
            return;
        }
        if (args.settings().keepJobDir()) {
            log("job directory kept: " + jobDir.path());
        } else {
            delete(jobDir.path());
        }
        jobDir = null;
    }

    private static void delete(Path dir) {
        try {
            Dirs.deleteTree(dir);
        } catch (IOException e) {
            System.err.println(ME + "cannot remove the job directory " + dir + ": " + e.getMessage());
        }
    }

    private void checkSignal() {
        if (signal != null) {
            throw new InterruptedByUser();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void log(String message) {
        err.println(ME + message);
        err.flush();
    }

    /** SIGINT, SIGTERM or SIGHUP arrived: the job is stopped and the launcher exits 130, 143 or 129. */
    private static final class InterruptedByUser extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
