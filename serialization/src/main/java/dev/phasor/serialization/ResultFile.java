package dev.phasor.serialization;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32C;

/**
 * The frame around a result's bytes on disk, and the only code that writes or reads it.
 *
 * <pre>
 * offset size field
 *      0    4 magic "PHSR"
 *      4    2 format version (big-endian), currently 1
 *      6    2 flags, 0
 *      8   32 step key (SHA-256), so a file is never taken for another key's result
 *     40    8 codec fingerprint (first 8 bytes), so bytes are never decoded with other registrations
 *     48    8 payload length
 *     56    4 CRC32C of bytes 0..55 and of the payload
 *     60    n payload
 * </pre>
 *
 * <p>Writes go to a temporary file in the same directory that is then renamed over the real name, so a
 * reader sees either the old file, the new one, or none: never half a file. Temporary files start with
 * {@code .} and end with {@code .tmp}; {@link #isTemporary} tells them apart for cleaning.
 */
public final class ResultFile {

    /** The format version this code writes; it reads this version and older ones. */
    public static final int FORMAT_VERSION = 1;
    static final int HEADER_SIZE = 60;
    private static final byte[] MAGIC = "PHSR".getBytes(StandardCharsets.US_ASCII);

    private ResultFile() {
    }

    /** What a valid result file holds besides its payload. */
    public record Header(int formatVersion, String stepKey, String codecFingerprint, long payloadLength) {
    }

    /**
     * Writes {@code payload} to {@code target} atomically.
     *
     * @param stepKey 64 hex digits, the key of the step whose result this is
     * @param codecFingerprint at least 16 hex digits, {@link Codec#fingerprint()}
     * @return the number of bytes written (header included)
     */
    public static long write(Path target, String stepKey, String codecFingerprint, byte[] payload) throws IOException {
        return write(target, stepKey, codecFingerprint, ByteBuffer.wrap(payload));
    }

    /**
     * Writes the remaining bytes of {@code payload} to {@code target} atomically (as the array form; a direct
     * buffer goes to the file without the copy the JDK makes of a heap array). Leaves its position alone.
     */
    public static long write(Path target, String stepKey, String codecFingerprint, ByteBuffer payload)
            throws IOException {
        return write(target, stepKey, codecFingerprint, payload, () -> true);
    }

    /**
     * As {@link #write(Path, String, String, ByteBuffer)}, but renames into place only if {@code beforeRename}
     * still says yes once the bytes are written (a writer that may have been overtaken asks as late as it can);
     * otherwise removes the temporary file and returns -1.
     */
    public static long write(Path target, String stepKey, String codecFingerprint, ByteBuffer payload,
            BooleanSupplier beforeRename) throws IOException {
        return write(target, stepKey, codecFingerprint, payload, beforeRename, NEW_FILE);
    }

    /**
     * Creates a file that does not exist yet and opens it for writing: how the writer of a cache gives the
     * temporary file its permissions before any byte is written (so a result is never readable by more users
     * than its final file, not even while it is written).
     */
    @FunctionalInterface
    public interface NewFile {
        FileChannel create(Path file) throws IOException;
    }

    /** A new file with the permissions the process umask gives ({@code 0666 & ~umask}). */
    private static final NewFile NEW_FILE = file -> FileChannel.open(file, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);

    /**
     * As {@link #write(Path, String, String, ByteBuffer, BooleanSupplier)}, the temporary file created by
     * {@code newFile}.
     */
    public static long write(Path target, String stepKey, String codecFingerprint, ByteBuffer payload,
            BooleanSupplier beforeRename, NewFile newFile) throws IOException {
        ByteBuffer body = payload.duplicate();
        long length = body.remaining();
        ByteBuffer header = header(stepKey, codecFingerprint, body);
        Path tmp = temporarySibling(target);
        try {
            try (FileChannel ch = newFile.create(tmp)) {
                ByteBuffer[] parts = {header, body};
                // a gathering write may write less than asked (a full disk writes what fits and says so only
                // on the next call): loop until every byte is written or the file system refuses with ENOSPC
                while (header.hasRemaining() || body.hasRemaining()) {
                    ch.write(parts);
                }
            }
            if (!beforeRename.getAsBoolean()) {
                Files.deleteIfExists(tmp);
                return -1;
            }
            moveIntoPlace(tmp, target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp); // never leave a partial temporary file behind a failed write
            throw e;
        }
        return HEADER_SIZE + length;
    }

    /** Reads a checked result file's payload; the buffer is valid only during the call. */
    @FunctionalInterface
    public interface PayloadReader<R> {
        R read(Header header, ByteBuffer payload) throws IOException;
    }

