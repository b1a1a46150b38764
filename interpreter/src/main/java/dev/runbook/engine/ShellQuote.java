package dev.runbook.engine;

import java.util.regex.Pattern;

/** Quoting for a POSIX shell on the remote host: the author never quotes an interpolated value. */
public final class ShellQuote {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private ShellQuote() {}

    /** The value as one shell word: bare when it is safe, else in single quotes. */
    public static String word(String value) {
        if (!value.isEmpty() && SAFE.matcher(value).matches()) return value;
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** The value as an SQL string literal. */
    public static String sqlLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
