package dev.phasor.report;

import dev.phasor.cache.SummaryTable;

/** Text helpers of the report's renderers: escaping, numbers and durations as the report writes them. */
final class Html {

    private Html() {
    }

    static String num(long n) {
        return "<td class=\"num\" data-v=\"" + n + "\">" + n + "</td>";
    }

    static String msCell(double ms) {
        return "<td class=\"num\" data-v=\"" + fmt(ms) + "\">" + esc(duration(ms)) + "</td>";
    }

    /** As the summary table writes it (called for every bar and row: that one is fast). */
    static String duration(double ms) {
        return SummaryTable.duration(ms);
    }

    /** Two decimals, without String.format (called for every coordinate). */
    static String fmt(double v) {
        return Double.toString(Math.round(v * 100) / 100.0);
    }

    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }

    /** Escapes text for HTML element content and double-quoted attributes alike. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        out.append(' ');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
