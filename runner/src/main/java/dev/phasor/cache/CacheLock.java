package dev.phasor.cache;

import dev.phasor.api.CacheAccessException;
import dev.phasor.api.CacheLockedException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The coordinator's exclusive hold on a pipeline's cache directory, so that two runs never write the
 * same results at once. An OS file lock ({@code fcntl}): released by the OS when the holder dies, so a
 * crashed run never blocks the next one. The file names its holder for the error message.
 *
 * <p>Locks held by this JVM are also kept in a table and checked first, without opening the lock file:
 * POSIX releases all of a process's locks on a file when <em>any</em> of its descriptors for that file is
 * closed, so a refused second attempt in the same JVM must never open (and close) the file.
 */
public final class CacheLock implements AutoCloseable {

    /** Lock files held by this JVM, with their holder line. */
    private static final ConcurrentHashMap<Path, String> HELD_HERE = new ConcurrentHashMap<>();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private CacheLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code layout}'s pipeline directory, which must exist.
     *
     * @throws CacheLockedException naming the holder if another run has it
     */
    public static CacheLock acquire(CacheLayout layout) {
        Path key = keyOf(layout);
        String holderLine = holderLine();
        String holderHere = HELD_HERE.putIfAbsent(key, holderLine);
        if (holderHere != null) {
            throw locked(layout, holderHere.strip());
        }
        FileChannel ch = null;
        boolean locked = false;
        try {
            ch = FileChannel.open(layout.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held in this JVM through another path to the same file
            }
            if (lock == null) {
                String holder = Files.readString(layout.lockFile(), StandardCharsets.UTF_8).strip();
                ch.close();
                throw locked(layout, holder);
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(holderLine.getBytes(StandardCharsets.UTF_8)), 0);
            locked = true;
            return new CacheLock(key, ch, lock);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new CacheAccessException("cannot lock cache " + layout.dir() + ": " + e
                    + " (the file system must support file locks)", e);
        } finally {
            if (!locked) {
                HELD_HERE.remove(key, holderLine);
            }
        }
    }

    private static CacheLockedException locked(CacheLayout layout, String holder) {
        return new CacheLockedException("cache " + layout.dir() + " is in use by another run ("
                + (holder.isEmpty() ? "holder unknown" : holder) + "); wait for it to finish. The lock is"
                + " released when that process ends; the file system must support file locks.");
    }

    private static Path keyOf(CacheLayout layout) {
        Path file = layout.lockFile().toAbsolutePath().normalize();
        try {
            return file.getParent().toRealPath().resolve(file.getFileName());
        } catch (IOException e) {
            return file;
        }
    }

    private static String holderLine() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        return "pid " + ProcessHandle.current().pid() + " on " + host + " since " + Instant.now() + "\n";
    }

    /** Releases the lock and clears the holder line. */
    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases the lock anyway
        } finally {
            closeQuietly(channel);
            HELD_HERE.remove(key);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // nothing left to do
            }
        }
    }
}
