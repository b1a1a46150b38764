package dev.runbook.repl;

/** What a front end asks the {@link ReplEngine}. */
public sealed interface Request {

    /** A line (or lines, for a block) typed at the prompt: a REPL command or a statement of the language. */
    record Eval(String input) implements Request {}

    /**
     * The candidates for word {@code index} of {@code words} (the words of the line being typed, the
     * last one possibly empty).
     */
    record Complete(java.util.List<String> words, int index) implements Request {}
}
