package dev.runbook.lint;

import dev.runbook.source.Severity;
import dev.runbook.source.Source;
import dev.runbook.source.Span;
import java.util.Comparator;
import java.util.Objects;

/**
 * One finding of {@code lint}: a value, rendered once at the edge ({@link Formats}). {@code rule} is
 * a lint rule's id ({@code destructive-without-confirm}), a check code ({@code E100}) or a
 * simulation finding ({@code I-01}, {@code sim-precondition}); {@code hint} says what to do, or is null.
 */
public record Finding(String rule, Severity severity, String message, Source source, Span span, String hint) {

    public static final Comparator<Finding> ORDER = Comparator
            .comparing((Finding f) -> f.source() == null ? "" : f.source().name())
            .thenComparingInt(f -> f.span().line())
            .thenComparingInt(f -> f.span().column())
            .thenComparing(Finding::rule);

    public Finding {
        Objects.requireNonNull(rule);
        Objects.requireNonNull(severity);
        Objects.requireNonNull(message);
        Objects.requireNonNull(span);
    }

    public String file() {
        return source == null ? "<input>" : source.name();
    }

    public Finding withSeverity(Severity other) {
        return new Finding(rule, other, message, source, span, hint);
    }
}
