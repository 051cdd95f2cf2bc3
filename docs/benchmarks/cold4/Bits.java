public class Bits {
    static long t = System.nanoTime();
    static void mark(String w) { long n = System.nanoTime(); System.out.printf("%s=%.1f ", w, (n - t) / 1e6); t = n; }
    public static void main(String[] a) throws Exception {
        mark("start");
        String h = java.net.InetAddress.getLocalHost().getHostName(); mark("getLocalHost");
        long pid = ProcessHandle.current().pid(); mark("pid");
        String s = java.time.Instant.now().toString(); mark("instantToString");
        String d = "pid:[4026531836]".replaceAll("\\D", ""); mark("replaceAll");
        java.util.regex.Pattern.compile("^pid (\\d+) on (\\S+) since (\\S+)(?: \\(pid namespace (\\w+)\\))?"); mark("pattern");
        String x = "pid " + pid + " on " + h + " since " + s; mark("concat");
        System.out.println(h);
    }
}
