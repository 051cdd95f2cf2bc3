package dev.phasor.cluster.slurm;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One Slurm job of Phasor workers: the validated request, the batch script that runs one {@code phasor worker}
 * per node through {@code srun}, and the {@code sbatch} arguments that submit it.
 *
 * @param nodes worker nodes (one worker each)
 * @param join {@code HOST:PORT} members every worker joins through (the coordinator's address, other workers)
 * @param clusterName the Hazelcast cluster name, or null for {@code phasor-slurm-<job id>}
 * @param port the member port of every worker
 * @param threads steps per worker, or null for one per core of the node
 * @param workerClasspath the workers' {@code --classpath}, or null
 * @param java the command that starts Phasor's main class on a node: java, JVM flags, {@code -cp ...}
 * @param logDir absolute directory of the job's and the workers' logs (on storage the nodes share)
 * @param sbatchOptions {@code --time}, {@code --account}, {@code --partition} and raw {@code sbatch} options
 * @param secretFile absolute path of the workers' {@code --secret-file} (on storage the nodes share), or null
 */
record WorkerJob(int nodes, List<String> join, String clusterName, int port, Integer threads,
        String workerClasspath, List<String> java, String logDir, List<String> sbatchOptions, String secretFile) {

    static final int DEFAULT_PORT = 5701;

    /** A job whose workers take messages in the clear (no secret). */
    WorkerJob(int nodes, List<String> join, String clusterName, int port, Integer threads, String workerClasspath,
            List<String> java, String logDir, List<String> sbatchOptions) {
        this(nodes, join, clusterName, port, threads, workerClasspath, java, logDir, sbatchOptions, null);
    }
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\]");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    /** Slurm's --time forms: minutes, M:S, H:M:S, D-H, D-H:M, D-H:M:S, or no limit. */
    private static final Pattern TIME = Pattern.compile(
            "\\d+(:\\d{1,2}){0,2}|\\d+-\\d{1,2}(:\\d{1,2}){0,2}|UNLIMITED|INFINITE", Pattern.CASE_INSENSITIVE);
    private static final Pattern WORD = Pattern.compile("[^\\s'\"\\\\$`]+");

    WorkerJob {
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes must be at least 1, got " + nodes);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 1 and 65535, got " + port);
        }
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        if (clusterName != null && !NAME.matcher(clusterName).matches()) {
            throw new IllegalArgumentException("--cluster-name '" + clusterName + "' must be 1-100 letters, digits,"
                    + " '.', '_' or '-'");
        }
        if (join.isEmpty()) {
            throw new IllegalArgumentException("--join HOST[:PORT][,...] is required: the address of the coordinator"
                    + " (its --bind and --port) and/or of workers that are already running");
        }
        for (String s : java) {
            noNewline(s, "the Java command");
        }
        noNewline(logDir, "--log-dir");
        if (workerClasspath != null) {
            noNewline(workerClasspath, "--classpath");
        }
        if (secretFile != null) {
            noNewline(secretFile, "--secret-file");
        }
        join = List.copyOf(join);
        java = List.copyOf(java);
        sbatchOptions = List.copyOf(sbatchOptions);
    }

    /**
     * Normalises {@code HOST[:PORT]} entries (a bare host means the workers' port) and refuses anything else.
     */
    static List<String> joinList(List<String> entries, int defaultPort) {
        List<String> out = new ArrayList<>();
        for (String raw : entries) {
            String e = raw.strip();
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.lastIndexOf(':');
            boolean bracketed = e.startsWith("[");
            String host = e;
            String port = null;
            if (colon > 0 && (!bracketed || e.lastIndexOf(']') < colon)) {
                host = e.substring(0, colon);
                port = e.substring(colon + 1);
            }
            boolean portOk = port == null || (port.matches("\\d{1,5}") && Integer.parseInt(port) >= 1
                    && Integer.parseInt(port) <= 65535);
            if (!HOST.matcher(host).matches() || !portOk) {
                throw new IllegalArgumentException("--join entry '" + e + "' is not HOST or HOST:PORT"
                        + " (e.g. --join login1:5801,10.0.0.5)");
            }
            out.add(host + ":" + (port == null ? defaultPort : Integer.parseInt(port)));
        }
        return out;
    }

    /** The checked {@code sbatch} options for --time, --account, --partition and --sbatch-arg. */
    static List<String> sbatchOptions(String time, String account, String partition, List<String> raw) {
        List<String> out = new ArrayList<>();
        if (time != null) {
            if (!TIME.matcher(time.strip()).matches()) {
                throw new IllegalArgumentException("--time '" + time + "' is not a Slurm time limit (minutes, M:S,"
                        + " H:M:S, D-H, D-H:M or D-H:M:S, e.g. 90 or 1:30:00 or 2-00:00:00)");
            }
            out.add("--time=" + time.strip());
        }
        if (account != null) {
            out.add("--account=" + word(account, "--account"));
        }
        if (partition != null) {
            out.add("--partition=" + word(partition, "--partition"));
        }
        for (String a : raw) {
            if (!a.startsWith("-")) {
                throw new IllegalArgumentException("--sbatch-arg '" + a + "' is not an sbatch option (one option"
                        + " per --sbatch-arg, with its value after '=': --sbatch-arg=--mem=8G)");
            }
            noNewline(a, "--sbatch-arg");
            for (String own : List.of("--nodes", "-N", "--ntasks-per-node", "--output", "-o", "--parsable",
                    "--wrap", "--job-name", "-J")) {
                if (a.equals(own) || a.startsWith(own + "=") || (own.length() == 2 && a.startsWith(own)
                        && !a.startsWith("--"))) {
                    throw new IllegalArgumentException("--sbatch-arg '" + a + "': " + own + " is set by phasor"
                            + " slurm workers itself" + (own.equals("--nodes") || own.equals("-N")
                            ? " (use --nodes)" : ""));
                }
            }
            out.add(a);
        }
        return out;
    }

    private static String word(String value, String option) {
        String v = value.strip();
        if (!WORD.matcher(v).matches()) {
            throw new IllegalArgumentException(option + " '" + value + "' must be one word without quotes or"
                    + " spaces");
        }
        return v;
    }

    private static void noNewline(String s, String what) {
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0 || s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " must not contain line breaks");
        }
    }

    /** The cluster name the workers get ({@code $SLURM_JOB_ID} is expanded by the batch script). */
    String clusterNameFor(String jobId) {
        return clusterName != null ? clusterName : "phasor-slurm-" + jobId;
    }

    /** The job's own output file for job {@code jobId}; Slurm's {@code %j} pattern in {@link #sbatchArgs}. */
    String jobLog(String jobId) {
        return logDir + "/phasor-workers-" + jobId + ".out";
    }

    /** The log of the worker on {@code node} ({@code %N} in the batch script). */
    String workerLog(String jobId, String node) {
        return logDir + "/phasor-worker-" + jobId + "-" + node + ".log";
    }

    /** Everything after {@code sbatch}: the script comes on standard input. */
    List<String> sbatchArgs() {
        List<String> args = new ArrayList<>(List.of("--parsable", "--nodes=" + nodes, "--ntasks-per-node=1",
                "--job-name=" + (clusterName != null ? clusterName : "phasor-workers"),
                "--output=" + jobLog("%j")));
        if (threads != null) {
            args.add("--cpus-per-task=" + threads); // what the worker will keep busy
        }
        args.addAll(sbatchOptions);
        return args;
    }

    /**
     * The batch script. It runs on the job's first node: one {@code srun} step with a task per node; each task
     * binds its worker to the address that node uses to reach the first {@code --join} host ({@code ip route get},
     * else the address of its host name) and joins through the {@code --join} list plus the job's first node, so
     * the job's workers form one cluster even before any coordinator exists. SIGTERM from {@code scancel} makes
     * every worker leave the cluster cleanly.
     */
    String batchScript() {
        String first = join.get(0);
        String routeHost = first.substring(0, first.lastIndexOf(':')).replace("[", "").replace("]", "");
        List<String> worker = new ArrayList<>(java);
        worker.addAll(List.of("dev.phasor.cli.Main", "worker"));
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/bash\n");
        s.append("# Phasor worker nodes, written by `phasor slurm workers`: one `phasor worker` per node (srun).\n");
        s.append("set -euo pipefail\n");
        s.append("cluster=").append(clusterName != null ? quote(clusterName) : "\"phasor-slurm-$SLURM_JOB_ID\"")
                .append("\n");
        s.append("export PHASOR_SLURM_CLUSTER=\"$cluster\"\n");
        s.append("read -r -d '' node_script <<'PHASOR_NODE' || true\n");
        s.append("set -euo pipefail\n");
        s.append("seed=\"$(scontrol show hostnames \"$SLURM_JOB_NODELIST\" | head -n 1)\"\n");
        s.append("target=\"$(getent ahostsv4 ").append(quote(routeHost))
                .append(" 2>/dev/null | awk 'NR == 1 { print $1 }')\" || true\n");
        s.append("bind=\"\"\n");
        s.append("if [[ -n \"$target\" ]] && command -v ip >/dev/null; then\n");
        s.append("  bind=\"$(ip -o route get \"$target\" 2>/dev/null | sed -n 's/.* src \\([0-9.]*\\).*/\\1/p')\"\n");
        s.append("fi\n");
        s.append("[[ -n \"$bind\" ]] || bind=\"$(getent ahostsv4 \"$(hostname)\" | awk 'NR == 1 { print $1 }')\"\n");
        s.append("[[ -n \"$bind\" ]] || { echo \"phasor-slurm: no IPv4 address found for $(hostname)\" >&2; exit 1; }\n");
        s.append("echo \"phasor-slurm: worker on ${SLURMD_NODENAME:-$(hostname)}: $bind:").append(port)
                .append(" in cluster '$PHASOR_SLURM_CLUSTER', joining ").append(String.join(",", join))
                .append(",$seed:").append(port).append("\"\n");
        s.append("exec");
        for (String w : worker) {
            s.append(' ').append(quote(w));
        }
        s.append(" --cluster-name \"$PHASOR_SLURM_CLUSTER\" --bind \"$bind\" --port ").append(port);
        s.append(" --join ").append(quote(String.join(",", join) + ",")).append("\"$seed:").append(port).append('"');
        if (threads != null) {
            s.append(" --threads ").append(threads);
        }
        if (workerClasspath != null) {
            s.append(" --classpath ").append(quote(workerClasspath));
        }
        if (secretFile != null) {
            s.append(" --secret-file ").append(quote(secretFile));
        }
        s.append('\n');
        s.append("PHASOR_NODE\n");
        s.append("echo \"phasor-slurm: job $SLURM_JOB_ID: ").append(nodes)
                .append(" worker(s) on $SLURM_JOB_NODELIST in cluster '$cluster'\"\n");
        s.append("exec srun --ntasks-per-node=1 --kill-on-bad-exit=0 --output=")
                .append(quote(logDir + "/phasor-worker-%j-%N.log")).append(" /bin/bash -c \"$node_script\"\n");
        return s.toString();
    }

    /** {@code s} as one single-quoted shell word. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
