package dev.phasor.report;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a pipeline's DAG as text: Mermaid ({@code flowchart}, one subgraph per phase) or Graphviz DOT
 * (one cluster per phase, same rank). Nodes are filled with their outcome's colour once any step has a
 * status, and a legend lists the outcomes that occur.
 */
public enum GraphFormat {
    MERMAID {
        @Override
        public String render(RunView view) {
            StringBuilder out = new StringBuilder("flowchart LR\n");
            Map<String, String> ids = ids(view);
            for (List<StepView> phase : view.phases()) {
                if (phase.isEmpty()) {
                    continue;
                }
                int index = phase.get(0).phase();
                out.append("  subgraph phase_").append(index).append("[\"phase ").append(index).append("\"]\n");
                for (StepView s : phase) {
                    out.append("    ").append(ids.get(s.name())).append("[\"").append(mermaidText(s.name()))
                            .append("\"]\n");
                }
                out.append("  end\n");
            }
            for (StepView s : view.steps()) {
                for (String up : s.upstream()) {
                    out.append("  ").append(ids.get(up)).append(" --> ").append(ids.get(s.name())).append('\n');
                }
            }
            if (hasStatuses(view)) {
                for (Outcome o : present(view)) {
                    out.append("  classDef ").append(o.label()).append(" fill:").append(o.colour())
                            .append(",stroke:#333,color:#000\n");
                }
                for (Outcome o : present(view)) {
                    StringBuilder members = new StringBuilder();
                    for (StepView s : view.steps()) {
                        if (s.outcome() == o) {
                            members.append(members.length() == 0 ? "" : ",").append(ids.get(s.name()));
                        }
                    }
                    out.append("  class ").append(members).append(' ').append(o.label()).append('\n');
                }
            }
            return out.toString();
        }
    },
    DOT {
        @Override
        public String render(RunView view) {
            StringBuilder out = new StringBuilder();
            out.append("digraph ").append(dotId(view.pipeline())).append(" {\n");
            out.append("  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fillcolor=\"")
                    .append(Outcome.PENDING.colour()).append("\", fontname=\"Helvetica\"];\n");
            boolean coloured = hasStatuses(view);
            for (List<StepView> phase : view.phases()) {
                if (phase.isEmpty()) {
                    continue;
                }
                int index = phase.get(0).phase();
                out.append("  subgraph cluster_phase_").append(index).append(" {\n    label=\"phase ").append(index)
                        .append("\";\n    rank=same;\n");
                for (StepView s : phase) {
                    out.append("    ").append(dotId(s.name()));
                    if (coloured) {
                        out.append(" [fillcolor=\"").append(s.outcome().colour()).append("\", tooltip=\"")
                                .append(s.outcome().label()).append("\"]");
                    }
                    out.append(";\n");
                }
                out.append("  }\n");
            }
            for (StepView s : view.steps()) {
                for (String up : s.upstream()) {
                    out.append("  ").append(dotId(up)).append(" -> ").append(dotId(s.name())).append(";\n");
                }
            }
            if (coloured) {
                out.append("  subgraph cluster_legend {\n    label=\"status\";\n");
                for (Outcome o : present(view)) {
                    out.append("    ").append(dotId("legend_" + o.label())).append(" [label=\"").append(o.label())
                            .append("\", fillcolor=\"").append(o.colour()).append("\"];\n");
                }
                out.append("  }\n");
            }
            return out.append("}\n").toString();
        }
    };

    /** The DAG of {@code view} in this format. */
    public abstract String render(RunView view);

    /** True once any step has a status other than pending (before a run, nodes stay uncoloured). */
    static boolean hasStatuses(RunView view) {
        return view.steps().stream().anyMatch(s -> s.outcome() != Outcome.PENDING);
    }

    static Set<Outcome> present(RunView view) {
        Set<Outcome> present = EnumSet.noneOf(Outcome.class);
        view.steps().forEach(s -> present.add(s.outcome()));
        return present;
    }

    /** Mermaid ids: {@code s<index>} (step names may hold characters Mermaid reads as syntax). */
    private static Map<String, String> ids(RunView view) {
        Map<String, String> ids = new HashMap<>();
        for (StepView s : view.steps()) {
            ids.put(s.name(), "s" + ids.size());
        }
        return ids;
    }

    private static String mermaidText(String text) {
        return text.replace("\"", "#quot;");
    }

    private static String dotId(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
