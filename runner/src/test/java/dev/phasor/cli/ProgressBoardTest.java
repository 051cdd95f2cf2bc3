package dev.phasor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.api.Phase;
import dev.phasor.api.Pipeline;
import dev.phasor.api.PipelineBuilder;
import dev.phasor.api.Step;
import dev.phasor.cache.StatusRecord;
import dev.phasor.cache.StepStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 6, point 6: the live progress bar's lines, rendered for fake terminal widths. */
class ProgressBoardTest {

    /** {@code phases} phases of {@code width} steps each (a chain of gates). */
    private static Pipeline layered(int phases, int width) {
        PipelineBuilder p = Pipeline.builder("layers");
        Step<Integer> gate = null;
        for (int ph = 0; ph < phases; ph++) {
            Step<Integer> first = null;
            for (int i = 0; i < width; i++) {
                Step<Integer> s = gate == null ? p.step("p" + ph + "_" + i, () -> 1) : p.step("p" + ph + "_" + i, gate, x -> x);
                first = first == null ? s : first;
            }
            gate = first;
        }
        return p.build();
    }

    private static ProgressBoard board(Pipeline pipeline, int parallelism) {
        List<Integer> sizes = new ArrayList<>();
        pipeline.plan().forEach(ph -> sizes.add(ph.steps().size()));
        return new ProgressBoard(pipeline.name(), sizes, parallelism);
    }

    private static StepStatus finished(String step, int phase, int status) {
        return new StatusRecord(step, phase, status, status == 0 ? "done" : "failed", "k", "ran", null, null, 5,
                "w", "h", 1, null, null, null, null, null, 0).toStatus();
    }

    @Test
    void linesShowDoneFailedAndRunningPerPhaseAndFitTheWidth() {
        Pipeline pipeline = layered(3, 10);
        Phase phase0 = pipeline.plan().phases().get(0);
        ProgressBoard b = board(pipeline, 4);
        b.phaseStarted(phase0, 10, 0, 0);
        for (int i = 0; i < 5; i++) {
            b.stepFinished(finished("p0_" + i, 0, i == 2 ? StepStatus.FAILED : StepStatus.DONE));
        }
        for (int width : new int[] {40, 80, 132}) {
            List<String> lines = b.render(width, 1500);
            assertEquals(4, lines.size(), lines.toString()); // heading + 3 phases
            for (String line : lines) {
                assertTrue(line.length() <= width - 1, width + ": '" + line + "' is " + line.length() + " wide");
            }
            String heading = "layers: 5/30 steps, 1 failed, 4 running, 1.50 s";
            assertEquals(heading.substring(0, Math.min(heading.length(), width - 1)), lines.get(0));
            assertTrue(lines.get(1).contains("5/10 done 4, failed 1"), lines.get(1));
            assertTrue(lines.get(2).contains("0/10"), lines.get(2));
            if (width >= 80) { // room for the bar and every figure
                assertTrue(lines.get(1).matches("phase 0 +\\[[=x>.]+] 5/10 done 4, failed 1, running 4"), lines.get(1));
                assertTrue(lines.get(2).endsWith("running 0 (waiting)"), lines.get(2));
            }
        }
        String line = b.render(80, 0).get(1);
        String bar = line.substring(line.indexOf('['), line.indexOf(']') + 1);
        int inner = bar.length() - 2;
        // half the phase settled: 4/10 done drawn '=', 1/10 failed drawn 'x', then the running marker
        assertEquals(Math.round(inner * 0.4), bar.chars().filter(c -> c == '=').count(), bar);
        assertEquals(Math.round(inner * 0.1), bar.chars().filter(c -> c == 'x').count(), bar);
        assertTrue(bar.contains(">"), bar);
    }

    @Test
    void finishedPhasesFoldIntoOneLineSoTheActiveOnesStayInView() {
        Pipeline pipeline = layered(20, 2);
        ProgressBoard b = board(pipeline, 2);
        for (int ph = 0; ph < 12; ph++) {
            Phase phase = pipeline.plan().phases().get(ph);
            b.phaseStarted(phase, 2, 0, 0);
            b.stepFinished(finished("p" + ph + "_0", ph, StepStatus.DONE));
            b.stepFinished(finished("p" + ph + "_1", ph, ph == 3 ? StepStatus.FAILED : StepStatus.DONE));
            b.phaseFinished(phase);
        }
        b.phaseStarted(pipeline.plan().phases().get(12), 2, 0, 0);
        List<String> lines = b.render(100, 0);
        assertEquals(1 + 1 + ProgressBoard.MAX_PHASE_LINES + 1, lines.size(), String.join("\n", lines));
        assertEquals("phases 0-11 finished (1 failed)", lines.get(1));
        assertTrue(lines.get(2).startsWith("phase 12 "), lines.get(2));
        assertEquals("... 2 more phases pending", lines.get(lines.size() - 1));
        b.phaseStarted(pipeline.plan().phases().get(5), 1, 0, 0); // generated steps joined a finished phase
        assertEquals("phases 0-4 finished (1 failed)", b.render(100, 0).get(1), "phase 5 runs again: it is in view");
    }
}
