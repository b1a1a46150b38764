package dev.runbook.ast;

/** Duration literals: digits and one unit of ms, s, m, h, d. */
public final class Durations {
    private Durations() {}

    /** Milliseconds of a well-formed literal, or -1 if it is not one or overflows. */
    public static long parseMillis(String text) {
        int i = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) i++;
        if (i == 0 || i == text.length()) return -1;
        long unit = switch (text.substring(i)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            case "d" -> 86_400_000L;
            default -> -1L;
        };
        if (unit < 0) return -1;
        try {
            return Math.multiplyExact(Long.parseLong(text.substring(0, i)), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            return -1;
        }
    }

    /** A short human form: 90s -> "1m30s", 0 -> "0s". */
    public static String format(long millis) {
        if (millis % 1000 != 0) return millis + "ms";
        long s = millis / 1000;
        StringBuilder out = new StringBuilder();
        long d = s / 86400, h = s / 3600 % 24, m = s / 60 % 60, sec = s % 60;
        if (d > 0) out.append(d).append('d');
        if (h > 0) out.append(h).append('h');
        if (m > 0) out.append(m).append('m');
        if (sec > 0 || out.isEmpty()) out.append(sec).append('s');
        return out.toString();
    }
}
