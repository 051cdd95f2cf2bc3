package dev.phasor.support;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code HoldLock LOCKFILE LINE [DELAY_MS]}: takes the OS lock of a cache's lock file as a run would, writes
 * {@code LINE} into it ({@code {pid}} stands for its own PID) (a holder line naming any process: the way to leave a lock the file system did
 * not release, as NFS may after a crash), prints {@code locked} and waits to be killed (at most 120 s).
 * With {@code DELAY_MS}, it prints {@code locked} first and writes its line that much later: a run caught
 * between taking the lock and naming itself, while the file still names the run before it.
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
        long delayMs = args.length > 2 ? Long.parseLong(args[2]) : -1;
        if (delayMs >= 0) {
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(delayMs);
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((args[1].replace("{pid}", Long.toString(ProcessHandle.current().pid())) + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        if (delayMs < 0) {
            System.out.println("locked");
            System.out.flush();
        }
        Thread.sleep(120_000);
        System.exit(2);
    }
}
