package dev.phasor.cluster.mpj;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What a frame says of itself in the clear, in its first {@value #SIZE} bytes: the format, its kind, whether its
 * body is sealed, the ranks it is from and for, its run, its sequence number on that rank-to-rank direction and
 * the id of the secret it is sealed with. Under a seal these bytes are the associated data: a sealed frame cannot
 * be passed off as another kind, for another rank or run, or as another number.
 *
 * @param secretId 8 hex digits ({@code SharedSecret.id()}), or null when the sender has no secret
 * @param runId rank 0's random id of the run, 0 before the run is opened and on a link without a secret
 */
record FrameHeader(FrameKind kind, boolean sealed, int from, int to, long runId, long seq, String secretId) {

    static final int SIZE = 34;
    /** "PHM" and the format's version: a frame from another Phasor version is told apart from a broken one. */
    private static final byte[] MAGIC = {'P', 'H', 'M', 1};
    private static final int SEALED = 1;
    private static final int HAS_SECRET = 2;

    /** The header followed by {@code body}. */
    byte[] frame(byte[] body) {
        byte[] frame = new byte[SIZE + body.length];
        write(ByteBuffer.wrap(frame));
        System.arraycopy(body, 0, frame, SIZE, body.length);
        return frame;
    }

    /** The header alone: a sealed frame's associated data. */
    byte[] bytes() {
        byte[] b = new byte[SIZE];
        write(ByteBuffer.wrap(b));
        return b;
    }

    private void write(ByteBuffer out) {
        out.put(MAGIC).put(kind.code()).put((byte) ((sealed ? SEALED : 0) | (secretId != null ? HAS_SECRET : 0)))
                .putInt(from).putInt(to).putLong(runId).putLong(seq)
                .put(secretId != null ? HexFormat.of().parseHex(secretId) : new byte[4]);
    }

    /** The header of {@code frame}, or null if it is not a frame of this format (too short, another magic or kind). */
    static FrameHeader read(byte[] frame) {
        if (frame.length < SIZE || !Arrays.equals(frame, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(frame, MAGIC.length, SIZE - MAGIC.length);
        FrameKind kind = FrameKind.of(in.get());
        int flags = in.get();
        int from = in.getInt();
        int to = in.getInt();
        long runId = in.getLong();
        long seq = in.getLong();
        byte[] id = new byte[4];
        in.get(id);
        if (kind == null) {
            return null;
        }
        return new FrameHeader(kind, (flags & SEALED) != 0, from, to, runId, seq,
                (flags & HAS_SECRET) != 0 ? HexFormat.of().formatHex(id) : null);
    }

    /** What follows the header in {@code frame}. */
    static byte[] body(byte[] frame) {
        return Arrays.copyOfRange(frame, SIZE, frame.length);
    }

    /** A run id as logs show it. */
    static String run(long runId) {
        return String.format("%016x", runId);
    }
}