    /**
     * Reads and checks a whole result file and hands its header and payload to {@code reader}. A payload up
     * to {@value #MAX_POOLED_READ} bytes is read into a direct buffer this thread reuses (no array per read,
     * and no copy from the JDK's own direct buffer into one), so it must not escape the call.
     *
     * @throws CorruptResultException if the file is truncated, damaged, from a newer format, or not a result
     * @throws NoSuchFileException if there is no file
     */
    public static <R> R read(Path file, PayloadReader<R> reader) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Parsed parsed = parseHeader(file, ch);
            long length = parsed.header.payloadLength();
            ByteBuffer payload;
            if (length <= MAX_POOLED_READ) {
                payload = READ_BUFFER.get();
                if (payload.capacity() < length) {
                    payload = ByteBuffer.allocateDirect((int) Math.max(length, Math.min(MAX_POOLED_READ, 2L * payload.capacity())));
                    READ_BUFFER.set(payload);
                }
                payload.clear().limit((int) length);
            } else {
                payload = ByteBuffer.allocate((int) length);
            }
            readFully(ch, payload, HEADER_SIZE);
            payload.flip();
            checkCrc(file, parsed, payload.duplicate());
            return reader.read(parsed.header, payload);
        }
    }

    /** Payloads read into a reused direct buffer up to this size; larger ones get an array of their own. */
    static final int MAX_POOLED_READ = 4 << 20;
    private static final ThreadLocal<ByteBuffer> READ_BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(4096));

    /** Reads and checks only the header; throws {@link CorruptResultException} if the file is not a valid result. */
    public static Header readHeader(Path file) throws IOException {
        return parse(file, false).header;
    }

    /**
     * Reads and checks a whole result file and returns its payload.
     *
     * @throws CorruptResultException if the file is truncated, damaged, from a newer format, or not a result
     * @throws NoSuchFileException if there is no file
     */
    public static byte[] readPayload(Path file) throws IOException {
        return parse(file, true).payload;
    }

    /** Reads and checks a whole result file: header and payload. */
    public static Contents read(Path file) throws IOException {
        return parse(file, true);
    }

    /** True for the names of temporary files this class writes (and a crash may leave behind). */
    public static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(".tmp");
    }

    /** Renames {@code tmp} over {@code target} atomically where the file system allows it. */
    public static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A fresh temporary name beside {@code target}: {@code .<name>.<random>.tmp}. */
    public static Path temporarySibling(Path target) throws FileAlreadyExistsException {
        String random = Long.toHexString(ThreadLocalRandom.current().nextLong());
        return target.resolveSibling("." + target.getFileName() + "." + random + ".tmp");
    }

    /** A whole, checked result file. */
    public record Contents(Header header, byte[] payload) {
    }

    private static Contents parse(Path file, boolean withPayload) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Parsed parsed = parseHeader(file, ch);
            if (!withPayload) {
                return new Contents(parsed.header, null);
            }
            ByteBuffer payload = ByteBuffer.allocate((int) parsed.header.payloadLength());
            readFully(ch, payload, HEADER_SIZE);
            payload.flip();
            checkCrc(file, parsed, payload.duplicate());
            return new Contents(parsed.header, payload.array());
        }
    }

    /** A checked header, and its raw bytes (the checksum covers them). */
    private record Parsed(Header header, byte[] raw, int storedCrc) {
    }

    private static Parsed parseHeader(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < HEADER_SIZE) {
            throw corrupt(file, "truncated: " + size + " bytes, shorter than the " + HEADER_SIZE + "-byte header");
        }
        ByteBuffer head = ByteBuffer.allocate(HEADER_SIZE);
        readFully(ch, head, 0);
        head.flip();
        byte[] magic = new byte[4];
        head.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw corrupt(file, "not a Phasor result file (bad magic)");
        }
        int version = Short.toUnsignedInt(head.getShort());
        if (version > FORMAT_VERSION) {
            throw corrupt(file, "written in result format " + version + " by a newer Phasor; this one reads up to "
                    + FORMAT_VERSION);
        }
        head.getShort();
        byte[] key = new byte[32];
        head.get(key);
        byte[] codec = new byte[8];
        head.get(codec);
        long length = head.getLong();
        int storedCrc = head.getInt();
        if (length != size - HEADER_SIZE) {
            throw corrupt(file, "truncated or padded: header announces " + length + " payload bytes, file holds "
                    + (size - HEADER_SIZE));
        }
        if (length > Integer.MAX_VALUE - 16) {
            throw corrupt(file, "payload of " + length + " bytes is larger than a Java array");
        }
        Header header = new Header(version, HexFormat.of().formatHex(key), HexFormat.of().formatHex(codec), length);
        return new Parsed(header, head.array(), storedCrc);
    }

    private static void checkCrc(Path file, Parsed parsed, ByteBuffer payload) throws CorruptResultException {
        CRC32C crc = new CRC32C();
        crc.update(parsed.raw, 0, HEADER_SIZE - 4);
        crc.update(payload);
        if ((int) crc.getValue() != parsed.storedCrc) {
            throw corrupt(file, "checksum mismatch: the file is damaged");
        }
    }

    private static ByteBuffer header(String stepKey, String codecFingerprint, ByteBuffer payload) {
        byte[] key = HexFormat.of().parseHex(stepKey);
        if (key.length != 32) {
            throw new IllegalArgumentException("step key must be 64 hex digits: " + stepKey);
        }
        byte[] codec = HexFormat.of().parseHex(codecFingerprint.substring(0, 16));
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
        header.put(MAGIC).putShort((short) FORMAT_VERSION).putShort((short) 0).put(key).put(codec)
                .putLong(payload.remaining());
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, HEADER_SIZE - 4);
        crc.update(payload.duplicate());
        header.putInt((int) crc.getValue());
        header.flip();
        return header;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new CorruptResultException("file shrank while being read");
            }
            pos += n;
        }
    }

    private static CorruptResultException corrupt(Path file, String why) {
        return new CorruptResultException(file + ": " + why);
    }
}
