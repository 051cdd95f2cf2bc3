package dev.phasor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.cache.StatusRecord;
import dev.phasor.cache.StepStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 6, point 6: grouping of step names and the figures of each group. */
class ExecutionTimesTest {

    private static StepStatus done(String step, double ms) {
        return new StatusRecord(step, 0, StepStatus.DONE, "done", "k", "ran", "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:01Z", ms, "local:thread-1", "h", 1, null, null, null, null, null, 0).toStatus();
    }

    @Test
    void prefixGroupingStripsTrailingNumbersAndTheirSeparator() {
        assertEquals("sample_*", ExecutionTimes.prefixGroup("sample_12"));
        assertEquals("chunk-*", ExecutionTimes.prefixGroup("chunk-3"));
        assertEquals("source*", ExecutionTimes.prefixGroup("source0"));
        assertEquals("s0_*", ExecutionTimes.prefixGroup("s0_5"));
        assertEquals("total", ExecutionTimes.prefixGroup("total"));
        assertEquals("42", ExecutionTimes.prefixGroup("42"));
    }

    @Test
    void groupsHaveCountMinMaxMeanTotalAndAreSortedByTotalFirst() {
        List<StepStatus> s = List.of(done("sample_1", 10), done("sample_2", 30), done("sample_3", 20),
                done("merge", 100), StepStatus.pending("sample_4", 0, "k"));
        ExecutionTimes t = ExecutionTimes.of(s, ExecutionTimes.PREFIX, "*", ExecutionTimes.Sort.TOTAL, false);
        assertEquals(List.of("merge", "sample_*"), t.groups().stream().map(ExecutionTimes.GroupTime::group).toList());
        ExecutionTimes.GroupTime sample = t.groups().get(1);
        assertEquals(3, sample.count(), "a pending step has no time");
        assertEquals(10, sample.minMillis());
        assertEquals(30, sample.maxMillis());
        assertEquals(20, sample.meanMillis(), 1e-9);
        assertEquals(60, sample.totalMillis(), 1e-9);

        ExecutionTimes byCountAsc = ExecutionTimes.of(s, ExecutionTimes.PREFIX, "*", ExecutionTimes.Sort.COUNT, true);
        assertEquals("merge", byCountAsc.groups().get(0).group());
        ExecutionTimes byName = ExecutionTimes.of(s, ExecutionTimes.PREFIX, "sample_*", ExecutionTimes.Sort.NAME, false);
        assertEquals(List.of("sample_*"), byName.groups().stream().map(ExecutionTimes.GroupTime::group).toList());
    }

    @Test
    void aRegexGroupsByItsFirstCapturingGroupOrWholeMatch() {
        List<StepStatus> s = List.of(done("align/chr1", 1), done("align/chr2", 2), done("call/chr1", 4));
        ExecutionTimes byTool = ExecutionTimes.of(s, "^([a-z]+)/", "*", ExecutionTimes.Sort.NAME, false);
        assertEquals(List.of("align", "call"), byTool.groups().stream().map(ExecutionTimes.GroupTime::group).toList());
        ExecutionTimes byChr = ExecutionTimes.of(s, "chr\\d+", "*", ExecutionTimes.Sort.NAME, false);
        assertEquals(List.of(2, 1), byChr.groups().stream().map(ExecutionTimes.GroupTime::count).toList());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ExecutionTimes.of(s, "([a-", "*", ExecutionTimes.Sort.NAME, false));
        assertTrue(bad.getMessage().contains("--group-by '([a-'"), bad.getMessage());
    }
}
