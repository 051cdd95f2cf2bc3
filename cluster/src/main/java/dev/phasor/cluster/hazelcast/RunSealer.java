package dev.phasor.cluster.hazelcast;

import dev.phasor.cluster.secret.SealBrokenException;
import dev.phasor.cluster.secret.MessageKeys;
import dev.phasor.cluster.secret.SharedSecret;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The coordinator's side of a run's seals: numbers every message it sends to workers, seals it when the
 * cluster has a secret (the opening {@link PrepareRun} under the secret's key, the rest under the run's key,
 * derived from the run's random nonce), and lets in only the answers sealed for those messages by the member
 * they were sent to. Thread-safe: releases may be sent from a shutdown hook.
 */
final class RunSealer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SharedSecret secret;
    private final UUID self;
    private final String runId;
    private final byte[] nonce = new byte[WorkerGate.NONCE_BYTES];
    private final MessageKeys runKeys;
    private final AtomicLong sequence = new AtomicLong();

    /** A run's sealer; {@code secret} null: its messages travel in the clear, numbered all the same. */
    RunSealer(SharedSecret secret, UUID self, String runId) {
        this.secret = secret;
        this.self = self;
        this.runId = runId;
        RANDOM.nextBytes(nonce);
        this.runKeys = secret == null ? null : secret.runKeys(nonce);
    }

    /** The run's nonce, which its {@link PrepareRun} carries. */
    byte[] nonce() {
        return nonce.clone();
    }

    /** Numbers {@code message} for member {@code to}, sealed when there is a secret; returns it. */
    <M extends SealedMessage> M stamp(M message, UUID to) {
        long seq = sequence.incrementAndGet();
        if (secret == null) {
            message.plain(new SealHeader(message.getClassId(), self, to, runId, seq, null));
        } else {
            message.sealWith(message instanceof PrepareRun ? secret.openingKeys() : runKeys,
                    new SealHeader(message.getClassId(), self, to, runId, seq, secret.id()));
        }
        return message;
    }

    /**
     * Null if {@code answer} may be read (a sealed one is then open): it answers {@code request}, sent to
     * member {@code worker}, sealed with this run's key; else why it is refused.
     */
    String admit(SealedMessage answer, SealHeader request, UUID worker) {
        SealHeader h = answer.header();
        if (secret == null) {
            return answer.isSealed() ? "its answer is sealed with secret " + h.secretId() + ", and this coordinator has"
                    + " no secret: run with the workers' --secret-file" : null;
        }
        if (!answer.isSealed()) {
            return "its answer is not sealed with the cluster's secret (a worker without --secret-file?)";
        }
        if (!secret.id().equals(h.secretId())) {
            return "its answer is sealed with secret " + h.secretId() + ", and this run's is " + secret.id();
        }
        if (!worker.equals(h.from()) || !runId.equals(h.runId()) || h.seq() != request.seq()) {
            return "its answer names another sender, run or message than the one it answers";
        }
        try {
            answer.open(runKeys, self);
            return null;
        } catch (SealBrokenException e) {
            return "its answer's seal is broken (" + e.getMessage() + ")";
        }
    }
}
