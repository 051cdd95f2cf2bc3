package dev.phasor.bench;

import dev.phasor.cache.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/** From the first step's start to the last one's end, as the steps' statuses record them. */
record StepSpan(Instant first, Instant last) {

    /** Over the steps that ran (those with both times); a span of none has null ends and is NaN ms long. */
    static StepSpan of(Collection<StepStatus> statuses) {
        Instant first = null;
        Instant last = null;
        for (StepStatus s : statuses) {
            if (s.started() == null || s.ended() == null) {
                continue;
            }
            Instant a = Instant.parse(s.started());
            Instant b = Instant.parse(s.ended());
            first = first == null || a.isBefore(first) ? a : first;
            last = last == null || b.isAfter(last) ? b : last;
        }
        return new StepSpan(first, last);
    }

    double millis() {
        return first == null ? Double.NaN : Duration.between(first, last).toNanos() / 1e6;
    }
}
