package dev.phasor.report;

import dev.phasor.cache.StepStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Execution times per step and per group of step names, as DryPipe's {@code report-execution-times}:
 * count, min, max, mean and total of the durations in the steps' status files (done and failed steps;
 * a reused step keeps the duration of the run that computed it).
 */
public final class ExecutionTimes {

    /** Grouping by name with trailing digits (and the separator before them) replaced by {@code *}. */
    public static final String PREFIX = "prefix";

    /**
     * One timed step.
     *
     * @param step its name
     * @param group the group its name falls in
     * @param state done or failed
     * @param millis its duration
     * @param worker where it ran
     */
    public record StepTime(String step, String group, String state, double millis, String worker) {
    }

    /** Figures of one group. */
    public record GroupTime(String group, int count, double minMillis, double maxMillis, double meanMillis,
            double totalMillis) {
    }

    /** How to order the group table. */
    public enum Sort {
        TOTAL(Comparator.comparingDouble(GroupTime::totalMillis).reversed()),
        MEAN(Comparator.comparingDouble(GroupTime::meanMillis).reversed()),
        MAX(Comparator.comparingDouble(GroupTime::maxMillis).reversed()),
        MIN(Comparator.comparingDouble(GroupTime::minMillis).reversed()),
        COUNT(Comparator.comparingInt(GroupTime::count).reversed()),
        NAME(Comparator.comparing(GroupTime::group, NaturalOrder.INSTANCE));

        private final Comparator<GroupTime> order;

        Sort(Comparator<GroupTime> order) {
            this.order = order;
        }
    }

    private final List<StepTime> steps;
    private final List<GroupTime> groups;

    private ExecutionTimes(List<StepTime> steps, List<GroupTime> groups) {
        this.steps = steps;
        this.groups = groups;
    }

    /**
     * The times of {@code statuses} (in plan order).
     *
     * @param groupBy {@link #PREFIX}, or a regular expression: a name's group is the first capturing group of its
     *     first match (the whole match without groups); names it does not match form a group of their own
     * @param filter a glob on step names ({@code *} for all)
     * @param sort the order of the groups
     * @param ascending smallest first instead of largest first
     * @throws IllegalArgumentException for a bad regular expression or glob, naming it
     */
    public static ExecutionTimes of(List<StepStatus> statuses, String groupBy, String filter, Sort sort,
            boolean ascending) {
        Function<String, String> grouping = grouping(groupBy);
        Predicate<String> glob = glob(filter);
        List<StepTime> steps = new ArrayList<>();
        for (StepStatus s : statuses) {
            boolean finished = s.status() == StepStatus.DONE || s.status() == StepStatus.FAILED;
            if (finished && s.started() != null && glob.test(s.step())) {
                steps.add(new StepTime(s.step(), grouping.apply(s.step()), s.state().word(), s.durationMs(), s.worker()));
            }
        }
        Map<String, List<Double>> byGroup = new LinkedHashMap<>();
        steps.forEach(t -> byGroup.computeIfAbsent(t.group(), g -> new ArrayList<>()).add(t.millis()));
        List<GroupTime> groups = new ArrayList<>();
        byGroup.forEach((group, times) -> {
            double min = Double.MAX_VALUE;
            double max = 0;
            double total = 0;
            for (double t : times) {
                min = Math.min(min, t);
                max = Math.max(max, t);
                total += t;
            }
            groups.add(new GroupTime(group, times.size(), min, max, total / times.size(), total));
        });
        Comparator<GroupTime> order = ascending ? sort.order.reversed() : sort.order;
        groups.sort(order.thenComparing(GroupTime::group, NaturalOrder.INSTANCE));
        return new ExecutionTimes(List.copyOf(steps), List.copyOf(groups));
    }

    /** The timed steps, in plan order. */
    public List<StepTime> steps() {
        return steps;
    }

    /** The groups, in the requested order. */
    public List<GroupTime> groups() {
        return groups;
    }

    /** The group of {@code name} under {@link #PREFIX}: {@code sample_12} becomes {@code sample_*}. */
    public static String prefixGroup(String name) {
        int end = name.length();
        while (end > 0 && Character.isDigit(name.charAt(end - 1))) {
            end--;
        }
        return end == name.length() || end == 0 ? name : name.substring(0, end) + "*";
    }

    private static Function<String, String> grouping(String groupBy) {
        if (groupBy == null || groupBy.equals(PREFIX)) {
            return ExecutionTimes::prefixGroup;
        }
        Pattern p;
        try {
            p = Pattern.compile(groupBy);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("--group-by '" + groupBy + "' is not a regular expression: "
                    + e.getDescription());
        }
        return name -> {
            Matcher m = p.matcher(name);
            if (!m.find()) {
                return name;
            }
            return m.groupCount() > 0 && m.group(1) != null ? m.group(1) : m.group();
        };
    }

    /** A glob on whole step names: {@code *} any run of characters (slashes too), {@code ?} one character. */
    static Predicate<String> glob(String filter) {
        if (filter == null || filter.equals("*")) {
            return name -> true;
        }
        StringBuilder regex = new StringBuilder();
        for (char c : filter.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString()).asMatchPredicate();
    }

    /** The group table (and, with {@code withSteps}, one line per step) as aligned text. */
    public String table(boolean withSteps) {
        StringBuilder out = new StringBuilder();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"group", "count", "min", "max", "mean", "total"});
        for (GroupTime g : groups) {
            rows.add(new String[] {g.group(), Integer.toString(g.count()), ms(g.minMillis()), ms(g.maxMillis()),
                ms(g.meanMillis()), ms(g.totalMillis())});
        }
        align(out, rows, 1);
        if (withSteps) {
            out.append('\n');
            List<String[]> stepRows = new ArrayList<>();
            stepRows.add(new String[] {"step", "group", "state", "duration", "worker"});
            for (StepTime t : steps) {
                stepRows.add(new String[] {t.step(), t.group(), t.state(), ms(t.millis()),
                    t.worker() == null ? "-" : t.worker()});
            }
            align(out, stepRows, 3);
        }
        return out.toString();
    }

    /** Milliseconds with three significant decimals: the unit is fixed so columns compare at a glance. */
    static String ms(double millis) {
        return String.format(Locale.ROOT, "%.3f ms", millis);
    }

    /** Rows aligned in columns; columns from {@code firstRight} on are right-aligned (numbers). */
    private static void align(StringBuilder out, List<String[]> rows, int firstRight) {
        int[] width = new int[rows.get(0).length];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        });
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                String pad = " ".repeat(width[i] - r[i].length());
                line.append(i >= firstRight ? pad + r[i] : r[i] + pad).append(i < r.length - 1 ? "  " : "");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
