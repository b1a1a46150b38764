package dev.runbook.ast;

import dev.runbook.source.Span;

/**
 * A source comment, kept so that the formatter loses nothing. {@code text} starts with '#'.
 * {@code ## ...} is a doc comment; {@code # departs: ...} says where a runbook differs from its
 * document and why (the catalog is generated from these).
 */
public record Comment(Span span, String text) implements Node {

    private static final String DEPARTS = "departs:";

    public boolean isDoc() {
        return text.startsWith("##");
    }

    public boolean isDeparture() {
        return body().regionMatches(true, 0, DEPARTS, 0, DEPARTS.length());
    }

    /** The text after the '#' marks, trimmed. */
    public String body() {
        int i = 0;
        while (i < text.length() && text.charAt(i) == '#') i++;
        return text.substring(i).trim();
    }

    /** For a departure, what it says after {@code departs:}; otherwise null. */
    public String departure() {
        return isDeparture() ? body().substring(DEPARTS.length()).trim() : null;
    }
}
