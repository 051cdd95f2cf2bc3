package dev.phasor.cache;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may read and write what Phasor creates in a cache ({@code run --cache-mode}): every file and directory a
 * run creates there gets this mode when it is created, before a byte is written into it, so a result is never
 * readable by more users than the mode allows, not even as a temporary file. Files and directories that exist
 * already keep theirs. On a file system without POSIX permissions every mode is {@link #UMASK}.
 *
 * <p>The mode given at creation passes through the process umask, which may only take permissions away, so
 * {@link #PRIVATE} and {@link #GROUP} set the exact mode right after creating (a {@code chmod}): one system call
 * more per file. {@link #UMASK} sets nothing.
 */
public enum CacheMode {

    /** What the process umask gives: files {@code 0666 & ~umask}, directories {@code 0777 & ~umask}. */
    UMASK(-1, -1),
    /** Only the owner: files {@code 0600}, directories {@code 0700}. */
    PRIVATE(0600, 0700),
    /**
     * The owner and the group: files {@code 0660}, directories {@code 2770}, whose set-group-ID bit gives what is
     * created inside them the directory's group (not the creator's primary group), so the whole team keeps access.
     */
    GROUP(0660, 02770);

    private static final Set<OpenOption> CREATE_NEW = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    /** Octal, as chmod takes it; -1 for {@link #UMASK}. */
    private final int fileMode;
    private final int dirMode;
    /** The read, write and execute bits of the modes; null for {@link #UMASK}. */
    private final Set<PosixFilePermission> filePermissions;
    private final Set<PosixFilePermission> dirPermissions;
    private final FileAttribute<?>[] fileAttributes;
    private final FileAttribute<?>[] dirAttributes;

    CacheMode(int fileMode, int dirMode) {
        this.fileMode = fileMode;
        this.dirMode = dirMode;
        this.filePermissions = permissions(fileMode);
        this.dirPermissions = permissions(dirMode);
        this.fileAttributes = attributes(filePermissions);
        this.dirAttributes = attributes(dirPermissions);
    }

    /** The mode as {@code run --cache-mode} spells it: {@code umask}, {@code private} or {@code group}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode spelled {@code word} (as {@link #word()}, any case).
     *
     * @throws IllegalArgumentException naming the valid words
     */
    public static CacheMode of(String word) {
        for (CacheMode m : values()) {
            if (m.word().equalsIgnoreCase(word)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown cache mode '" + word + "': expected one of " + words());
    }

    /** The valid words, comma separated: {@code umask, private, group}. */
    public static String words() {
        return Arrays.stream(values()).map(CacheMode::word).collect(Collectors.joining(", "));
    }

    /** The permissions of the files this mode creates; empty for {@link #UMASK} (the umask decides). */
    public Optional<Set<PosixFilePermission>> filePermissions() {
        return Optional.ofNullable(filePermissions);
    }

    /**
     * The permissions of the directories this mode creates (the set-group-ID bit of {@link #GROUP}, which
     * {@link PosixFilePermission} cannot say, aside); empty for {@link #UMASK}.
     */
    public Optional<Set<PosixFilePermission>> dirPermissions() {
        return Optional.ofNullable(dirPermissions);
    }

    /**
     * Creates {@code file}, which must not exist, with this mode and opens it for writing (and {@code more}).
     *
     * @throws FileAlreadyExistsException if it exists
     */
    public FileChannel newFile(Path file, OpenOption... more) throws IOException {
        Set<OpenOption> options = CREATE_NEW;
        if (more.length > 0) {
            options = new HashSet<>(CREATE_NEW);
            options.addAll(Arrays.asList(more));
        }
        if (!setsModeOf(file)) {
            return FileChannel.open(file, options);
        }
        FileChannel channel = FileChannel.open(file, options, fileAttributes); // the umask may take bits away...
        try {
            Files.setPosixFilePermissions(file, filePermissions); // ...which this gives back, before any byte
        } catch (IOException | RuntimeException e) {
            IOException failure = cannotSet(file, fileMode, e);
            try (channel) {
                Files.deleteIfExists(file); // empty, and never to be taken for a file of the cache
            } catch (IOException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
        return channel;
    }

    /** {@link #newFile} as a stream. */
    public OutputStream newOutputStream(Path file) throws IOException {
        return Channels.newOutputStream(newFile(file));
    }

    /**
     * Opens {@code file} to append to it (a log), creating it with this mode if it does not exist. A plain file
     * stream, not a channel: an interrupted step thread that prints must not close its log.
     */
    public OutputStream appendTo(Path file) throws IOException {
        if (setsModeOf(file)) {
            try {
                newFile(file).close();
            } catch (FileAlreadyExistsException e) {
                // an earlier attempt's log: appended to as it is
            }
        }
        return new FileOutputStream(file.toFile(), true);
    }

    /** Opens {@code file} to read and write it, creating it with this mode if it does not exist (a lock file). */
    public FileChannel openOrCreate(Path file) throws IOException {
        try {
            return newFile(file, StandardOpenOption.READ);
        } catch (FileAlreadyExistsException e) {
            return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
    }

    /**
     * Creates {@code dir} and its missing parents, each with this mode; those that exist keep theirs. Another
     * process creating one of them at the same time is no error.
     *
     * @return {@code dir}
     */
    public Path createDirectories(Path dir) throws IOException {
        if (!setsModeOf(dir)) {
            return Files.createDirectories(dir);
        }
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            Files.createDirectory(dir, dirAttributes);
        } catch (FileAlreadyExistsException e) {
            if (Files.isDirectory(dir)) {
                return dir; // created by another worker meanwhile: its mode is set by that worker
            }
            throw e;
        }
        try {
            if (dir.getFileSystem().supportedFileAttributeViews().contains("unix")) {
                Files.setAttribute(dir, "unix:mode", dirMode); // with the set-group-ID bit, which POSIX views drop
            } else {
                Files.setPosixFilePermissions(dir, dirPermissions);
            }
        } catch (IOException | RuntimeException e) {
            throw cannotSet(dir, dirMode, e);
        }
        return dir;
    }

    /** False for {@link #UMASK}, and on a file system without POSIX permissions: nothing to set then. */
    private boolean setsModeOf(Path p) {
        return fileMode >= 0 && p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private IOException cannotSet(Path p, int mode, Exception cause) {
        return new IOException("cannot give " + p + " mode " + String.format(Locale.ROOT, "%04o", mode)
                + " (--cache-mode " + word() + "): " + cause.getMessage(), cause);
    }

    private static FileAttribute<?>[] attributes(Set<PosixFilePermission> permissions) {
        return permissions == null ? new FileAttribute<?>[0]
                : new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)};
    }

    /** The read, write and execute bits of {@code mode} (octal, as chmod takes it); null for -1. */
    private static Set<PosixFilePermission> permissions(int mode) {
        if (mode < 0) {
            return null;
        }
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ (0400) ... OTHERS_EXECUTE (0001)
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (0400 >> i)) != 0) {
                set.add(bits[i]);
            }
        }
        return Collections.unmodifiableSet(set);
    }
}
