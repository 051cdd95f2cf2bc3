package dev.phasor.plan;

import dev.phasor.internal.NameMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Layers steps into phases: phase 0 for steps without upstream, else 1 + the highest phase of their
 * upstream steps (longest path, so a step waits for no unrelated chain). Kahn's algorithm, iterative,
 * so a chain of a million steps plans without deep recursion; steps inside a phase keep declaration
 * order, so every JVM derives the same plan from the same pipeline.
 *
 * <p>Generic over the step type, given each step's name and upstream names, so that the API can plan a
 * pipeline while it is built without this package importing the API.
 */
public final class Planner {

    private Planner() {
    }

    /**
     * Layers {@code steps} (in declaration order) into phases.
     *
     * @param name a step's name
     * @param upstream the names of the steps a step waits for
     * @throws PlanningException naming the step for a duplicate name or an unknown upstream step, or printing
     *     the cycle
     */
    public static <S> Layers<S> layer(List<S> steps, Function<? super S, String> name,
            Function<? super S, List<String>> upstream) {
        int n = steps.size();
        // one table serves as the name index here and as the plan's phaseOf (its values are set at the end)
        NameMap<Integer> index = new NameMap<>(n);
        for (int i = 0; i < n; i++) {
            String stepName = name.apply(steps.get(i));
            index.put(stepName, null);
            if (index.size() != i + 1) { // entry i must be step i: the layering below indexes both alike
                throw new PlanningException("duplicate step name '" + stepName + "'");
            }
        }
        int[] downstreamCount = new int[n];
        int[][] upstreamOf = upstreamIndices(steps, upstream, index, downstreamCount);
        int[] phase = layers(index, upstreamOf, invert(upstreamOf, downstreamCount));
        return layered(steps, phase, index);
    }

    /** Each step's upstream steps as indices; counts each step's downstream steps into {@code downstreamCount}. */
    private static <S> int[][] upstreamIndices(List<S> steps, Function<? super S, List<String>> upstreamNames,
            NameMap<Integer> index, int[] downstreamCount) {
        int[][] upstream = new int[steps.size()][];
        for (int i = 0; i < upstream.length; i++) {
            List<String> ups = upstreamNames.apply(steps.get(i));
            upstream[i] = new int[ups.size()];
            for (int j = 0; j < ups.size(); j++) {
                int u = index.indexOf(ups.get(j));
                if (u < 0) {
                    throw new PlanningException("step '" + index.nameAt(i) + "' uses unknown upstream step '"
                            + ups.get(j) + "'");
                }
                upstream[i][j] = u;
                downstreamCount[u]++;
            }
        }
        return upstream;
    }

    /** Kahn's algorithm: each step's phase is one more than its latest upstream step's; a cycle is refused. */
    private static int[] layers(NameMap<Integer> names, int[][] upstream, int[][] downstream) {
        int n = upstream.length;
        int[] waiting = new int[n];
        int[] phase = new int[n];
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            waiting[i] = upstream[i].length;
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        int placed = 0;
        while (!ready.isEmpty()) {
            int s = ready.poll();
            placed++;
            for (int d : downstream[s]) {
                phase[d] = Math.max(phase[d], phase[s] + 1);
                if (--waiting[d] == 0) {
                    ready.add(d);
                }
            }
        }
        if (placed < n) {
            throw new PlanningException("cycle: " + describeCycle(names, upstream, waiting));
        }
        return phase;
    }

    private static int[][] invert(int[][] upstream, int[] downstreamCount) {
        int[][] downstream = new int[upstream.length][];
        for (int i = 0; i < upstream.length; i++) {
            downstream[i] = new int[downstreamCount[i]];
        }
        int[] fill = new int[upstream.length];
        for (int i = 0; i < upstream.length; i++) {
            for (int u : upstream[i]) {
                downstream[u][fill[u]++] = i;
            }
        }
        return downstream;
    }

    private static <S> Layers<S> layered(List<S> steps, int[] phase, NameMap<Integer> phaseOf) {
        int phases = 0;
        for (int p : phase) {
            phases = Math.max(phases, p + 1);
        }
        List<List<S>> byPhase = new ArrayList<>(phases);
        for (int p = 0; p < phases; p++) {
            byPhase.add(new ArrayList<>());
        }
        Integer[] boxed = new Integer[phases]; // one Integer per phase, not one per step
        for (int p = 0; p < phases; p++) {
            boxed[p] = p;
        }
        for (int i = 0; i < steps.size(); i++) {
            byPhase.get(phase[i]).add(steps.get(i)); // declaration order inside a phase
            phaseOf.setValueAt(i, boxed[phase[i]]);
        }
        for (int p = 0; p < phases; p++) {
            byPhase.set(p, Collections.unmodifiableList(byPhase.get(p)));
        }
        return new Layers<>(Collections.unmodifiableList(byPhase), Collections.unmodifiableMap(phaseOf));
    }

    /** Walks upstream from a step left unplaced until a step repeats; prints the loop in data-flow order. */
    private static String describeCycle(NameMap<Integer> names, int[][] upstream, int[] waiting) {
        int start = 0;
        while (waiting[start] == 0) {
            start++;
        }
        Map<Integer, Integer> seenAt = new HashMap<>();
        List<Integer> path = new ArrayList<>();
        int s = start;
        while (!seenAt.containsKey(s)) {
            seenAt.put(s, path.size());
            path.add(s);
            for (int u : upstream[s]) {
                if (waiting[u] > 0) { // an unplaced upstream step: still on a cycle or feeding one
                    s = u;
                    break;
                }
            }
        }
        List<Integer> loop = new ArrayList<>(path.subList(seenAt.get(s), path.size()));
        Collections.reverse(loop);
        // Start at the step declared first, so the same cycle always prints the same way (a -> b -> c -> a).
        Collections.rotate(loop, -loop.indexOf(Collections.min(loop)));
        StringBuilder sb = new StringBuilder();
        for (int i : loop) {
            sb.append(names.nameAt(i)).append(" -> ");
        }
        return sb.append(names.nameAt(loop.get(0))).toString();
    }
}
