package dev.phasor.cluster.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.util.concurrent.Callable;

/**
 * A message the coordinator sends to a worker member's executor: it runs there against that member's
 * {@link WorkerNode}. Hazelcast injects the member's instance before {@link #call()}.
 *
 * @param <T> what the worker answers
 */
abstract class WorkerTask<T> implements Callable<T>, IdentifiedDataSerializable, HazelcastInstanceAware {

    private transient HazelcastInstance hz;

    /** What this message does on the worker. */
    abstract T runOn(WorkerNode node);

    @Override
    public final T call() {
        return runOn(WorkerNode.of(hz));
    }

    @Override
    public final void setHazelcastInstance(HazelcastInstance instance) {
        this.hz = instance;
    }

    @Override
    public final int getFactoryId() {
        return Messages.FACTORY_ID;
    }
}
