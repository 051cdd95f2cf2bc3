package dev.phasor.cli;

import dev.phasor.cache.CacheReader;
import dev.phasor.internal.Json;
import dev.phasor.report.ExecutionTimes;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phasor times}: execution times per name group and per step, like DryPipe's report-execution-times. */
@Command(name = "times", mixinStandardHelpOptions = true,
        description = {"Report execution times from the cache, per group of step names or per step.",
            "Per group: count, min, max, mean and total; with --steps, per step. Groups strip trailing numbers by"
                + " default: sample_1, sample_2 -> sample_*."})
public final class TimesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CacheOptions where;

    @Option(names = "--group-by", paramLabel = "REGEX|prefix", defaultValue = ExecutionTimes.PREFIX,
            description = "prefix (names without their trailing number), or a regular expression whose first group"
                    + " (or whole match) names the group (default: ${DEFAULT-VALUE}).")
    String groupBy;

    @Option(names = "--filter", paramLabel = "GLOB", defaultValue = "*",
            description = "Only steps whose name matches GLOB (default: all).")
    String filter;

    @Option(names = "--sort", paramLabel = "KEY", defaultValue = "total",
            description = "total, mean, max, min, count or name (default: ${DEFAULT-VALUE}, largest first).")
    ExecutionTimes.Sort sort;

    @Option(names = "--asc", description = "Smallest first (names: reverse order).")
    boolean ascending;

    @Option(names = "--steps", description = "Also list every timed step.")
    boolean steps;

    @Option(names = "--json", description = "Print groups and steps as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CacheReader reader = CacheReader.open(where.cache, where.pipeline);
        ExecutionTimes times = ExecutionTimes.of(reader.statuses(), groupBy, filter, sort, ascending);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("pipeline", reader.layout().pipeline());
            doc.put("groupBy", groupBy);
            doc.put("filter", filter);
            doc.put("groups", times.groups());
            doc.put("steps", times.steps());
            out.println(Json.PRETTY.writeValueAsString(doc));
        } else if (times.steps().isEmpty()) {
            out.println("no finished step" + ("*".equals(filter) ? "" : " matches " + filter) + " in "
                    + reader.layout().dir());
        } else {
            out.printf("pipeline %s: %d timed steps in %d groups%n", reader.layout().pipeline(), times.steps().size(),
                    times.groups().size());
            out.print(times.table(steps));
        }
        out.flush();
        return 0;
    }
}
