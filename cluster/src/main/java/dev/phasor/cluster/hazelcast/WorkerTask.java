package dev.phasor.cluster.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import dev.phasor.cluster.secret.MessageKeys;
import java.util.concurrent.Callable;

/**
 * A message the coordinator sends to a worker member's executor: it runs there against that member's
 * {@link WorkerNode}, once the node's {@link WorkerGate} has let it in (opened its seal, checked it is fresh);
 * a message the gate refuses gets {@link #refused} instead. Hazelcast injects the member's instance before
 * {@link #call()}.
 *
 * @param <T> what the worker answers
 */
abstract class WorkerTask<T> extends SealedMessage implements Callable<T>, HazelcastInstanceAware {

    private transient HazelcastInstance hz;
    /** The key the answer is sealed with, set by the gate when it opened this message; null without a secret. */
    transient MessageKeys replyKeys;

    /** What this message does on the worker. */
    abstract T runOn(WorkerNode node);

    /** What the worker answers when its gate refused this message. */
    abstract T refused(WorkerNode node, String why);

    @Override
    public final T call() {
        WorkerNode node = WorkerNode.of(hz);
        String refusal = node.gate().admit(this, hz);
        T answer = refusal == null ? runOn(node) : refused(node, refusal);
        if (answer instanceof SealedMessage reply) {
            node.gate().stampReply(reply, this, hz);
        }
        return answer;
    }

    @Override
    public final void setHazelcastInstance(HazelcastInstance instance) {
        this.hz = instance;
    }
}
