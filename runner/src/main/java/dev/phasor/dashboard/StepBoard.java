package dev.phasor.dashboard;

import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.SchemaDocument;
import dev.phasor.cache.StepStatus;
import dev.phasor.report.Outcome;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state of one pipeline as the dashboard shows it: every step of its schema with its latest status.
 * Fed by a run's listener or by a {@link CacheFollower}; writers only post to a queue (a run's coordinator
 * never waits on the page), the server thread applies what was posted when it reads, and a writer applies it
 * now and then only when no reader holds the board (so that with no page open the queue stays short).
 */
public final class StepBoard {

    private final CacheLayout layout;
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicLong posted = new AtomicLong();
    /** Posts between two attempts to apply the queue on the posting thread. */
    private static final int DRAIN_EVERY = 4096;
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();

    // applied state, guarded by lock
    private SchemaDocument schema;
    private final Map<String, Integer> index = new HashMap<>();
    private List<String> names = List.of();
    private int[] phases = new int[0];
    private String[] keys = new String[0];
    private StepStatus[] statuses = new StepStatus[0];
    private boolean[] dispatched = new boolean[0];
    private long[] startMs = new long[0];
    private long[] endMs = new long[0];
    private Instant runStart;
    private boolean live;

    public StepBoard(CacheLayout layout) {
        this.layout = layout;
    }

    public CacheLayout layout() {
        return layout;
    }

    /** A number that changes whenever something was posted: the page is sent a new snapshot then. */
    public long version() {
        return posted.get();
    }

    /** The pipeline's steps are those of {@code schema} now; statuses of steps with the same key are kept. */
    public void postSchema(SchemaDocument schema) {
        post(() -> load(schema));
    }

    /** A run started at {@code start} ({@code live} while it goes on). */
    public void postRun(Instant start, boolean live) {
        post(() -> {
            runStart = start;
            this.live = live;
        });
    }

    /** The latest status of a step (ignored for a step the schema does not have or whose key it is not). */
    public void postStatus(StepStatus status) {
        post(() -> apply(status));
    }

    /** The steps of {@code phase} without an outcome went to workers. */
    public void postDispatched(int phase) {
        post(() -> {
            for (int i = 0; i < phases.length; i++) {
                if (phases[i] == phase && (statuses[i] == null || statuses[i].isUnfinished())) {
                    dispatched[i] = true;
                }
            }
        });
    }

    /**
     * The steps of {@code phase} without an outcome may have been reused from the cache: their status files
     * say so (read here, on the reader's thread, not the run's).
     */
    public void postCachedCheck(int phase) {
        post(() -> {
            for (int i = 0; i < phases.length; i++) {
                if (phases[i] == phase && statuses[i] == null) {
                    StepStatus s = dev.phasor.cache.StatusFiles.read(layout.statusFile(names.get(i)));
                    if (s != null && s.isDone()) {
                        apply(s);
                    }
                }
            }
        });
    }

    /** The run is over: nothing is running any more. */
    public void postEnded() {
        post(() -> {
            live = false;
            java.util.Arrays.fill(dispatched, false);
        });
    }

    private void post(Runnable change) {
        inbox.add(change);
        // with no page open nothing reads: apply now and then, if no reader holds the board, so the queue stays short
        if (posted.incrementAndGet() % DRAIN_EVERY == 0 && lock.tryLock()) {
            try {
                drain();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Applies what was posted; the caller holds {@link #lock}. */
    private void drain() {
        for (Runnable r; (r = inbox.poll()) != null; ) {
            r.run();
        }
    }

    /** Reads the board under its lock, after applying what was posted. */
    public <T> T read(java.util.function.Function<View, T> reader) {
        lock.lock();
        try {
            drain();
            return reader.apply(new View());
        } finally {
            lock.unlock();
        }
    }

    private void load(SchemaDocument doc) {
        Map<String, StepStatus> kept = new HashMap<>();
        for (int i = 0; i < statuses.length; i++) {
            if (statuses[i] != null) {
                kept.put(names.get(i), statuses[i]);
            }
        }
        List<SchemaDocument.PhaseEntry> all = new ArrayList<>(doc.phases());
        if (doc.expansions() != null) {
            doc.expansions().forEach(x -> all.addAll(x.phases()));
        }
        List<String> n = new ArrayList<>();
        List<Integer> ph = new ArrayList<>();
        List<String> k = new ArrayList<>();
        index.clear();
        for (SchemaDocument.PhaseEntry p : all) {
            for (SchemaDocument.StepEntry e : p.steps()) {
                if (index.putIfAbsent(e.name(), n.size()) == null) {
                    n.add(e.name());
                    ph.add(p.phase());
                    k.add(e.key());
                }
            }
        }
        schema = doc;
        names = List.copyOf(n);
        int size = n.size();
        phases = ph.stream().mapToInt(Integer::intValue).toArray();
        keys = k.toArray(String[]::new);
        statuses = new StepStatus[size];
        dispatched = new boolean[size];
        startMs = new long[size];
        endMs = new long[size];
        kept.values().forEach(this::apply);
    }

    private void apply(StepStatus s) {
        Integer i = index.get(s.step());
        if (i == null || (s.key() != null && keys[i] != null && !keys[i].equals(s.key()))) {
            return;
        }
        statuses[i] = s;
        dispatched[i] = s.state() == StepStatus.State.RUNNING;
        startMs[i] = millis(s.started());
        endMs[i] = millis(s.ended());
    }

    private static long millis(String iso) {
        if (iso == null) {
            return 0;
        }
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    /** A read-only look at the applied state, valid inside {@link #read}. */
    public final class View {

        private View() {
        }

        public SchemaDocument schema() {
            return schema;
        }

        public List<String> names() {
            return names;
        }

        public int size() {
            return names.size();
        }

        public int phase(int i) {
            return phases[i];
        }

        public StepStatus status(int i) {
            return statuses[i];
        }

        public long startMs(int i) {
            return startMs[i];
        }

        public long endMs(int i) {
            return endMs[i];
        }

        public Instant runStart() {
            return runStart;
        }

        public boolean live() {
            return live;
        }

        /** The index of {@code step}, or -1. */
        public int indexOf(String step) {
            return index.getOrDefault(step, -1);
        }

        /** What the page shows for step {@code i}. */
        public Outcome outcome(int i) {
            StepStatus s = statuses[i];
            if ((s == null || s.isUnfinished()) && dispatched[i] && live) {
                return Outcome.RUNNING;
            }
            return s == null ? Outcome.PENDING : Outcome.of(s, runStart);
        }

        public Map<String, Integer> emptyCounts() {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (Outcome o : Outcome.values()) {
                counts.put(o.label(), 0);
            }
            return counts;
        }
    }
}
