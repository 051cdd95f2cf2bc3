package dev.phasor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Decision 0015: the bench's full GCs measure the heap without giving it back to the OS. */
class HeapProbeTest {

    private static long committed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }

    @Test
    void aProbeKeepsTheHeapItsRunGrewAndRestoresTheFreeRatio() {
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String ratio = hotSpot.getVMOption("MaxHeapFreeRatio").getValue();
        long sum = 0;
        for (int i = 0; i < 64; i++) { // 256 MiB of garbage: the heap grows to hold it
            byte[] block = new byte[4 << 20];
            block[i] = 1;
            sum += block[i] + block.length;
        }
        assertEquals(64L * ((4 << 20) + 1), sum);
        long grown = committed();
        HeapProbe probe = HeapProbe.start(); // a full GC: with the default free ratio it would shrink the heap
        assertTrue(committed() >= grown, "committed " + committed() + " after the probe, " + grown + " before");
        assertTrue(probe.retained() >= 0);
        assertEquals(ratio, hotSpot.getVMOption("MaxHeapFreeRatio").getValue(), "the JVM's own setting is back");
    }
}
