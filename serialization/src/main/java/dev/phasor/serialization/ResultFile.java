package dev.phasor.serialization;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
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
 *      4    2 format version (big-endian), currently 2
 *      6    2 flags, 0
 *      8   32 step key (SHA-256), so a file is never taken for another key's result
 *     40    8 codec fingerprint (first 8 bytes), so bytes are never decoded with other registrations
 *     48    8 payload length
 *     56    4 CRC32C of the payload, then of bytes 0..55 (format 1: of bytes 0..55, then of the payload)
 *     60    n payload
 * </pre>
 *
 * <p>A payload is written and read in chunks of bounded size ({@link Codec#encode(Object, Codec.Chunks)},
 * {@link Codec#decode(ReadableByteChannel, long)}), so a result is never held twice in memory. Format 2
 * checksums the payload before the header because the header holds the payload's length, known once the
 * last chunk is written (docs/decisions/0012).
 *
 * <p>Writes go to a temporary file in the same directory that is then renamed over the real name, so a
 * reader sees either the old file, the new one, or none: never half a file. Temporary files start with
 * {@code .} and end with {@code .tmp}; {@link #isTemporary} tells them apart for cleaning.
 */
public final class ResultFile {

    /** The format version this code writes; it reads this version and older ones. */
    public static final int FORMAT_VERSION = 2;
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
        return write(target, stepKey, codecFingerprint, chunks -> chunks.accept(body, true), beforeRename, newFile);
    }

    /** A payload that hands its bytes over in chunks, e.g. {@code chunks -> codec.encode(value, chunks)}. */
    @FunctionalInterface
    public interface Payload {
        void writeTo(Codec.Chunks chunks) throws IOException;
    }

    /**
     * Writes the bytes {@code payload} hands over, chunk by chunk, to {@code target} atomically, renaming the
     * file into place only if {@code beforeRename} still says yes once every byte is written (else returns
     * -1). A payload of one chunk is written with its header in one call; a longer one as it comes, and its
     * header last. Whatever fails, no temporary file is left behind.
     *
     * @return the number of bytes written (header included), or -1
     */
    public static long write(Path target, String stepKey, String codecFingerprint, Payload payload,
            BooleanSupplier beforeRename, NewFile newFile) throws IOException {
        Path tmp = temporarySibling(target);
        ChunkedWrite write = new ChunkedWrite(tmp, newFile, headerStart(stepKey, codecFingerprint));
        try {
            try (write) {
                payload.writeTo(write);
            }
            if (!write.finished()) {
                throw new IllegalStateException("the payload of " + target + " ended without its last chunk");
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
        return HEADER_SIZE + write.length();
    }

    /** Reads a checked result file's payload from a channel that holds exactly its bytes. */
    @FunctionalInterface
    public interface PayloadReader<R> {
        R read(Header header, ReadableByteChannel payload) throws IOException;
    }

    /**
     * Reads a result file, handing its header and payload to {@code reader}, and checks the file whole: the
     * bytes the reader left unread are read for the checksum, and a mismatch throws instead of returning what
     * the reader made of the bytes (also when the reader failed on them).
     *
     * @throws CorruptResultException if the file is truncated, damaged, from a newer format, or not a result
     * @throws NoSuchFileException if there is no file
     */
    public static <R> R read(Path file, PayloadReader<R> reader) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Parsed parsed = parseHeader(file, ch);
            CheckedPayload payload = new CheckedPayload(ch, parsed);
            R value;
            try {
                value = reader.read(parsed.header, payload);
            } catch (IOException | RuntimeException e) {
                if (!payload.checksumMatches()) {
                    CorruptResultException damaged = corrupt(file, "checksum mismatch: the file is damaged");
                    damaged.addSuppressed(e);
                    throw damaged;
                }
                throw e;
            }
            if (!payload.checksumMatches()) {
                throw corrupt(file, "checksum mismatch: the file is damaged");
            }
            return value;
        }
    }

    /** Reads and checks only the header; throws {@link CorruptResultException} if the file is not a valid result. */
    public static Header readHeader(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return parseHeader(file, ch).header;
        }
    }

    /**
     * Reads and checks a whole result file and returns its payload.
     *
     * @throws CorruptResultException if the file is truncated, damaged, from a newer format, or not a result
     * @throws NoSuchFileException if there is no file
     */
    public static byte[] readPayload(Path file) throws IOException {
        return read(file).payload();
    }

    /** Reads and checks a whole result file: header and payload. */
    public static Contents read(Path file) throws IOException {
        return read(file, (header, payload) -> new Contents(header, readAll(payload, header.payloadLength())));
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

    private static byte[] readAll(ReadableByteChannel payload, long length) throws IOException {
        ByteBuffer all = ByteBuffer.allocate((int) length); // parseHeader refused lengths past an array's
        while (all.hasRemaining() && payload.read(all) >= 0) {
            // the channel ends exactly at the payload's end
        }
        return all.array();
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

    /** Bytes 0..47 of a header: what is known before the payload. */
    private static byte[] headerStart(String stepKey, String codecFingerprint) {
        byte[] key = HexFormat.of().parseHex(stepKey);
        if (key.length != 32) {
            throw new IllegalArgumentException("step key must be 64 hex digits: " + stepKey);
        }
        byte[] codec = HexFormat.of().parseHex(codecFingerprint.substring(0, 16));
        return ByteBuffer.allocate(48).put(MAGIC).putShort((short) FORMAT_VERSION).putShort((short) 0).put(key)
                .put(codec).array();
    }

    /** The whole header once the payload is written: its length, then the checksum of payload and header. */
    private static ByteBuffer header(byte[] start, long payloadLength, CRC32C payloadCrc) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).put(start).putLong(payloadLength);
        payloadCrc.update(header.array(), 0, HEADER_SIZE - 4);
        return header.putInt((int) payloadCrc.getValue()).flip();
    }

    /** The chunks of one payload, written to a temporary file as they come. */
    private static final class ChunkedWrite implements Codec.Chunks, AutoCloseable {
        private final Path tmp;
        private final NewFile newFile;
        private final byte[] headerStart;
        private final CRC32C crc = new CRC32C();
        private FileChannel ch;
        private long length;
        private boolean finished;

        ChunkedWrite(Path tmp, NewFile newFile, byte[] headerStart) {
            this.tmp = tmp;
            this.newFile = newFile;
            this.headerStart = headerStart;
        }

        @Override
        public void accept(ByteBuffer chunk, boolean last) throws IOException {
            if (finished) {
                throw new IllegalStateException("a chunk after the last one");
            }
            ByteBuffer body = chunk.duplicate();
            crc.update(chunk.duplicate());
            length += body.remaining();
            if (ch == null) {
                ch = newFile.create(tmp);
                if (last) { // the whole payload in one chunk: header and payload in one call
                    writeFully(header(headerStart, length, crc), body);
                    finished = true;
                    return;
                }
                ch.position(HEADER_SIZE);
            }
            writeFully(body);
            if (last) {
                ByteBuffer header = header(headerStart, length, crc);
                while (header.hasRemaining()) {
                    ch.write(header, header.position());
                }
                finished = true;
            }
        }

        boolean finished() {
            return finished;
        }

        long length() {
            return length;
        }

        private void writeFully(ByteBuffer... parts) throws IOException {
            // a gathering write may write less than asked (a full disk writes what fits and says so only on
            // the next call): loop until every byte is written or the file system refuses with ENOSPC
            while (parts[parts.length - 1].hasRemaining()) {
                ch.write(parts);
            }
        }

        @Override
        public void close() throws IOException {
            if (ch != null) {
                ch.close();
            }
        }
    }

    /**
     * The payload of an open result file as a channel of exactly its bytes, checksummed as they are read;
     * {@link #checksumMatches} reads what the reader left.
     */
    private static final class CheckedPayload implements ReadableByteChannel {
        private final FileChannel ch;
        private final Parsed parsed;
        private final CRC32C crc = new CRC32C();
        private long position = HEADER_SIZE;
        private long left;

        CheckedPayload(FileChannel ch, Parsed parsed) {
            this.ch = ch;
            this.parsed = parsed;
            this.left = parsed.header.payloadLength();
            if (parsed.header.formatVersion() == 1) { // format 1 checksums the header first
                crc.update(parsed.raw, 0, HEADER_SIZE - 4);
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (left == 0) {
                return -1;
            }
            int start = dst.position();
            ByteBuffer into = dst.duplicate();
            into.limit(start + (int) Math.min(into.remaining(), left));
            int n = ch.read(into, position);
            if (n < 0) {
                throw new CorruptResultException("file shrank while being read");
            }
            crc.update(into.flip().position(start));
            dst.position(start + n);
            position += n;
            left -= n;
            return n;
        }

        /** Reads what is left of the payload, then says whether the file's checksum holds. */
        boolean checksumMatches() throws IOException {
            if (left > 0) {
                ByteBuffer rest = ByteBuffer.allocate((int) Math.min(left, 64 << 10));
                while (read(rest.clear()) >= 0) {
                    // the checksum takes every byte
                }
            }
            if (parsed.header.formatVersion() >= 2) {
                crc.update(parsed.raw, 0, HEADER_SIZE - 4);
            }
            return (int) crc.getValue() == parsed.storedCrc;
        }

        @Override
        public boolean isOpen() {
            return ch.isOpen();
        }

        @Override
        public void close() {
            // the file is closed by whoever opened it
        }
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
