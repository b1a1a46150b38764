package dev.runbook.engine;

import java.util.Objects;

/**
 * A password or other secret. It prints as {@code ********} wherever it goes (string
 * concatenation, a trace, a plan, a journal, an exception message); its text is read only where a
 * command is joined for the remote shell ({@link ShellQuote#join}).
 */
public final class Secret {
    public static final String MASK = "********";

    private final String text;

    public Secret(String text) {
        this.text = Objects.requireNonNull(text);
        if (text.indexOf('\0') >= 0) throw new IllegalArgumentException("a secret cannot contain a NUL character");
    }

    /** The secret's text, for the one place that sends it (see the class comment). */
    String reveal() {
        return text;
    }

    /** {@code text} with this secret masked wherever it stands (a host's output may echo it). */
    public String maskIn(String text) {
        return this.text.isEmpty() ? text : text.replace(this.text, MASK);
    }

    @Override
    public String toString() {
        return MASK;
    }
}
