package dev.phasor.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What {@code <cache>/<pipeline>/runs/<run>.json} holds: who ran the pipeline, where, with what, and how it
 * ended. One file per run (resumed runs included); {@code runs/latest.json} is a copy of the latest.
 *
 * @param format manifest format version
 * @param runId {@code <UTC start, basic ISO>-<random hex>}, also the file name
 * @param pipeline the pipeline's name
 * @param fingerprint the plan fingerprint (the schema digest)
 * @param outcome {@code ok} (every step done), {@code failed} (a step failed or was skipped) or {@code aborted}
 *     (the run stopped with steps not run: backend failure, interrupt)
 * @param startedAt ISO-8601 start of the run (after the schema check)
 * @param endedAt ISO-8601 end of the run
 * @param wallMillis wall time of the run
 * @param host host name of the coordinator
 * @param user the user who ran it
 * @param javaVersion {@code java.version} of the coordinator
 * @param javaVendor {@code java.vendor}
 * @param os {@code os.name os.version (os.arch)}
 * @param phasorVersion Phasor's version
 * @param backend the backend's id
 * @param parallelism steps that could run at once
 * @param args the command line, when run from it
 * @param cache the pipeline's cache directory
 * @param counts steps by outcome: done (ran in this run), cached, failed, skipped, running, pending, and total
 * @param workers steps this run executed, by worker
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunManifest(int format, String runId, String pipeline, String fingerprint, String outcome,
        String startedAt, String endedAt, double wallMillis, String host, String user, String javaVersion,
        String javaVendor, String os, String phasorVersion, String backend, int parallelism, List<String> args,
        String cache, Map<String, Integer> counts, Map<String, Integer> workers) {

    /** The current manifest format. */
    public static final int FORMAT = 1;
}
