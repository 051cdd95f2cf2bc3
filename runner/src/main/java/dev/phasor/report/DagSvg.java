package dev.phasor.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report's DAG: steps coloured by outcome in a layered SVG layout, one column per phase. */
final class DagSvg {

    /** Above this many steps the DAG is summarised per phase instead of drawn. */
    static final int MAX_DRAWN_STEPS = 400;

    private static final int NODE_WIDTH = 160;
    private static final int NODE_HEIGHT = 24;
    private static final int COLUMN_WIDTH = 200;
    private static final int ROW_HEIGHT = 32;
    private static final int NODE_LABEL_CHARS = 22;

    private DagSvg() {
    }

    static void render(StringBuilder h, RunView view) {
        h.append("<section id=\"dag\">\n<h2>DAG by phase</h2>\n");
        List<StepView> steps = view.steps();
        if (steps.size() > MAX_DRAWN_STEPS) {
            h.append("<p class=\"note\">").append(steps.size()).append(" steps: too many to draw; per phase:</p>\n")
                    .append("<table class=\"phases\"><thead><tr><th>phase</th><th>steps</th>");
            for (Outcome o : Outcome.values()) {
                h.append("<th>").append(o.label()).append("</th>");
            }
            h.append("</tr></thead><tbody>\n");
            for (List<StepView> phase : view.phases()) {
                if (phase.isEmpty()) {
                    continue;
                }
                h.append("<tr data-phase=\"").append(phase.get(0).phase()).append("\"><td>").append(phase.get(0).phase())
                        .append("</td><td>").append(phase.size()).append("</td>");
                for (Outcome o : Outcome.values()) {
                    h.append("<td>").append(phase.stream().filter(s -> s.outcome() == o).count()).append("</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</tbody></table>\n</section>\n");
            return;
        }
        Map<String, double[]> at = layout(view);
        int rows = view.phases().stream().mapToInt(List::size).max().orElse(1);
        int width = view.phases().size() * COLUMN_WIDTH + 20;
        int height = rows * ROW_HEIGHT + 40;
        h.append("<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\">\n<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\"")
                .append(" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\"")
                .append(" fill=\"#666\"/></marker></defs>\n");
        for (StepView s : steps) {
            double[] to = at.get(s.name());
            for (String up : s.upstream()) {
                double[] from = at.get(up);
                if (from == null) {
                    continue;
                }
                double x1 = from[0] + NODE_WIDTH;
                double y1 = from[1] + NODE_HEIGHT / 2.0;
                double x2 = to[0];
                double y2 = to[1] + NODE_HEIGHT / 2.0;
                double mid = (x1 + x2) / 2;
                h.append("<path class=\"edge\" data-from=\"").append(Html.esc(up)).append("\" data-to=\"").append(Html.esc(s.name()))
                        .append("\" d=\"M").append(Html.fmt(x1)).append(',').append(Html.fmt(y1)).append(" C").append(Html.fmt(mid))
                        .append(',').append(Html.fmt(y1)).append(' ').append(Html.fmt(mid)).append(',').append(Html.fmt(y2)).append(' ')
                        .append(Html.fmt(x2)).append(',').append(Html.fmt(y2)).append("\" marker-end=\"url(#arrow)\"/>\n");
            }
        }
        for (List<StepView> phase : view.phases()) {
            if (phase.isEmpty()) {
                continue;
            }
            int index = phase.get(0).phase();
            h.append("<g class=\"phase\" data-phase=\"").append(index).append("\">\n<text class=\"phase-label\" x=\"")
                    .append(10 + index * COLUMN_WIDTH).append("\" y=\"16\">phase ").append(index).append("</text>\n");
            for (StepView s : phase) {
                double[] p = at.get(s.name());
                Outcome o = s.outcome();
                h.append("<g class=\"node o-").append(o.label()).append("\" data-step=\"").append(Html.esc(s.name()))
                        .append("\" data-outcome=\"").append(o.label()).append("\">\n<title>")
                        .append(Html.esc(s.name() + " (" + o.label() + ")")).append("</title>\n<rect x=\"").append(Html.fmt(p[0]))
                        .append("\" y=\"").append(Html.fmt(p[1])).append("\" rx=\"5\" width=\"").append(NODE_WIDTH)
                        .append("\" height=\"").append(NODE_HEIGHT).append("\" fill=\"").append(o.colour())
                        .append("\"/>\n<text x=\"").append(Html.fmt(p[0] + 8)).append("\" y=\"").append(Html.fmt(p[1] + 16))
                        .append("\">").append(Html.esc(Html.clip(s.name(), NODE_LABEL_CHARS))).append("</text>\n</g>\n");
            }
            h.append("</g>\n");
        }
        h.append("</svg>\n<p class=\"legend\">");
        for (Outcome o : Outcome.values()) {
            h.append("<span class=\"badge o-").append(o.label()).append("\">").append(o.label()).append("</span> ");
        }
        h.append("</p>\n</section>\n");
    }

    /**
     * Node positions: one column per phase; within a phase, steps ordered by the mean row of their upstream
     * steps (one barycentre pass, which removes most edge crossings of fan-out/fan-in pipelines).
     */
    private static Map<String, double[]> layout(RunView view) {
        int rows = view.phases().stream().mapToInt(List::size).max().orElse(1);
        Map<String, double[]> at = new HashMap<>();
        Map<String, Integer> row = new HashMap<>();
        for (List<StepView> phase : view.phases()) {
            List<StepView> ordered = new ArrayList<>(phase);
            Map<String, Double> weight = new LinkedHashMap<>();
            for (int i = 0; i < ordered.size(); i++) {
                StepView s = ordered.get(i);
                double sum = 0;
                int n = 0;
                for (String up : s.upstream()) {
                    Integer r = row.get(up);
                    if (r != null) {
                        sum += r;
                        n++;
                    }
                }
                weight.put(s.name(), n == 0 ? i : sum / n);
            }
            ordered.sort(Comparator.comparingDouble(s -> weight.get(s.name())));
            for (int i = 0; i < ordered.size(); i++) {
                StepView s = ordered.get(i);
                row.put(s.name(), i);
                double centred = (rows - ordered.size()) * ROW_HEIGHT / 2.0; // short columns sit mid-height
                at.put(s.name(), new double[] {10 + s.phase() * COLUMN_WIDTH, 28 + centred + i * ROW_HEIGHT});
            }
        }
        return at;
    }
}
