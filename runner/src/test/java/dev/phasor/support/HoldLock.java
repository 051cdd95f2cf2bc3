package dev.phasor.support;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code HoldLock LOCKFILE LINE}: takes the OS lock of a cache's lock file as a run would, writes
 * {@code LINE} into it ({@code {pid}} stands for its own PID) (a holder line naming any process: the way to leave a lock the file system did
 * not release, as NFS may after a crash), prints {@code locked} and waits to be killed (at most 120 s).
 */
public final class HoldLock {

    private HoldLock() {
    }

    public static void main(String[] args) throws Exception {
        FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock();
        if (lock == null) {
            System.out.println("busy");
            System.exit(1);
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((args[1].replace("{pid}", Long.toString(ProcessHandle.current().pid())) + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(120_000);
        System.exit(2);
    }
}
