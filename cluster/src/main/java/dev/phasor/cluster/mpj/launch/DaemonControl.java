package dev.phasor.cluster.mpj.launch;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Local MPJ Express niodev daemons, started, stopped and checked by PID. Not MPJ's own scripts: {@code mpjdaemon
 * -clean} kills every java process on the machine, and the stock ports collide between daemons (a second daemon
 * whose port-manager port is taken silently exits 0). So each daemon gets its own directory
 * {@code MPJ_HOME/daemons/<port>} (conf with its own free port-manager port, lib linked to the shared one) and
 * its own user.home (the daemon deletes ~/.mpj_users after every job, which races with other daemons sharing
 * it). It runs under setsid, so its process group is its PID: stop ends that group (the daemon and the rank
 * JVMs it spawned), never anything else. Readiness is read from /proc/net/tcp, never by connecting: the
 * daemon takes every connection for a job ticket. MPJ binds on all interfaces; ports are probed on 127.0.0.1.
 */
final class DaemonControl {

    /** "Not running" for status. */
    static final int NOT_RUNNING = 3;

    private final Path mpjHome;
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    DaemonControl(Path mpjHome, Map<String, String> env, PrintStream out, PrintStream err) {
        this.mpjHome = mpjHome;
        this.env = env;
        this.out = out;
        this.err = err;
    }

