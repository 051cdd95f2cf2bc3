package dev.phasor.cache;

import dev.phasor.internal.Warnings;
import dev.phasor.api.CacheAccessException;
import dev.phasor.api.CacheLockedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The coordinator's exclusive hold on a pipeline's cache directory, so that two runs never write the
 * same results at once. An OS file lock ({@code fcntl}): released by the OS when the holder dies, so a
 * crashed run never blocks the next one. The file names its holder (pid, host, PID namespace, since when)
 * for the error message, and so that a lock a dead holder left behind is recognised:
 * <ul>
 * <li>the OS lock is free but the file still names a holder: that run died without releasing it (kill -9,
 *     a crash); the lock is taken over, with a message naming the dead holder;</li>
 * <li>the OS lock is held but the holder named is a process of this host (same PID namespace) that no
 *     longer runs: a lock the file system did not release (NFS after a client crash or a lost lock
 *     server). The lock file is replaced by a new one, under a guard file so that two runs never both
 *     take over, and the message names the dead holder;</li>
 * <li>otherwise, a live holder, or one on another host whose PID cannot be checked from here: refused
 *     ({@link CacheLockedException}, exit code 3).</li>
 * </ul>
 *
 * <p>Locks held by this JVM are also kept in a table and checked first, without opening the lock file:
 * POSIX releases all of a process's locks on a file when <em>any</em> of its descriptors for that file is
 * closed, so a refused second attempt in the same JVM must never open (and close) the file.
 */
public final class CacheLock implements AutoCloseable {

    /** Lock files held by this JVM, with their holder line. */
    private static final ConcurrentHashMap<Path, String> HELD_HERE = new ConcurrentHashMap<>();
    /** How long a lock's new holder may take to write its line (it does so microseconds after locking). */
    private static final long HOLDER_GRACE_NANOS = 1_000_000_000L;

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private CacheLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /** The OS lock is held elsewhere: taken over only from a holder of this host known to be dead. */
    private static CacheLock takeOverFromDeadHolder(CacheLayout layout, Path key, String previous, String holderLine)
            throws IOException {
        Optional<LockHolder> dead = LockHolder.parse(previous).filter(LockHolder::isDeadHere);
        if (dead.isEmpty()) {
            throw locked(layout, previous);
        }
        return takeOver(layout, key, previous, dead.get(), holderLine);
    }

    /**
     * The OS lock was free: refuses (closing {@code ch}) if the holder line names a live process of this host,
     * since this file system's locks then do not work; warns when taking over a dead holder's line.
     */
    private static void refuseLiveHolderOfAFreeLock(CacheLayout layout, FileChannel ch, String previous)
            throws IOException {
        Optional<LockHolder> holder = LockHolder.parse(previous);
        if (holder.isPresent() && holder.get().isLocal() && !holder.get().isDeadHere()
                && holder.get().pid() != ProcessHandle.current().pid()) {
            ch.close();
            throw new CacheLockedException("cache " + layout.dir() + " is in use by another run (" + previous
                    + "), which is still running although the file lock was free: the file system's locks"
                    + " do not work here; wait for that run to finish");
        }
        if (!previous.isEmpty()) {
            warn("taking over the lock of cache " + layout.dir() + " left by " + holder.map(Object::toString)
                    .orElse(previous) + ", which ended without releasing it");
        }
    }

