package dev.runbook.parse;

import dev.runbook.ast.Expr;
import dev.runbook.ast.Name;
import dev.runbook.source.Code;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.Source;
import dev.runbook.source.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a string token. Double quotes: escapes ({@code \" \' \\ \n \t \$}) and {@code ${path}}
 * interpolations with their own spans. Single quotes: literal text, with {@code \'} and {@code \\} only.
 */
final class StringLiterals {
    private final Source source;
    private final List<Diagnostic> diagnostics;

    StringLiterals(Source source, List<Diagnostic> diagnostics) {
        this.source = source;
        this.diagnostics = diagnostics;
    }

    /** {@code raw} is the token text with its quotes; {@code offset} is where it starts in the source. */
    Expr.StringLit parse(String raw, int offset, Span span) {
        char quote = raw.charAt(0);
        boolean closed = raw.length() >= 2 && raw.charAt(raw.length() - 1) == quote && !endsEscaped(raw);
        int end = closed ? raw.length() - 1 : raw.length();
        List<Expr.StringLit.Part> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 1;
        while (i < end) {
            char c = raw.charAt(i);
            if (c == '\\' && quote == '\'' && i + 1 < end) {
                // single quotes are literal: only \' and \\ are escapes, other backslashes stay as written
                char e = raw.charAt(i + 1);
                if (e == '\'' || e == '\\') {
                    text.append(e);
                    i += 2;
                } else {
                    text.append(c);
                    i++;
                }
            } else if (c == '\\' && i + 1 < end) {
                char e = raw.charAt(i + 1);
                switch (e) {
                    case '"', '\'', '\\', '$' -> text.append(e);
                    case 'n' -> text.append('\n');
                    case 't' -> text.append('\t');
                    default -> diagnostics.add(Diagnostic.of(Code.BAD_ESCAPE, source, source.span(offset + i, offset + i + 2),
                            "`\\" + e + "` is not an escape").withHint("write \\\\ for a backslash; the escapes are \\\" \\' \\\\ \\n \\t \\$"));
                }
                i += 2;
            } else if (c == '$' && quote == '"' && i + 1 < end && raw.charAt(i + 1) == '{') {
                int close = raw.indexOf('}', i + 2);
                if (close < 0 || close >= end) {
                    diagnostics.add(Diagnostic.of(Code.BAD_INTERPOLATION, source, source.span(offset + i, offset + end),
                            "`${` is not closed").withHint("write ${name} or ${name.field}; write \\$ for a dollar sign"));
                    text.append(raw, i, end);
                    break;
                }
                String inner = raw.substring(i + 2, close);
                Expr.PathExpr path = path(inner, offset + i + 2);
                if (path == null) {
                    diagnostics.add(Diagnostic.of(Code.BAD_INTERPOLATION, source, source.span(offset + i, offset + close + 1),
                            "`${" + inner + "}` must name a value").withHint("interpolate a name or a path such as ${standby.host}"));
                } else {
                    if (!text.isEmpty()) parts.add(new Expr.StringLit.Text(text.toString()));
                    text.setLength(0);
                    parts.add(new Expr.StringLit.Interpolation(source.span(offset + i, offset + close + 1), path));
                }
                i = close + 1;
            } else {
                text.append(c);
                i++;
            }
        }
        if (!text.isEmpty() || parts.isEmpty()) parts.add(new Expr.StringLit.Text(text.toString()));
        return new Expr.StringLit(span, parts, quote);
    }

    private static boolean endsEscaped(String raw) {
        int backslashes = 0;
        for (int i = raw.length() - 2; i >= 1 && raw.charAt(i) == '\\'; i--) backslashes++;
        return backslashes % 2 == 1;
    }

    private static final java.util.regex.Pattern PATH = java.util.regex.Pattern.compile(
            "[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z_][A-Za-z0-9_]*)*(\\.[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z_][A-Za-z0-9_]*)*)*");

    private Expr.PathExpr path(String inner, int offset) {
        String trimmed = inner.strip();
        if (!PATH.matcher(trimmed).matches()) return null;
        int lead = inner.indexOf(trimmed);
        List<Name> names = new ArrayList<>();
        int at = offset + lead;
        for (String piece : trimmed.split("\\.")) {
            names.add(new Name(source.span(at, at + piece.length()), piece));
            at += piece.length() + 1;
        }
        return new Expr.PathExpr(source.span(offset + lead, offset + lead + trimmed.length()), names);
    }
}
