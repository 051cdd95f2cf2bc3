package dev.phasor.cli;

import static dev.phasor.cli.CliTest.phasor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasor.report.Outcome;
import dev.phasor.support.Chromium;
import dev.phasor.testkit.Failing;
import dev.phasor.testkit.InProcessCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 6, point 6: {@code phasor graph} in Mermaid and DOT, before a run and coloured by status after it. */
@org.junit.jupiter.api.Timeout(120)
class GraphCommandTest {

    @TempDir
    Path tmp;

    private String cache() {
        return tmp.resolve("cache").toString();
    }

    /** The Mermaid id of step {@code name} (its node line is {@code id["name"]}). */
    private static String mermaidId(String mermaid, String name) {
        Matcher m = Pattern.compile("(?m)^\\s+(s\\d+)\\[\"" + Pattern.quote(name) + "\"]$").matcher(mermaid);
        assertTrue(m.find(), "no node for " + name + " in\n" + mermaid);
        return m.group(1);
    }

    /** The ids Mermaid's {@code class a,b,c outcome} line gives {@code outcome}. */
    private static String classMembers(String mermaid, Outcome o) {
        Matcher m = Pattern.compile("(?m)^  class (\\S+) " + o.label() + "$").matcher(mermaid);
        return m.find() ? "," + m.group(1) + "," : "";
    }

    @Test
    void mermaidBeforeARunHasOneSubgraphPerPhaseEveryEdgeAndNoColours() {
        InProcessCli.Outcome r = phasor("graph", Failing.class.getName(), "--cache", cache());
        assertEquals(0, r.code(), r::toString);
        String g = r.out();
        assertTrue(g.startsWith("flowchart LR\n"), g);
        assertEquals(3, Pattern.compile("(?m)^  subgraph phase_\\d+\\[\"phase \\d+\"]$").matcher(g).results().count(), g);
        assertEquals(3, Pattern.compile("(?m)^  end$").matcher(g).results().count(), g);
        String boom = mermaidId(g, "boom");
        String afterBoom = mermaidId(g, "after_boom");
        String mixed = mermaidId(g, "mixed");
        String ok1 = mermaidId(g, "ok_1");
        assertTrue(g.contains("  " + boom + " --> " + afterBoom + "\n"), g);
        assertTrue(g.contains("  " + boom + " --> " + mixed + "\n"), g);
        assertTrue(g.contains("  " + ok1 + " --> " + mixed + "\n"), g);
        assertEquals(6, Pattern.compile(" --> ").matcher(g).results().count(), g); // every upstream link once
        assertFalse(g.contains("classDef"), "nothing ran, so nothing is coloured:\n" + g);
        // boom is in phase 0's subgraph, after_after in phase 2's
        assertTrue(g.indexOf(boom + "[") < g.indexOf("subgraph phase_1"), g);
        assertTrue(g.indexOf("[\"after_after\"]") > g.indexOf("subgraph phase_2"), g);
    }

    @Test
    void afterARunNodesAreColouredByStatusFromTheClassAndFromTheCacheAlone() {
        InProcessCli.Outcome run = phasor("run", Failing.class.getName(), "--cache", cache(), "-q");
        assertEquals(1, run.code(), run::toString);

        for (InProcessCli.Outcome r : new InProcessCli.Outcome[] {phasor("graph", Failing.class.getName(), "--cache", cache()),
            phasor("graph", "--cache", cache())}) {
            assertEquals(0, r.code(), r::toString);
            String g = r.out();
            assertTrue(g.contains("  classDef failed fill:" + Outcome.FAILED.colour()), g);
            assertTrue(g.contains("  classDef skipped fill:" + Outcome.SKIPPED.colour()), g);
            assertTrue(g.contains("  classDef done fill:" + Outcome.DONE.colour()), g);
            assertTrue(classMembers(g, Outcome.FAILED).equals("," + mermaidId(g, "boom") + ","), g);
            for (String skipped : new String[] {"after_boom", "after_after", "mixed"}) {
                assertTrue(classMembers(g, Outcome.SKIPPED).contains("," + mermaidId(g, skipped) + ","), g);
            }
            for (String done : new String[] {"ok_1", "ok_2", "ok_3"}) {
                assertTrue(classMembers(g, Outcome.DONE).contains("," + mermaidId(g, done) + ","), g);
            }
        }
    }

