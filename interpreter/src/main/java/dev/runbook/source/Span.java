package dev.runbook.source;

/**
 * A range of a source text: character offsets (UTF-16, end exclusive) and the 1-based
 * line and column (in code points) of its start and end.
 */
public record Span(int start, int end, int line, int column, int endLine, int endColumn) {

    public static final Span NONE = new Span(0, 0, 0, 0, 0, 0);

    public Span {
        if (end < start) throw new IllegalArgumentException("span ends before it starts");
    }

    /** The smallest span covering both. */
    public Span to(Span other) {
        if (this == NONE) return other;
        if (other == NONE) return this;
        Span first = start <= other.start ? this : other;
        Span last = end >= other.end ? this : other;
        return new Span(first.start, last.end, first.line, first.column, last.endLine, last.endColumn);
    }

    public boolean isNone() {
        return line == 0;
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
