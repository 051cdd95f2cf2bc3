package dev.phasor.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/** What the dashboard tests read from the page in a {@link LiveBrowser}, and the checks every backend shares. */
public final class DashboardPage {

    private final LiveBrowser page;
    private final Duration limit;

    public DashboardPage(LiveBrowser page, Duration limit) {
        this.page = page;
        this.limit = limit;
    }

    /** The expression of the state the page shows for {@code step}'s cell. */
    public static String cell(String step) {
        return "document.querySelector('.cell[data-step=\"" + step + "\"]')?.dataset.state";
    }

    /**
     * Marks the window once it shows the dashboard (its first snapshot drawn), so that {@link #assertSameDocument}
     * can tell a reload or a navigation: either would replace the window's globals.
     */
    public void markDocument() throws Exception {
        await("document.body.dataset.ready === 'true'", "the dashboard draws its first snapshot");
        page.eval("window.phasorTestMark = 'marked'");
    }

    /** The document marked by {@link #markDocument} is still the one shown: no reload since. */
    public void assertSameDocument(String when) throws Exception {
        JsonNode mark = page.eval("window.phasorTestMark");
        assertEquals("marked", mark == null ? null : mark.asText(), "the page was reloaded " + when);
    }

    /** Waits for {@code js} to be true in the page; fails with {@code what} after the limit. */
    public void await(String js, String what) throws Exception {
        assertTrue(page.waitFor(js, limit), what);
    }

    /** While the run is live, {@code step} is seen waiting (pending or running), then done: the page follows the run. */
    public void seesStepWaitThenFinish(String step) throws Exception {
        await("document.body.dataset.live === 'true' && ['pending', 'running'].includes(" + cell(step) + ")",
                step + " seen waiting while the run is live");
        await(cell(step) + " === 'done'", step + " turns done on the page");
    }

    /** The failed step's card shows {@code error} as text and a log tail ending with {@code lastLine}. */
    public void showsFailure(String step, String error, String lastLine) throws Exception {
        assertEquals(error, page.eval("document.querySelector('.failure[data-step=" + step + "] .error').textContent")
                .asText());
        String log = page.eval("document.querySelector('.failure[data-step=" + step + "] pre.log').textContent").asText();
        assertTrue(log.endsWith(lastLine), log);
    }

    /** The task stream's lanes, by worker name, top to bottom. */
    public List<String> lanes() throws Exception {
        String joined = page.eval("[...document.querySelectorAll('svg.gantt g.lane')].map(l => l.dataset.worker)"
                + ".join('\\n')").asText();
        return joined.isEmpty() ? List.of() : List.of(joined.split("\n"));
    }
}