    @Test
    void dotHasAClusterPerPhaseEdgesAndFillColoursAndResumedStepsShowAsCached() throws Exception {
        assertEquals(1, phasor("run", Failing.class.getName(), "--cache", cache(), "-q").code());
        assertEquals(1, phasor("run", Failing.class.getName(), "--cache", cache(), "-q").code()); // resume: ok_* reused
        Path file = tmp.resolve("failing.dot");
        InProcessCli.Outcome r = phasor("graph", "--cache", cache(), "--format", "dot", "-o", file.toString());
        assertEquals(0, r.code(), r::toString);
        String g = Files.readString(file);
        assertTrue(g.startsWith("digraph \"failing\" {\n"), g);
        assertTrue(g.endsWith("}\n"), g);
        for (int phase = 0; phase < 3; phase++) {
            assertTrue(g.contains("  subgraph cluster_phase_" + phase + " {\n    label=\"phase " + phase
                    + "\";\n    rank=same;\n"), g);
        }
        assertTrue(g.contains("  \"boom\" -> \"after_boom\";\n"), g);
        assertTrue(g.contains("  \"ok_1\" -> \"mixed\";\n"), g);
        assertTrue(g.contains("    \"boom\" [fillcolor=\"" + Outcome.FAILED.colour() + "\""), g);
        assertTrue(g.contains("    \"mixed\" [fillcolor=\"" + Outcome.SKIPPED.colour() + "\""), g);
        assertTrue(g.contains("    \"ok_2\" [fillcolor=\"" + Outcome.CACHED.colour() + "\""),
                "the second run reused ok_2:\n" + g);
        assertEquals(braces(g, '{'), braces(g, '}'), g);

        // Graphviz itself accepts it, and draws the failed node in the failed colour
        String svg = dot(file);
        assertTrue(svg.contains("<title>boom</title>"), svg);
        assertTrue(svg.contains("fill=\"" + Outcome.FAILED.colour() + "\""), svg);
        assertTrue(svg.contains("<title>cluster_phase_2</title>"), svg);
    }

    /** {@code dot -Tsvg file} (graphviz, installed by scripts/setup-test-tools.sh); fails on a syntax error. */
    private String dot(Path file) throws Exception {
        Path dot = Path.of("/usr/bin/dot");
        if (!Files.isExecutable(dot)) {
            String why = "graphviz is not installed: run scripts/setup-test-tools.sh (apt-get install -y graphviz)";
            org.junit.jupiter.api.Assertions.assertFalse("true".equalsIgnoreCase(System.getenv("CI")), why);
            org.junit.jupiter.api.Assumptions.assumeTrue(false, why);
        }
        Path out = tmp.resolve("graph.svg");
        Path err = tmp.resolve("dot.err");
        Process p = new ProcessBuilder(dot.toString(), "-Tsvg", file.toString(), "-o", out.toString())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly(); // stop what the test started, then fail
            org.junit.jupiter.api.Assertions.fail("dot did not end within 60 s");
        }
        assertEquals(0, p.exitValue(), () -> "dot rejected the graph: " + read(err));
        return Files.readString(out);
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void mermaidItselfRendersTheGraphWithOnePhaseClusterEachAndStatusClasses() throws Exception {
        Chromium chromium = Chromium.require();
        String mermaidJs = System.getenv("PHASOR_MERMAID_JS");
        if (mermaidJs == null || !Files.isRegularFile(Path.of(mermaidJs))) {
            String why = "Mermaid's bundle is missing: run scripts/setup-mermaid.sh and export PHASOR_MERMAID_JS";
            assertFalse("true".equalsIgnoreCase(System.getenv("CI")), why);
            org.junit.jupiter.api.Assumptions.assumeTrue(false, why);
        }
        assertEquals(1, phasor("run", Failing.class.getName(), "--cache", cache(), "-q").code());
        String graph = phasor("graph", "--cache", cache()).out();
        Path page = tmp.resolve("mermaid.html");
        Files.writeString(page, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><script src=\""
                + Path.of(mermaidJs).toUri() + "\"></script></head><body><div id=\"out\"></div><script>\n"
                + "mermaid.initialize({startOnLoad: false});\n"
                + "mermaid.render('g', " + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(graph)
                + ").then(function (r) { document.getElementById('out').innerHTML = r.svg;"
                + " document.body.dataset.rendered = 'true'; })\n"
                + "  .catch(function (e) { document.body.dataset.error = String(e && e.message || e); });\n"
                + "</script></body></html>\n");
        org.jsoup.nodes.Document dom = org.jsoup.Jsoup.parse(chromium.dumpDomAfter(page, tmp, 20_000));
        assertEquals("", dom.body().attr("data-error"), "Mermaid rejected the graph:\n" + graph);
        assertEquals("true", dom.body().attr("data-rendered"), "Mermaid did not finish rendering");
        assertEquals(3, dom.select("#out svg g.cluster").size(), "one cluster per phase");
        java.util.Map<String, String> classes = new java.util.HashMap<>();
        java.util.Map<String, String> drawn = new java.util.HashMap<>();
        for (org.jsoup.nodes.Element node : dom.select("#out svg g.node")) {
            classes.put(node.text().strip(), node.className());
            drawn.put(node.text().strip(), node.html());
        }
        assertEquals(7, classes.size(), classes.toString());
        assertTrue(classes.get("boom").contains("failed"), classes.toString());
        assertTrue(classes.get("mixed").contains("skipped"), classes.toString());
        assertTrue(classes.get("ok_3").contains("done"), classes.toString());
        assertTrue(drawn.get("boom").contains("fill:" + Outcome.FAILED.colour()), "boom is drawn red: " + drawn.get("boom"));
        assertTrue(drawn.get("mixed").contains("fill:" + Outcome.SKIPPED.colour()), drawn.get("mixed"));
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        InProcessCli.Outcome r = phasor("graph", Failing.class.getName(), "--cache", cache(), "--format", "png");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("--format"), r::toString);
    }

    private static long braces(String s, char c) {
        return s.chars().filter(ch -> ch == c).count();
    }
}
