package dev.runbook.check;

import java.util.regex.Pattern;

/**
 * Releases ({@code 7.0}, {@code 11.2.1}, {@code 22.1.1.2}): dot-separated numbers, compared part by
 * part as numbers, a missing part counting as 0 ({@code 22.1 == 22.1.0 < 22.1.1.2}, {@code 9.1 <
 * 10.1}). One definition for the checker (which validates release literals) and the simulator.
 */
public final class Releases {
    private Releases() {}

    /** Parts of at most nine digits: a release part is small, and so never overflows an int. */
    private static final Pattern RELEASE = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,9})*");

    public static boolean isRelease(String text) {
        return text != null && RELEASE.matcher(text).matches();
    }

    /** The numeric parts of a release, or null if the text is not one. */
    public static int[] parts(String text) {
        if (!isRelease(text)) return null;
        String[] pieces = text.split("\\.");
        int[] out = new int[pieces.length];
        for (int i = 0; i < pieces.length; i++) out[i] = Integer.parseInt(pieces[i]);
        return out;
    }

    /** Negative, zero or positive as {@code a} comes before, is the same release as, or comes after {@code b}. */
    public static int compare(int[] a, int[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? a[i] : 0;
            int y = i < b.length ? b[i] : 0;
            if (x != y) return Integer.compare(x, y);
        }
        return 0;
    }
}
