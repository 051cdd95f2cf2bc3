package dev.phasor.cluster.mpj;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.api.BackendException;
import dev.phasor.cache.StatusFiles;
import dev.phasor.cache.StatusRecord;
import dev.phasor.cache.StepStatus;
import dev.phasor.exec.StepReport;
import dev.phasor.serialization.KryoCodec;
import dev.phasor.serialization.TypeRegistry;
import dev.phasor.transport.Order;
import dev.phasor.transport.Report;
import java.util.List;
import org.junit.jupiter.api.Test;

class MpjMessageCodecTest {

    private final MessageCodec codec = new MessageCodec();

    private Message roundTrip(Message m) {
        return codec.decode(codec.encode(m), 1);
    }

    @Test
    void everyMessageSurvivesTheTrip() throws Exception {
        StepStatus failed = new StatusRecord("boom", 0, StepStatus.FAILED, "failed", "k1", "ran", "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:01Z", 12.5, "mpj:rank-1", "host", 1, "java.lang.IllegalStateException", "boom",
                "trace\n  at x", null, null, 0).toStatus();
        List<Message> all = List.of(new Message.Hello("fp", 30_000),
                Message.HelloReply.agreeing("fp"), Message.HelloReply.differing("fp2", List.of("a=1", "b=2")),
                new Message.Orders(List.of(new Order("a", 1), new Order("b", 2))),
                new Message.Left("cannot build", 2), new Message.Heartbeat());
        for (Message m : all) {
            assertEquals(m, roundTrip(m));
        }
        Report failedReport = new StepReport(failed, new byte[] {1, 2}).toReport();
        Message.Reports reports = (Message.Reports) roundTrip(new Message.Reports(List.of(failedReport)));
        assertSameReport(failedReport, reports.reports().get(0));
        StepStatus retried = new StatusRecord("flaky", 1, StepStatus.DONE, "done", "k2", "ran", "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:03Z", 3000, "mpj:rank-2", "host", 2, null, null, null, null, null, 8, List.of(
                new StepStatus.Attempt(1, "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", 1000, "timed-out",
                        "Timeout", "step 'flaky' timed out after 1 s"),
                new StepStatus.Attempt(2, "2026-01-01T00:00:02Z", "2026-01-01T00:00:03Z", 1000, "done", null, null))).toStatus();
        Report retriedReport = new StepReport(retried, null).toReport();
        Message.Reports withAttempts = (Message.Reports) roundTrip(new Message.Reports(List.of(retriedReport)));
        assertSameReport(retriedReport, withAttempts.reports().get(0));
        assertEquals(retried, StatusFiles.fromJson(withAttempts.reports().get(0).status()),
                "a retried step's attempt history travels");
        Message.Abort abort = (Message.Abort) roundTrip(new Message.Abort("conflict", 3, new int[] {2, 5}));
        assertEquals("conflict", abort.reason());
        assertEquals(3, abort.exitCode());
        assertArrayEquals(new int[] {2, 5}, abort.lostRanks());
        Message.Finish finish = (Message.Finish) roundTrip(new Message.Finish(new int[] {1}));
        assertArrayEquals(new int[] {1}, finish.lostRanks(), "the ranks the run went on without travel with the finish");
    }

    private static void assertSameReport(Report expected, Report actual) {
        assertEquals(expected.step(), actual.step());
        assertEquals(expected.attempt(), actual.attempt());
        assertEquals(expected.succeeded(), actual.succeeded());
        assertEquals(expected.durationNanos(), actual.durationNanos());
        assertArrayEquals(expected.status(), actual.status());
        assertArrayEquals(expected.result(), actual.result());
    }

    @Test
    void foreignBytesAreRefusedNamingTheSender() {
        BackendException e = assertThrows(BackendException.class, () -> codec.decode(new byte[] {9, 9, 9, 9}, 3));
        assertTrue(e.getMessage().startsWith("cannot decode a message from rank 3"), e.getMessage());
        byte[] notAMessage = new KryoCodec(TypeRegistry.jdk(),
                getClass().getClassLoader()).encode("hello");
        e = assertThrows(BackendException.class, () -> codec.decode(notAMessage, 2));
        assertTrue(e.getMessage().contains("rank 2 sent a java.lang.String"), e.getMessage());
    }
}