    /** Starts a daemon on {@code port} (0: a free one); its port, or empty when it could not (said on err). */
    OptionalInt start(int port, Path pidFile) throws IOException {
        if (pidFile != null) {
            Optional<Long> pid = readPid(pidFile);
            OptionalInt running = pid.map(DaemonControl::daemonPort).orElse(OptionalInt.empty());
            if (running.isPresent()) {
                if (port == 0 || port == running.getAsInt()) {
                    log("already running (pid " + pid.get() + ", port " + running.getAsInt() + ")");
                    return running;
                }
                return die("pid file " + pidFile + " belongs to a running daemon on port " + running.getAsInt()
                        + ", not " + port);
            }
        }
        if (port == 0) {
            port = FreePorts.take(1, Set.of()).get(0);
        } else if (pidFile == null) {
            Optional<Long> pid = readPid(defaultPidFile(port));
            if (pid.isPresent() && daemonPort(pid.get()).equals(OptionalInt.of(port))) {
                log("already running (pid " + pid.get() + ", port " + port + ")");
                return OptionalInt.of(port);
            }
        }
        pidFile = pidFile != null ? pidFile : defaultPidFile(port);
        if (ProcFs.isListening(port)) {
            return die("port " + port + " is already in use");
        }
        int portManager = FreePorts.take(1, Set.of(port)).get(0);
        pruneStaleDirs();
        Path dhome = mpjHome.resolve("daemons").resolve(Integer.toString(port));
        Dirs.deleteTree(dhome);
        for (String d : List.of("conf", "home", "logs")) {
            Files.createDirectories(dhome.resolve(d));
        }
        Files.createDirectories(pidFile.toAbsolutePath().getParent());
        Files.createSymbolicLink(dhome.resolve("lib"), mpjHome.resolve("lib"));
        Files.copy(mpjHome.resolve("conf/mpjexpress.conf"), dhome.resolve("conf/mpjexpress.conf"));
        JobHome.setPorts(dhome, port, portManager, 0);
        Files.deleteIfExists(pidFile);

        List<String> cmd = new ArrayList<>(List.of("setsid", "java"));
        for (String o : env.getOrDefault("PHASOR_MPJ_DAEMON_OPTS", "-Xmx128m -XX:+UseSerialGC").trim().split("\\s+")) {
            if (!o.isEmpty()) {
                cmd.add(o);
            }
        }
        cmd.addAll(List.of("-Duser.home=" + dhome.resolve("home"), "-jar", mpjHome.resolve("lib/daemon.jar").toString(),
                Integer.toString(port)));
        Path log = dhome.resolve("daemon.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dhome.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).redirectErrorStream(true);
        pb.environment().put("MPJ_HOME", dhome.toString());
        // setsid does not fork here (a child of a JVM leads no process group): the PID is the daemon JVM's
        long pid = pb.start().pid();
        Path tmp = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
        Files.writeString(tmp, pid + "\n");
        Files.move(tmp, pidFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        String wait = env.getOrDefault("PHASOR_MPJ_DAEMON_WAIT", "30");
        int waitSeconds = wait.matches("[0-9]{1,6}") ? Integer.parseInt(wait) : 30;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        while (true) {
            if (!ProcFs.alive(pid)) {
                log("daemon exited during start-up; its log (" + log + "):");
                Files.readAllLines(log, StandardCharsets.ISO_8859_1).forEach(l -> err.println("  " + l));
                Files.deleteIfExists(pidFile);
                return OptionalInt.empty();
            }
            if (ProcFs.isListening(portManager) && ProcFs.isListening(port)) { // port manager first, then the daemon
                break;
            }
            if (System.nanoTime() > deadline) {
                log("daemon did not listen on port " + port + " within " + waitSeconds + "s; stopping it");
                stop(pidFile, true);
                return OptionalInt.empty();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        return OptionalInt.of(port);
    }

    /** Stops the daemon of {@code pidFile} (0: every daemon with a pid file under MPJ_HOME). */
    int stop(Path pidFile) throws IOException {
        List<Path> files = pidFile != null ? List.of(pidFile) : pidFiles();
        if (files.isEmpty()) {
            log("no daemon pid files under " + mpjHome);
        }
        for (Path f : files) {
            stop(f, false);
        }
        return 0;
    }

    /** Prints whether the daemon of {@code pidFile} runs (null: every one under MPJ_HOME); 0 running, 3 not. */
    int status(Path pidFile) throws IOException {
        if (pidFile != null) {
            return statusOne(pidFile);
        }
        int rc = NOT_RUNNING;
        for (Path f : pidFiles()) {
            if (statusOne(f) == 0) {
                rc = 0;
            }
        }
        if (rc != 0) {
            out.println("no daemon running (pid files under " + mpjHome + ")");
        }
        return rc;
    }

    Path defaultPidFile(int port) {
        return mpjHome.resolve("daemon-" + port + ".pid");
    }

    private int statusOne(Path pidFile) {
        Optional<Long> pid = readPid(pidFile);
        OptionalInt port = pid.map(DaemonControl::daemonPort).orElse(OptionalInt.empty());
        if (port.isPresent()) {
            out.println((ProcFs.isListening(port.getAsInt()) ? "running" : "starting") + " pid " + pid.get() + " port "
                    + port.getAsInt() + " pidfile " + pidFile);
            return 0;
        }
        out.println("not running pidfile " + pidFile);
        return NOT_RUNNING;
    }

    private void stop(Path pidFile, boolean quiet) throws IOException {
        Optional<Long> pid = readPid(pidFile);
        OptionalInt port = pid.map(DaemonControl::daemonPort).orElse(OptionalInt.empty());
        if (port.isEmpty()) {
            if (!quiet) {
                log("not running (stale or empty pid file " + pidFile + " removed)");
            }
            Files.deleteIfExists(pidFile);
            return;
        }
        long p = pid.get();
        Optional<Path> dhome = daemonDir(p);
        signalGroup(p, "TERM");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ProcFs.alive(p) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        signalGroup(p, "KILL");
        Files.deleteIfExists(pidFile);
        if (dhome.isPresent() && dhome.get().endsWith(Path.of("daemons", Integer.toString(port.getAsInt())))) {
            Dirs.deleteTree(dhome.get());
        }
        if (!quiet) {
            log("stopped daemon pid " + p + " (port " + port.getAsInt() + ")");
        }
    }

    /** Signals the daemon's process group (setsid made it the leader): the daemon and its rank JVMs. */
    private static void signalGroup(long pid, String signal) {
        Tools.Output o = Tools.run(List.of("kill", "-" + signal, "--", "-" + pid), false, 10);
        if (o.exitCode() != 0) {
            ProcessHandle.of(pid).ifPresent(signal.equals("KILL") ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
        }
    }

    /**
     * Removes {@code MPJ_HOME/daemons/<port>} directories older than a minute that no live daemon uses (e.g. left
     * by a daemon killed with SIGKILL).
     */
    private void pruneStaleDirs() throws IOException {
        Path daemons = mpjHome.resolve("daemons");
        if (!Files.isDirectory(daemons)) {
            return;
        }
        String jar = mpjHome.resolve("lib/daemon.jar").toString();
        Set<Path> live = new HashSet<>();
        ProcessHandle.allProcesses().filter(p -> ProcFs.commandLine(p.pid()).contains(jar))
                .forEach(p -> daemonDir(p.pid()).ifPresent(live::add));
        FileTime minuteAgo = FileTime.from(Instant.now().minus(Duration.ofMinutes(1)));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(daemons)) {
            for (Path d : dirs) {
                if (Files.isDirectory(d) && !live.contains(d) && Files.getLastModifiedTime(d).compareTo(minuteAgo) < 0) {
                    Dirs.deleteTree(d);
                }
            }
        }
    }

    private List<Path> pidFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(mpjHome)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(mpjHome, "daemon-*.pid")) {
                s.forEach(files::add);
            }
        }
        files.sort(null);
        return files;
    }

    /** The port of a daemon started here (the last argument after {@code .../lib/daemon.jar}), if {@code pid} is one. */
    static OptionalInt daemonPort(long pid) {
        if (!ProcFs.alive(pid)) {
            return OptionalInt.empty();
        }
        List<String> args = ProcFs.arguments(pid);
        int n = args.size();
        if (n < 3 || !args.get(n - 2).endsWith("/lib/daemon.jar") || !args.get(n - 1).matches("[0-9]{1,5}")) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(args.get(n - 1)));
    }

    /** The directory of a daemon: {@code -Duser.home=<dir>/home} on its command line. */
    private static Optional<Path> daemonDir(long pid) {
        return ProcFs.arguments(pid).stream().filter(a -> a.startsWith("-Duser.home=") && a.endsWith("/home"))
                .findFirst().map(a -> Path.of(a.substring("-Duser.home=".length(), a.length() - "/home".length())));
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            String digits = Files.readString(pidFile).replaceAll("[^0-9]", "");
            return digits.isEmpty() || digits.length() > 18 ? Optional.empty() : Optional.of(Long.parseLong(digits));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private OptionalInt die(String message) {
        log("error: " + message);
        return OptionalInt.empty();
    }

    private void log(String message) {
        err.println("mpj-daemon: " + message);
    }
}
