package dev.runbook.source;

import java.util.Objects;

/**
 * One finding about a source: a value, rendered once at the edge by {@link DiagnosticRenderer}
 * or the JSON writer. {@code hint} says in plain words what to do, or is null.
 */
public record Diagnostic(Severity severity, Code code, String message, Source source, Span span, String hint) {

    public Diagnostic {
        Objects.requireNonNull(severity);
        Objects.requireNonNull(code);
        Objects.requireNonNull(message);
        Objects.requireNonNull(span);
    }

    public static Diagnostic error(Code code, Source source, Span span, String message) {
        return new Diagnostic(Severity.ERROR, code, message, source, span, null);
    }

    public static Diagnostic warning(Code code, Source source, Span span, String message) {
        return new Diagnostic(Severity.WARNING, code, message, source, span, null);
    }

    public static Diagnostic of(Code code, Source source, Span span, String message) {
        return new Diagnostic(code.severity(), code, message, source, span, null);
    }

    public Diagnostic withHint(String newHint) {
        return new Diagnostic(severity, code, message, source, span, newHint);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
