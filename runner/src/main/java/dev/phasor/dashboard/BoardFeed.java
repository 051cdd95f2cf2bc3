package dev.phasor.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.phasor.internal.Json;

/**
 * A board's snapshot as JSON, made again only when the board changed (or, while a run is on, once a
 * second, so that the clock and the rate curve move): every page watching it shares one.
 */
public final class BoardFeed {

    private static final long LIVE_REFRESH_MS = 1000;

    private final StepBoard board;
    private final BoardSnapshot snapshots = new BoardSnapshot();
    private long version = -1;
    private long madeAt;
    private boolean live;
    private String json;

    BoardFeed(StepBoard board) {
        this.board = board;
    }

    public StepBoard board() {
        return board;
    }

    /** The latest snapshot. */
    public synchronized String json() {
        long now = System.currentTimeMillis();
        long v = board.version();
        if (json == null || v != version || live && now - madeAt >= LIVE_REFRESH_MS) {
            var snapshot = snapshots.build(board);
            try {
                json = Json.COMPACT.writeValueAsString(snapshot);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the dashboard's snapshot: " + e.getMessage(), e);
            }
            live = Boolean.TRUE.equals(snapshot.get("live"));
            version = v;
            madeAt = now;
        }
        return json;
    }
}
