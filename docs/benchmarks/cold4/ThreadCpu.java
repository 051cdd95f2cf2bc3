package dev.phasor.bench;
import java.nio.file.*;
import java.util.*;

/** Per-thread-kind CPU time of this process from /proc/self/task/N/stat (utime + stime, in ms at 100 Hz ticks). */
final class ThreadCpu {
    static Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Paths.get("/proc/self/task"))) {
            for (Path t : ds) {
                try {
                    String name = Files.readString(t.resolve("comm")).trim();
                    long ns = Long.parseLong(Files.readString(t.resolve("schedstat")).split(" ")[0]);
                    m.merge(kind(name), ns / 1000, Long::sum);
                } catch (Exception e) { }
            }
        } catch (Exception e) { }
        return m;
    }
    static String kind(String n) {
        if (n.startsWith("C2")) return "C2";
        if (n.startsWith("C1")) return "C1";
        if (n.startsWith("G1 Refine") || n.startsWith("G1 Conc") || n.startsWith("G1 Serv")) return "GCconc";
        if (n.startsWith("G1") || n.startsWith("GC")) return "GC";
        if (n.startsWith("phasor-local")) return "steps";
        if (n.equals("java")) return "main";
        if (n.startsWith("VM Thread")) return "vm";
        if (n.equals("main")) return "main";
        return "other";
    }
    static String diff(Map<String, Long> a, Map<String, Long> b) {
        StringBuilder sb = new StringBuilder();
        long tot = 0;
        for (var e : b.entrySet()) { long d = e.getValue() - a.getOrDefault(e.getKey(), 0L); tot += d; sb.append(e.getKey()).append('=').append(d / 1000).append(' '); }
        return sb.append("total=").append(tot / 1000).toString();
    }
}
