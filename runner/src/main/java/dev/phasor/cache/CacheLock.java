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
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The coordinator's exclusive hold on a pipeline's cache directory, so that two runs never write the
 * same results at once. An OS file lock ({@code fcntl}): released by the OS when the holder dies, so a
 * crashed run never blocks the next one. The file names its holder for the error message.
 */
public final class CacheLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private CacheLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code layout}'s pipeline directory, which must exist.
     *
     * @throws CacheLockedException naming the holder if another run has it
     */
    public static CacheLock acquire(CacheLayout layout) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(layout.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another run in this JVM
            }
            if (lock == null) {
                String holder = Files.readString(layout.lockFile(), StandardCharsets.UTF_8).strip();
                ch.close();
                throw new CacheLockedException("cache " + layout.dir() + " is in use by another run ("
                        + (holder.isEmpty() ? "holder unknown" : holder) + "); wait for it to finish. The lock is"
                        + " released when that process ends; the file system must support file locks.");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(holderLine().getBytes(StandardCharsets.UTF_8)), 0);
            return new CacheLock(ch, lock);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new CacheAccessException("cannot lock cache " + layout.dir() + ": " + e
                    + " (the file system must support file locks)", e);
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
