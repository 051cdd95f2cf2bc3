package dev.phasor.dashboard;

import dev.phasor.cache.CacheLayout;
import dev.phasor.cache.CacheReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The pipelines a dashboard shows, each with its board and the snapshots made of it. */
public interface Boards extends AutoCloseable {

    /** The pipelines' names, in the order the page lists them. */
    List<String> names();

    /** The feed of {@code pipeline}, or null when there is no such pipeline. */
    BoardFeed feed(String pipeline);

    @Override
    default void close() {
    }

    /** The one pipeline a run feeds through a {@link DashboardListener}. */
    static Boards of(StepBoard board) {
        BoardFeed feed = new BoardFeed(board);
        return new Boards() {
            @Override
            public List<String> names() {
                return List.of(board.layout().pipeline());
            }

            @Override
            public BoardFeed feed(String pipeline) {
                return board.layout().pipeline().equals(pipeline) ? feed : null;
            }
        };
    }

    /** Every pipeline under a cache root, each followed on disk (read-only) from the first time it is asked for. */
    static Boards following(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        Map<String, BoardFeed> feeds = new ConcurrentHashMap<>();
        Map<String, CacheFollower> followers = new ConcurrentHashMap<>();
        return new Boards() {
            @Override
            public List<String> names() {
                return CacheReader.pipelines(absolute);
            }

            @Override
            public BoardFeed feed(String pipeline) {
                if (pipeline == null || !names().contains(pipeline)) {
                    return null;
                }
                return feeds.computeIfAbsent(pipeline, p -> {
                    StepBoard board = new StepBoard(new CacheLayout(absolute, p));
                    CacheFollower follower = new CacheFollower(board.layout(), board);
                    followers.put(p, follower);
                    follower.start();
                    return new BoardFeed(board);
                });
            }

            @Override
            public void close() {
                followers.values().forEach(CacheFollower::close);
            }
        };
    }
}
