package dev.phasor.cluster.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.phasor.backend.RunSession;
import dev.phasor.exec.PreparedPipeline;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.function.BiConsumer;

/**
 * Which workers serve a run: every worker member is asked once to build the pipeline ({@link PrepareRun});
 * those whose answer agrees with the coordinator's plan serve the run, the others are refused and released.
 * Membership changes and answers arrive as {@link DispatchEvent}s; like the transport, this is used on the
 * coordinator's thread only. What runs where is the engine's: the roster only says who may take orders.
 */
final class RunRoster {

    private final HazelcastInstance hz;
    private final IExecutorService control;
    private final String runId;
    private final RunSession session;
    private final PreparedPipeline prepared;
    private final ClusterSettings cluster;
    private final HazelcastBackend.RunPolicy policy;
    private final BlockingQueue<DispatchEvent> events;
    private final RunReleases releases;
    private final RunSealer sealer;
    private final PrintWriter err;

    /** Workers serving this run, by member. */
    private final Map<UUID, WorkerSlot> workers = new LinkedHashMap<>();
    /** Workers asked to prepare the run that have not answered. */
    private final Map<UUID, Member> preparing = new LinkedHashMap<>();
    /** Every worker member asked, so that none is asked twice. */
    private final Set<UUID> asked = new HashSet<>();
    /** Refused workers and why. */
    private final Map<String, String> refused = new LinkedHashMap<>();
    /** Told of each refused worker once the run has started (before, the roster warns itself). */
    private BiConsumer<String, String> refusedDuringRun;
    private UUID membershipListener;
    private boolean started;
    private boolean closed;

    RunRoster(HazelcastInstance hz, IExecutorService control, String runId, RunSession session, ClusterSettings cluster,
            HazelcastBackend.RunPolicy policy, BlockingQueue<DispatchEvent> events, RunReleases releases,
            RunSealer sealer, PrintWriter err) {
        this.hz = hz;
        this.control = control;
        this.runId = runId;
        this.session = session;
        this.prepared = session.prepared();
        this.cluster = cluster;
        this.policy = policy;
        this.events = events;
        this.releases = releases;
        this.sealer = sealer;
        this.err = err;
    }

