package dev.phasor.cluster.mpj.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code bin/mpj-daemon.sh start|stop|status [--port P] [--pidfile F]}: local niodev daemons by PID
 * ({@link DaemonControl}). start prints the daemon's port on stdout; status exits 0 when it runs, 3 when not;
 * usage errors exit 64, failures 1.
 */
public final class MpjDaemonCtl {

    private static final String USAGE = """
            usage: bin/mpj-daemon.sh start  [--port P] [--pidfile F]   prints the daemon port on stdout
                   bin/mpj-daemon.sh stop   [--port P | --pidfile F]   no option: every daemon with a pid file
                                                                       under MPJ_HOME (daemon-*.pid)
                   bin/mpj-daemon.sh status [--port P | --pidfile F]   exit 0 if running, 3 if not
            env: PHASOR_MPJ_HOME (see scripts/setup-mpj.sh), PHASOR_MPJ_DAEMON_OPTS (JVM flags of the daemon,
                 default "-Xmx128m -XX:+UseSerialGC"), PHASOR_MPJ_DAEMON_WAIT (start timeout, 30 s)
            """;

    private MpjDaemonCtl() {
    }

    public static void main(String[] argv) {
        System.exit(run(List.of(argv), Path.of(System.getProperty("phasor.home", "."))));
    }

    static int run(List<String> argv, Path phasorHome) {
        if (argv.isEmpty() || !List.of("start", "stop", "status").contains(argv.get(0))) {
            if (argv.contains("-h") || argv.contains("--help")) {
                System.err.print(USAGE);
                return 0;
            }
            System.err.print(USAGE);
            return LaunchException.USAGE;
        }
        String port = "";
        String pidFile = "";
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("-h") || a.equals("--help")) {
                System.err.print(USAGE);
                return 0;
            }
            if ((a.equals("--port") || a.equals("--pidfile")) && i + 1 < argv.size()) {
                if (a.equals("--port")) {
                    port = argv.get(++i);
                } else {
                    pidFile = argv.get(++i);
                }
                continue;
            }
            if (!a.equals("--port") && !a.equals("--pidfile")) {
                System.err.println("mpj-daemon: unknown argument: " + a);
            }
            System.err.print(USAGE);
            return LaunchException.USAGE;
        }
        int p = 0;
        if (!port.isEmpty()) {
            p = port.matches("[0-9]{1,5}") ? Integer.parseInt(port) : -1;
            if (p < 1 || p > 65535) {
                System.err.println("mpj-daemon: error: bad --port '" + port + "'");
                return 1;
            }
        }
        try {
            DaemonControl daemons = new DaemonControl(MpjHome.locate(phasorHome, "daemon.jar"), System.getenv(),
                    System.out, System.err);
            Path pf = pidFile.isEmpty() ? null : Path.of("").toAbsolutePath().resolve(pidFile);
            return switch (argv.get(0)) {
                case "start" -> {
                    OptionalInt started = daemons.start(p, pf);
                    started.ifPresent(System.out::println);
                    yield started.isPresent() ? 0 : 1;
                }
                case "stop" -> daemons.stop(pf != null ? pf : p != 0 ? daemons.defaultPidFile(p) : null);
                default -> daemons.status(pf != null ? pf : p != 0 ? daemons.defaultPidFile(p) : null);
            };
        } catch (LaunchException e) {
            System.err.println("mpj-daemon: error: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("mpj-daemon: error: " + e);
            return 1;
        }
    }
}
