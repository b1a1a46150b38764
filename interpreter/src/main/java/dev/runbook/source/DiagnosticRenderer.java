package dev.runbook.source;

import java.util.Comparator;
import java.util.List;

/**
 * Renders diagnostics for a person, the one place that does:
 * <pre>
 * runbooks/x.rbk:12:5: error[E100]: unknown name `standbyy`
 *    |
 * 12 |   on standbyy.host: repStop standby
 *    |      ^^^^^^^^
 *    = hint: did you mean `standby`?
 * </pre>
 */
public final class DiagnosticRenderer {

    public static final Comparator<Diagnostic> ORDER = Comparator
            .comparing((Diagnostic d) -> d.source() == null ? "" : d.source().name())
            .thenComparingInt(d -> d.span().start())
            .thenComparing(d -> d.code().id());

    public String render(Diagnostic d) {
        return render(d.severity(), d.code().id(), d.message(), d.source(), d.span(), d.hint());
    }

    /** A finding of another kind (a lint rule's, with a rule id for a code), drawn the same way. */
    public String render(Severity severity, String id, String message, Source source, Span span, String hint) {
        StringBuilder out = new StringBuilder();
        out.append(location(source, span)).append(": ").append(severity.label())
                .append('[').append(id).append("]: ").append(message).append('\n');
        if (source != null && !span.isNone()) {
            String lineText = source.line(span.line());
            String number = Integer.toString(span.line());
            String gutter = " ".repeat(number.length());
            out.append(gutter).append(" |\n");
            out.append(number).append(" | ").append(expandTabs(lineText)).append('\n');
            out.append(gutter).append(" | ").append(caret(lineText, span)).append('\n');
            if (hint != null) out.append(gutter).append(" = hint: ").append(hint).append('\n');
        } else if (hint != null) {
            out.append("  = hint: ").append(hint).append('\n');
        }
        return out.toString();
    }

    public String renderAll(List<Diagnostic> diagnostics) {
        StringBuilder out = new StringBuilder();
        diagnostics.stream().sorted(ORDER).forEach(d -> out.append(render(d)));
        return out.toString();
    }

    public static String location(Diagnostic d) {
        return location(d.source(), d.span());
    }

    public static String location(Source source, Span span) {
        String file = source == null ? "<input>" : source.name();
        if (span.isNone()) return file;
        return file + ":" + span.line() + ":" + span.column();
    }

    /** Spaces up to the span's display column, then carets as wide as its text on that line. */
    private static String caret(String lineText, Span span) {
        int startCp = span.column() - 1;
        int lineCps = lineText.codePointCount(0, lineText.length());
        startCp = Math.min(startCp, lineCps);
        int endCp = span.endLine() == span.line() ? Math.min(span.endColumn() - 1, lineCps) : lineCps;
        String before = lineText.substring(0, lineText.offsetByCodePoints(0, startCp));
        String under = lineText.substring(before.length(), lineText.offsetByCodePoints(0, Math.max(startCp, endCp)));
        int pad = DisplayWidth.of(expandTabs(before));
        int width = Math.max(1, DisplayWidth.of(under));
        return " ".repeat(pad) + "^".repeat(width);
    }

    private static String expandTabs(String s) {
        return s.replace("\t", "    ");
    }
}
