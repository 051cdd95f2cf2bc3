package dev.phasor.report;

import dev.phasor.cache.StepStatus;
import dev.phasor.internal.IsoInstant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The report's timeline: the steps each worker ran, as an SVG Gantt chart (one lane per worker). */
final class TimelineSvg {

    /** Above this many timed steps the timeline draws the longest ones only. */
    static final int MAX_BARS = 5000;

    private static final int LABEL_WIDTH = 190;
    private static final int TIMELINE_WIDTH = 860;
    private static final int LANE_HEIGHT = 24;
    private static final int BAR_HEIGHT = 16;

    private TimelineSvg() {
    }

    /** A step drawn on the timeline. */
    private record Bar(StepView step, Instant start, Instant end, String worker) {
    }

    static void render(StringBuilder h, RunView view) {
        h.append("<section id=\"timeline\">\n<h2>Timeline by worker</h2>\n");
        List<StepView> timed = new ArrayList<>();
        for (StepView s : view.steps()) {
            if (s.outcome() == Outcome.DONE || s.outcome() == Outcome.FAILED) {
                timed.add(s);
            }
        }
        if (timed.isEmpty()) { // everything reused: show when the reused results were computed
            view.steps().stream().filter(s -> s.outcome() == Outcome.CACHED).forEach(timed::add);
            if (!timed.isEmpty()) {
                h.append("<p class=\"note\">No step ran in this run: every result was reused. Drawn: when the runs"
                        + " before it computed them.</p>\n");
            }
        }
        if (timed.size() > MAX_BARS) {
            h.append("<p class=\"note\">").append(timed.size()).append(" steps ran; the ").append(MAX_BARS)
                    .append(" longest are drawn.</p>\n");
            timed.sort(Comparator.comparingDouble((StepView s) -> s.status().durationMs()).reversed());
            timed = timed.subList(0, MAX_BARS);
        }
        List<Bar> bars = new ArrayList<>();
        for (StepView s : timed) {
            StepStatus st = s.status();
            Instant start = IsoInstant.parse(st.started());
            Instant end = IsoInstant.parse(st.ended());
            if (start != null && end != null) {
                bars.add(new Bar(s, start, end.isBefore(start) ? start : end, st.worker() == null ? "unknown" : st.worker()));
            }
        }
        if (bars.isEmpty()) {
            h.append("<p class=\"note\">No step ran in this run (every step was reused, skipped or not run).</p>\n")
                    .append("</section>\n");
            return;
        }
        Instant t0 = bars.stream().map(Bar::start).min(Comparator.naturalOrder()).orElseThrow();
        Instant t1 = bars.stream().map(Bar::end).max(Comparator.naturalOrder()).orElseThrow();
        double spanMs = Math.max(1, offsetMs(t0, t1));
        Map<String, List<Bar>> lanes = new TreeMap<>(NaturalOrder.INSTANCE);
        bars.forEach(b -> lanes.computeIfAbsent(b.worker(), w -> new ArrayList<>()).add(b));
        int height = lanes.size() * LANE_HEIGHT + 34;
        int width = LABEL_WIDTH + TIMELINE_WIDTH + 20;
        h.append("<svg class=\"gantt\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" data-span-ms=\"").append(Html.fmt(spanMs)).append("\">\n");
        int lane = 0;
        for (Map.Entry<String, List<Bar>> e : lanes.entrySet()) {
            int y = lane * LANE_HEIGHT + 4;
            h.append("<g class=\"lane\" data-worker=\"").append(Html.esc(e.getKey())).append("\" data-steps=\"")
                    .append(e.getValue().size()).append("\">\n");
            h.append("<rect class=\"lane-bg\" x=\"0\" y=\"").append(y - 2).append("\" width=\"").append(width)
                    .append("\" height=\"").append(LANE_HEIGHT).append("\"/>\n");
            h.append("<text class=\"lane-label\" x=\"6\" y=\"").append(y + 13).append("\">")
                    .append(Html.esc(Html.clip(e.getKey(), 26))).append("</text>\n");
            for (Bar b : e.getValue()) {
                double x = LABEL_WIDTH + offsetMs(t0, b.start()) / spanMs * TIMELINE_WIDTH;
                double w = Math.max(1.5, offsetMs(b.start(), b.end()) / spanMs * TIMELINE_WIDTH);
                Outcome o = b.step().outcome();
                h.append("<rect class=\"bar o-").append(o.label()).append("\" data-step=\"").append(Html.esc(b.step().name()))
                        .append("\" data-worker=\"").append(Html.esc(b.worker())).append("\" data-outcome=\"")
                        .append(o.label()).append("\" x=\"").append(Html.fmt(x)).append("\" y=\"").append(y)
                        .append("\" width=\"").append(Html.fmt(w)).append("\" height=\"").append(BAR_HEIGHT)
                        .append("\" fill=\"").append(o.colour()).append("\"><title>")
                        .append(Html.esc(b.step().name() + " (" + o.label() + ") on " + b.worker() + ": "
                                + Html.duration(b.step().status().durationMs()) + ", from +"
                                + Html.duration(offsetMs(t0, b.start()))))
                        .append("</title></rect>\n");
            }
            h.append("</g>\n");
            lane++;
        }
        int axisY = lanes.size() * LANE_HEIGHT + 18;
        h.append("<g class=\"axis\">\n<line x1=\"").append(LABEL_WIDTH).append("\" y1=\"").append(axisY - 12)
                .append("\" x2=\"").append(LABEL_WIDTH + TIMELINE_WIDTH).append("\" y2=\"").append(axisY - 12)
                .append("\"/>\n");
        for (int i = 0; i <= 4; i++) {
            double x = LABEL_WIDTH + TIMELINE_WIDTH * i / 4.0;
            h.append("<text x=\"").append(Html.fmt(x)).append("\" y=\"").append(axisY + 2).append("\" text-anchor=\"")
                    .append(i == 0 ? "start" : i == 4 ? "end" : "middle").append("\">")
                    .append(i == 0 ? "0" : "+" + Html.esc(Html.duration(spanMs * i / 4))).append("</text>\n");
        }
        h.append("</g>\n</svg>\n</section>\n");
    }

    private static double offsetMs(Instant from, Instant to) {
        return java.time.Duration.between(from, to).toNanos() / 1e6;
    }
}
