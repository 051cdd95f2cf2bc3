package dev.phasor.cluster.mpj.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The command line of {@code bin/mpjrun.sh} and the {@code PHASOR_MPJ_*} settings, checked: every value that
 * MPJ's starter would misread is refused here, with a message naming it.
 *
 * @param classPath the {@code -cp} entries as given (empty: Phasor's distribution)
 * @param dport the niodev daemon port, 0 for none (then a private daemon, or the Slurm nodes' daemons)
 */
record LaunchArgs(int ranks, String device, String machinesFile, String workDir, List<String> classPath,
        int timeoutSeconds, int dport, List<String> jvmArgs, String mainClass, String pipelineClass,
        List<String> appArgs, Settings settings, List<String> warnings) {

    static final String DEFAULT_MAIN = "dev.phasor.cluster.mpj.MpjMain";

    /** MPJ's starter takes these tokens as its own options wherever they appear, also after the class name. */
    static final Set<String> MPJ_RESERVED = Set.of("-np", "-h", "-yarn", "-debugYarn", "-amMem", "-amCores",
            "-containerMem", "-containerCores", "-yarnQueue", "-appName", "-amPriority", "-mpjContainerPriority",
            "-hdfsFolder", "-dport", "-dev", "-machinesfile", "-wdir", "-psl", "-mxboardnum", "-cp", "-classpath",
            "-jar", "-src", "-debug", "-profile");

    /** JVM flags whose value is a separate token, which MPJ cannot pass on. */
    private static final Set<String> SPLIT_FLAGS = Set.of("--add-opens", "--add-exports", "--add-reads",
            "--add-modules", "--module-path", "-p", "--upgrade-module-path", "--patch-module", "--limit-modules",
            "-classpath", "--class-path");

    private static final Pattern JAVA_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    private static final Pattern UINT = Pattern.compile("[0-9]{1,9}");

    /** The launcher's own limits (seconds) and switches, from the environment. */
    record Settings(int graceSeconds, int killGraceSeconds, int exitGraceSeconds, int startupLimitSeconds,
            boolean keepJobDir, boolean verbose, boolean slurmDaemons) {
    }

    /** Thrown for {@code -h}: print the usage, exit 0. */
    static final class HelpRequested extends Exception {
        private static final long serialVersionUID = 1L;
    }

    static LaunchArgs parse(List<String> argv, Map<String, String> env) throws LaunchException, HelpRequested {
        int np = 1;
        String dev = "multicore";
        String machines = "";
        String wdir = "";
        List<String> cp = new ArrayList<>();
        String timeout = "3600";
        String dport = "";
        List<String> jvmArgs = new ArrayList<>();
        String npText = "1";
        int i = 0;
        while (i < argv.size()) {
            String a = argv.get(i);
            if (a.equals("-h") || a.equals("-help") || a.equals("--help")) {
                throw new HelpRequested();
            }
            if (a.equals("--")) {
                i++;
                break;
            }
            if (!a.startsWith("-")) {
                break;
            }
            if (!Set.of("-np", "-dev", "-machinesfile", "-wdir", "-cp", "-classpath", "-timeout", "-dport", "-jvmarg")
                    .contains(a)) {
                throw LaunchException.usage("unknown option " + a);
            }
            if (i + 1 >= argv.size()) {
                throw LaunchException.usage("option " + a + " needs a value");
            }
            String v = argv.get(i + 1);
            switch (a) {
                case "-np" -> npText = v;
                case "-dev" -> dev = v;
                case "-machinesfile" -> machines = v;
                case "-wdir" -> wdir = v;
                case "-cp", "-classpath" -> cp.add(v);
                case "-timeout" -> timeout = v;
                case "-dport" -> dport = v;
                default -> jvmArgs.add(v);
            }
            i += 2;
        }
        if (i >= argv.size()) {
            throw LaunchException.usage("missing CLASS");
        }
        String pipelineClass = argv.get(i);
        List<String> appArgs = List.copyOf(argv.subList(i + 1, argv.size()));
        String mainClass = env.getOrDefault("PHASOR_MPJ_MAIN", DEFAULT_MAIN);

        List<String> warnings = new ArrayList<>();
        np = uint(npText, "-np");
        if (np < 1) {
            throw LaunchException.usage("-np must be at least 1");
        }
        if (!dev.equals("multicore") && !dev.equals("niodev")) {
            throw LaunchException.usage("-dev must be multicore or niodev, got '" + dev + "'");
        }
        int timeoutSeconds = uint(timeout, "-timeout (seconds)");
        if (dport.isEmpty() && dev.equals("niodev")) {
            dport = env.getOrDefault("PHASOR_MPJ_DPORT", "");
        }
        int port = 0;
        if (!dport.isEmpty()) {
            port = uint(dport, "the daemon port");
            if (port < 1 || port > 65535) {
                throw LaunchException.usage("bad daemon port '" + dport + "'");
            }
            if (dev.equals("multicore")) {
                warnings.add("warning: -dport is ignored by -dev multicore");
                port = 0;
            }
        }
        Settings settings = new Settings(envUint(env, "PHASOR_MPJ_GRACE", 10), envUint(env, "PHASOR_MPJ_KILL_GRACE", 3),
                envUint(env, "PHASOR_MPJ_EXIT_GRACE", 5), envUint(env, "PHASOR_MPJ_STARTUP_LIMIT", 60),
                "1".equals(env.get("PHASOR_MPJ_KEEP_JOBDIR")), "1".equals(env.get("PHASOR_MPJ_VERBOSE")),
                "1".equals(env.get("PHASOR_MPJ_SLURM_DAEMONS")));
        if (!JAVA_NAME.matcher(mainClass).matches()) {
            throw LaunchException.usage("PHASOR_MPJ_MAIN is not a class name: '" + mainClass + "'");
        }
        if (!JAVA_NAME.matcher(pipelineClass).matches()) {
            throw LaunchException.usage("CLASS is not a class name: '" + pipelineClass + "'");
        }
        for (String a : appArgs) {
            if (MPJ_RESERVED.contains(a)) {
                throw LaunchException.usage("argument '" + a + "' cannot be passed: MPJ's starter takes it as its own"
                        + " option wherever it appears (reserved: " + String.join(" ", MPJ_RESERVED.stream().sorted().toList())
                        + ")");
            }
        }
        for (String a : jvmArgs) {
            if (!a.startsWith("-")) {
                throw LaunchException.usage("-jvmarg '" + a + "' must be one token starting with '-' (write"
                        + " --add-opens=X, not --add-opens X)");
            }
            if (MPJ_RESERVED.contains(a)) {
                throw LaunchException.usage("-jvmarg '" + a + "' is an MPJ starter option (use the mpjrun.sh option, e.g. -cp)");
            }
            if (SPLIT_FLAGS.contains(a)) {
                throw LaunchException.usage("-jvmarg '" + a + "' takes a separate value, which MPJ cannot pass: write "
                        + a + "=VALUE");
            }
        }
        if (!machines.isEmpty() && dev.equals("multicore")) {
            warnings.add("warning: -machinesfile is ignored by -dev multicore");
        }
        return new LaunchArgs(np, dev, machines, wdir, List.copyOf(cp), timeoutSeconds, port, List.copyOf(jvmArgs),
                mainClass, pipelineClass, appArgs, settings, List.copyOf(warnings));
    }

    boolean niodev() {
        return device.equals("niodev");
    }

    /** A whole number of at most 9 digits, leading zeros allowed (base 10). */
    private static int uint(String text, String what) throws LaunchException {
        if (!UINT.matcher(text).matches()) {
            throw LaunchException.usage(what + " must be a whole number, got '" + text + "'");
        }
        return Integer.parseInt(text);
    }

    private static int envUint(Map<String, String> env, String name, int fallback) throws LaunchException {
        String v = env.get(name);
        return v == null ? fallback : uint(v, name);
    }
}
