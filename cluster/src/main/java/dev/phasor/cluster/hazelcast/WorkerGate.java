package dev.phasor.cluster.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.phasor.cluster.secret.FreshnessGuard;
import dev.phasor.cluster.secret.SealBrokenException;
import dev.phasor.cluster.secret.MessageKeys;
import dev.phasor.cluster.secret.SharedSecret;
import java.util.HexFormat;
import java.util.UUID;

/**
 * What a worker lets in. Without a secret: every message in the clear, as before there were secrets. With one:
 * only messages sealed with it — a run's opening {@link PrepareRun} under the secret's own key, issued within
 * the allowed clock skew and never seen before; every later message under that run's key, each sequence number
 * once. Everything else is refused before any field of it is read, and the refusal is logged with the member
 * the message says it comes from (a message that is not sealed can name any member). Answers are sealed with
 * the key of the message they answer.
 */
final class WorkerGate {

    /** A run's nonce: 128 random bits. */
    static final int NONCE_BYTES = 16;

    private final SharedSecret secret;
    private final WorkerNode node;
    private final FreshnessGuard fresh = new FreshnessGuard();

    WorkerGate(SharedSecret secret, WorkerNode node) {
        this.secret = secret;
        this.node = node;
    }

    /** Null if {@code task} may run (its body is then open), else why it is refused. */
    String admit(WorkerTask<?> task, HazelcastInstance hz) {
        SealHeader h = task.header();
        // looked up once: the run may be released meanwhile
        WorkerRun run = task instanceof PrepareRun ? null : node.run(h.runId());
        if (secret != null && task.isSealed() && !(task instanceof PrepareRun) && secret.id().equals(h.secretId())
                && (run == null || run.keys() == null)) {
            return "the worker holds no run " + h.runId(); // ended or never built here (e.g. a refused worker's release)
        }
        String why = check(task, h, run, hz.getCluster().getLocalMember().getUuid());
        if (why != null) {
            node.say("refused a " + task.getClass().getSimpleName() + " message from " + sender(hz, h.from()) + ": "
                    + why);
        }
        return why;
    }

    /** Seals {@code reply} with the key {@code request} was opened with, or stamps it as sent in the clear. */
    void stampReply(SealedMessage reply, WorkerTask<?> request, HazelcastInstance hz) {
        SealHeader r = request.header();
        UUID self = hz.getCluster().getLocalMember().getUuid();
        if (request.replyKeys != null) {
            reply.sealWith(request.replyKeys, new SealHeader(reply.getClassId(), self, r.from(), r.runId(), r.seq(),
                    secret.id()));
        } else {
            reply.plain(new SealHeader(reply.getClassId(), self, r.from(), r.runId(), r.seq(), null));
        }
    }

    private String check(WorkerTask<?> task, SealHeader h, WorkerRun run, UUID self) {
        if (secret == null) {
            return task.isSealed() ? "it is sealed with secret " + h.secretId() + " and this worker has no secret:"
                    + " start it with --secret-file (or " + SharedSecret.ENV + ")" : null;
        }
        if (!task.isSealed()) {
            return "it is not sealed with the cluster's secret: its sender has none (a coordinator run without"
                    + " --secret-file, or a member that is not Phasor's)";
        }
        if (!secret.id().equals(h.secretId())) {
            return "it is sealed with secret " + h.secretId() + ", and this worker's secret is " + secret.id()
                    + ": give coordinators and workers the same --secret-file";
        }
        MessageKeys keys = task instanceof PrepareRun ? secret.openingKeys() : run.keys();
        try {
            task.open(keys, self);
        } catch (SealBrokenException e) {
            return "its seal is broken (" + e.getMessage() + "): it was changed, or sealed for another member";
        }
        if (task instanceof PrepareRun p) {
            if (p.nonce == null || p.nonce.length != NONCE_BYTES) {
                return "its run nonce is not " + NONCE_BYTES + " bytes";
            }
            String stale = fresh.accept(HexFormat.of().formatHex(p.nonce), p.issuedAtMillis, System.currentTimeMillis());
            if (stale != null) {
                return "it opens run " + h.runId() + ", but " + stale;
            }
            task.replyKeys = secret.runKeys(p.nonce);
        } else {
            if (!run.replays.accept(h.seq())) {
                return "its sequence number " + h.seq() + " in run " + h.runId() + " was taken before (a replay)";
            }
            task.replyKeys = keys;
        }
        return null;
    }

    /** The member a message names as its sender, by address when it is in the cluster. */
    private static String sender(HazelcastInstance hz, UUID from) {
        if (from == null) {
            return "a member that does not say who it is";
        }
        for (Member m : hz.getCluster().getMembers()) {
            if (m.getUuid().equals(from)) {
                return "member " + m.getAddress().getHost() + ":" + m.getAddress().getPort();
            }
        }
        return "member " + from + " (not in the cluster)";
    }
}
