package dev.phasor.cluster.slurm;

import dev.phasor.api.BackendException;
import java.util.List;
import java.util.Set;

/** One job as {@code squeue} and {@code scontrol} see it. */
final class JobQueue {

    /** Job states after which nothing of the job runs any more ({@code COMPLETING} still has processes). */
    private static final Set<String> ENDED = Set.of("CANCELLED", "COMPLETED", "FAILED", "TIMEOUT", "NODE_FAIL",
            "PREEMPTED", "BOOT_FAIL", "DEADLINE", "OUT_OF_MEMORY", "SPECIAL_EXIT", "REVOKED");

    /**
     * A job's state and nodes.
     *
     * @param name Slurm's state name, or {@code GONE} once the controller has forgotten the job
     * @param nodeList its nodes in Slurm's compressed form ({@code node[01-03]}), empty while pending
     */
    record State(String name, String nodeList) {
        boolean gone() {
            return name.equals("GONE") || ENDED.contains(name);
        }
    }

    private final SlurmTools tools;
    private final String id;

    JobQueue(SlurmTools tools, String id) {
        this.tools = tools;
        this.id = id;
    }

    /** A plain Slurm job id (array and het-job ids are not what {@code phasor slurm workers} prints). */
    static String checkJobId(String job) {
        String s = job == null ? "" : job.strip();
        if (!s.matches("\\d{1,18}")) {
            throw new IllegalArgumentException("JOB must be a Slurm job id (a number, as printed by phasor slurm"
                    + " workers), got '" + job + "'");
        }
        return s;
    }

    State state() {
        SlurmTools.Result r = tools.run("squeue", List.of("-h", "-j", id, "-t", "all", "-o", "%T|%N"), null);
        String out = r.out().strip();
        if (!r.ok()) {
            if (r.err().contains("Invalid job id")) {
                return new State("GONE", ""); // purged after MinJobAge
            }
            throw new BackendException("squeue could not show job " + id + " (exit " + r.exitCode() + "): "
                    + r.err().strip());
        }
        if (out.isEmpty()) {
            return new State("GONE", "");
        }
        String line = out.lines().findFirst().orElse("");
        int bar = line.indexOf('|');
        return bar < 0 ? new State(line.strip(), "") : new State(line.substring(0, bar).strip(),
                line.substring(bar + 1).strip());
    }

    /** Polls {@link #state} every 0.5 s for at most {@code seconds}; returns the last state seen. */
    State awaitGone(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        State s = state();
        while (!s.gone() && System.nanoTime() < deadline) {
            Thread.sleep(500); // polling interval of the queue
            s = state();
        }
        return s;
    }

    /** {@code scontrol show hostnames}: Slurm's own expansion of a compressed node list. */
    List<String> hostnames(String nodeList) {
        SlurmTools.Result r = tools.run("scontrol", List.of("show", "hostnames", nodeList), null);
        if (!r.ok()) {
            throw new BackendException("scontrol show hostnames " + nodeList + " failed: " + r.err().strip());
        }
        return r.out().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
