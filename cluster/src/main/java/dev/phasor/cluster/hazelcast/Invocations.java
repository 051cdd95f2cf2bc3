package dev.phasor.cluster.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;

/** How the coordinator waits for Hazelcast invocations and reads their failures. */
final class Invocations {

    private Invocations() {
    }

    /**
     * Queues the answer of an invocation as an event, on the thread that completes it (Hazelcast's response
     * thread; this one if it is already complete): the callback form of {@code submitToMember} hands each
     * answer to Hazelcast's default async executor, which on a machine of 2 cores or fewer (a common pool of
     * parallelism 1) starts a new thread for every answer. Only a queue insertion runs there.
     */
    static <T> void whenAnswered(Future<T> answer, BiConsumer<T, Throwable> then) {
        if (!(answer instanceof CompletionStage<?> stage)) { // Hazelcast 5's invocation futures all are
            throw new IllegalStateException("Hazelcast returned a " + answer.getClass().getName()
                    + " for an invocation, not a CompletionStage");
        }
        @SuppressWarnings("unchecked")
        CompletionStage<T> typed = (CompletionStage<T>) stage;
        typed.whenCompleteAsync(then, Runnable::run);
    }

    /** True if the failure means the member is gone (its departure event may come after the failure). */
    static boolean memberLeft(HazelcastInstance hz, Member member, Throwable failure) {
        Throwable t = unwrap(failure);
        return t instanceof MemberLeftException || t instanceof TargetNotMemberException
                || t instanceof TargetDisconnectedException || !hz.getCluster().getMembers().contains(member);
    }

    /** The failure's root class and message, for a warning or an error. */
    static String describe(Throwable t) {
        Throwable root = unwrap(t);
        return root.getClass().getSimpleName() + (root.getMessage() != null ? ": " + root.getMessage() : "");
    }

    private static Throwable unwrap(Throwable t) {
        return (t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null
                ? t.getCause() : t;
    }
}