    /**
     * Takes the lock of {@code layout}'s pipeline directory, which must exist.
     *
     * @throws CacheLockedException naming the holder if another run has it
     */
    public static CacheLock acquire(CacheLayout layout) {
        Path key = keyOf(layout);
        String holderLine = LockHolder.currentLine();
        String holderHere = HELD_HERE.putIfAbsent(key, holderLine);
        if (holderHere != null) {
            throw locked(layout, holderHere.strip());
        }
        FileChannel ch = null;
        boolean locked = false;
        try {
            ch = layout.mode().openOrCreate(layout.lockFile());
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held in this JVM through another path to the same file
            }
            String previous = readHolder(ch);
            if (lock == null) {
                ch.close();
                CacheLock taken = takeOverFromDeadHolder(layout, key, settledHolder(layout.lockFile(), previous),
                        holderLine);
                locked = true;
                return taken;
            }
            refuseLiveHolderOfAFreeLock(layout, ch, previous);
            write(ch, holderLine);
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

    /**
     * Replaces a lock file whose OS lock outlived its holder (dead on this host) by a new, locked one. A
     * guard file, created exclusively, lets one run at a time do this; a guard left by a dead process of
     * this host is removed.
     */
    private static CacheLock takeOver(CacheLayout layout, Path key, String staleLine, LockHolder dead,
            String holderLine) throws IOException {
        Path guard = layout.lockFile().resolveSibling(".lock.takeover");
        if (!createGuard(guard, holderLine, layout.mode())) {
            throw locked(layout, staleLine + "; another run is taking the lock over");
        }
        FileChannel ch = null;
        try {
            String now = Files.readString(layout.lockFile(), StandardCharsets.UTF_8).strip();
            if (!now.equals(staleLine)) {
                throw locked(layout, now); // someone took it over meanwhile
            }
            Path fresh = layout.lockFile().resolveSibling(".lock.new");
            Files.deleteIfExists(fresh);
            ch = layout.mode().newFile(fresh, StandardOpenOption.READ);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                throw locked(layout, staleLine);
            }
            write(ch, holderLine);
            Files.move(fresh, layout.lockFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            warn("taking over the lock of cache " + layout.dir() + " held by " + dead
                    + ", which is no longer running (the file system did not release its lock)");
            CacheLock taken = new CacheLock(key, ch, lock);
            ch = null;
            return taken;
        } finally {
            closeQuietly(ch);
            Files.deleteIfExists(guard);
        }
    }

    /** Creates the takeover guard; false if a live run holds it. Removes a guard whose creator is dead here. */
    private static boolean createGuard(Path guard, String holderLine, CacheMode mode) throws IOException {
        for (int tries = 0; tries < 2; tries++) {
            try (FileChannel ch = mode.newFile(guard)) {
                write(ch, holderLine);
                return true;
            } catch (FileAlreadyExistsException e) {
                String line;
                try {
                    line = Files.readString(guard, StandardCharsets.UTF_8);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (LockHolder.parse(line).filter(LockHolder::isDeadHere).isEmpty()) {
                    return false;
                }
                Files.deleteIfExists(guard);
            }
        }
        return false;
    }

    /**
     * The holder line of a lock held elsewhere, once its holder has had time to write it. A run that has
     * just taken the OS lock writes its line right after: until then the file is empty or still names the
     * run before it, which may be dead. Read then, that line would make the lock look left by a dead holder
     * and be taken over from a live run, so an empty line, or one naming a holder that is not alive, is read
     * again for a bounded grace period; a live holder's line is taken at once.
     */
    private static String settledHolder(Path lockFile, String seen) throws IOException {
        if (LockHolder.parse(seen).filter(h -> !h.isDeadHere()).isPresent()) {
            return seen;
        }
        long deadline = System.nanoTime() + HOLDER_GRACE_NANOS;
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            String now = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
            if (!now.isEmpty() && !now.equals(seen)) {
                return now;
            }
        }
        return seen;
    }

    private static String readHolder(FileChannel ch) throws IOException {
        long size = Math.min(ch.size(), 4096);
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        while (buf.hasRemaining() && ch.read(buf, buf.position()) >= 0) {
            // read the holder line (short) to its end
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
    }

    private static void write(FileChannel ch, String holderLine) throws IOException {
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(holderLine.getBytes(StandardCharsets.UTF_8)), 0);
    }

    private static void warn(String message) {
        Warnings.warn(message);
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