    /** Starts following the cluster's membership and asks the worker members already there. */
    void listen() {
        membershipListener = hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                events.add(new DispatchEvent.MemberUp(e.getMember()));
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                events.add(new DispatchEvent.MemberDown(e.getMember()));
            }
        });
        for (Member m : hz.getCluster().getMembers()) {
            memberUp(m);
        }
    }

    /**
     * The run has started: a worker agreeing from now on is announced as joining it, and a refused one is
     * handed to {@code refused} (its name, and the sentence for the user) instead of being warned about here.
     */
    void started(BiConsumer<String, String> refused) {
        started = true;
        refusedDuringRun = refused;
    }

    /** Stops following the membership; returns every worker to release (serving or still asked). */
    List<Member> close() {
        closed = true;
        if (membershipListener != null) {
            hz.getCluster().removeMembershipListener(membershipListener);
        }
        List<Member> targets = new ArrayList<>(preparing.values());
        workers.values().forEach(w -> targets.add(w.member));
        return targets;
    }

    void memberUp(Member m) {
        if (closed || m.localMember() || !MemberConfigs.WORKER.equals(m.getAttribute(MemberConfigs.ROLE))
                || !asked.add(m.getUuid())) {
            return;
        }
        preparing.put(m.getUuid(), m);
        PrepareRun task = sealer.stamp(new PrepareRun(runId, hz.getCluster().getLocalMember().getUuid(),
                session.source().className(), session.source().classpath(), prepared.layout().root().toString(),
                policy.carryResults(), prepared.fingerprint(), sealer.nonce(), prepared.layout().mode().word()),
                m.getUuid());
        SealHeader sent = task.header();
        try {
            Invocations.whenAnswered(control.submitToMember(task, m),
                    (answer, t) -> events.add(new DispatchEvent.Answered(m, sent, t == null ? answer : null, t)));
        } catch (RuntimeException e) {
            events.add(new DispatchEvent.Answered(m, sent, null, e));
        }
    }

    /** A member left: it is no longer asked; returns its slot if it served the run (the caller drops it). */
    WorkerSlot memberDown(Member m) {
        preparing.remove(m.getUuid());
        return workers.get(m.getUuid());
    }

    /**
     * A worker answered the message {@code sent} (or could not be asked); returns its slot if it now serves the
     * run, else null.
     */
    WorkerSlot answered(Member m, SealHeader sent, WorkerAnswer answer, Throwable failure) {
        if (preparing.remove(m.getUuid()) == null) {
            return null; // it left meanwhile
        }
        String unsealed = answer == null ? null : sealer.admit(answer, sent, m.getUuid());
        String name = answer != null && unsealed == null ? answer.worker : WorkerNode.nameOf(m.getAddress());
        String why = whyRefused(answer, unsealed, failure);
        if (why != null) {
            refused.put(name, why);
            if (refusedDuringRun != null) {
                refusedDuringRun.accept(name, "refusing worker " + name + ": " + why);
            } else {
                warn("refusing worker " + name + ": " + why);
            }
            if (unsealed == null && (answer == null || !answer.refused)) { // else it holds no run of ours
                releases.send(m, "refused: " + why);
            }
            return null;
        }
        WorkerSlot slot = new WorkerSlot(m, name, answer.threads);
        workers.put(m.getUuid(), slot);
        if (started) {
            warn("worker " + name + " joined the run (" + answer.threads + " threads)");
        }
        return slot;
    }

    /** Why a worker's answer keeps it out of the run, or null if it serves the run. */
    private String whyRefused(WorkerAnswer answer, String unsealed, Throwable failure) {
        if (failure != null) {
            return "did not answer: " + Invocations.describe(failure);
        }
        if (unsealed != null) { // what an answer in the clear says is the worker's word only
            return unsealed + (answer.isSealed() || answer.error == null ? "" : "; it says: " + answer.error);
        }
        if (answer.refused) {
            return "it refused the run's opening message: " + answer.error;
        }
        if (answer.error != null) {
            return "cannot build the pipeline: " + answer.error;
        }
        return prepared.fingerprint().equals(answer.fingerprint) ? null
                : "it builds another pipeline: " + difference(answer);
    }

    /** Takes a worker out of the run; false if it was not in it (any more). */
    boolean remove(WorkerSlot w) {
        return workers.remove(w.member.getUuid()) != null;
    }

    int size() {
        return workers.size();
    }

    boolean isEmpty() {
        return workers.isEmpty();
    }

    /** The serving workers' threads in total. */
    int threads() {
        int n = 0;
        for (WorkerSlot w : workers.values()) {
            n += w.threads;
        }
        return n;
    }

    /** True while some worker asked has not answered. */
    boolean awaitingAnswers() {
        return !preparing.isEmpty();
    }

    /** True if every worker asked answered and refused: more of the same deployment would refuse too. */
    boolean allRefused() {
        return workers.isEmpty() && !refused.isEmpty() && preparing.isEmpty();
    }

    /** Why the run cannot start with the workers it has. */
    String tooFewWorkers() {
        StringBuilder m = new StringBuilder();
        if (asked.isEmpty()) {
            m.append("no phasor worker found in cluster '").append(cluster.clusterName()).append("' within ")
                    .append(policy.workerWait().toSeconds()).append(" s (joined through ")
                    .append(String.join(",", cluster.join())).append("); start workers with: phasor worker --join ")
                    .append(String.join(",", cluster.join())).append(" --cluster-name ").append(cluster.clusterName());
            return m.toString();
        }
        m.append(workers.isEmpty() ? "no worker agrees on pipeline '" + prepared.pipeline().name() + "'"
                : workers.size() + " worker(s) agree on pipeline '" + prepared.pipeline().name()
                        + "', fewer than --min-workers " + policy.minWorkers());
        refused.forEach((name, why) -> m.append("; refused ").append(name).append(": ").append(why));
        if (!preparing.isEmpty()) {
            m.append("; ").append(preparing.size()).append(" worker(s) did not answer within ")
                    .append(policy.workerWait().toSeconds()).append(" s");
        }
        return m.toString();
    }

    private String difference(WorkerAnswer answer) {
        String d = prepared.firstDifference(answer.signature);
        return d != null ? d : "same steps and keys but another plan fingerprint (registered result types differ?)";
    }

    private void warn(String line) {
        err.println("phasor: " + line);
        err.flush();
    }
}
