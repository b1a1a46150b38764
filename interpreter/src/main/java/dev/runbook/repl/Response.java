package dev.runbook.repl;

import java.util.List;

/** What the {@link ReplEngine} answers to a {@link Request}: values, rendered once by the front end. */
public sealed interface Response {

    /** Text to print (each line ends in a newline; empty when there is nothing to say). */
    record Output(String text) implements Response {}

    /**
     * The run stopped where it should not have (a broken invariant, a failed precondition, command,
     * wait or expectation): the text says where and why, and what to do next.
     */
    record Stopped(String text) implements Response {}

    /** Bad input: what is wrong and what to do; never a stack trace. */
    record Error(String message, String hint) implements Response {}

    /** Input that does not check: the diagnostics as {@code check} renders them, and what follows from them. */
    record Rejected(String diagnostics, String summary) implements Response {}

    /** The input is a statement that goes on (a block, an open bracket or string): the front end reads another line. */
    record Incomplete() implements Response {}

    /** The candidates for the word being completed. */
    record Completions(List<String> candidates) implements Response {}

    /** The user asked to leave. */
    record Quit() implements Response {}

    /** The response as the terminal shows it. */
    static String render(Response r) {
        if (r instanceof Output o) return o.text();
        if (r instanceof Stopped s) return s.text();
        if (r instanceof Error e) return "error: " + e.message() + "\n" + (e.hint() == null ? "" : "  hint: " + e.hint() + "\n");
        if (r instanceof Rejected j) return j.diagnostics() + j.summary() + "\n";
        if (r instanceof Completions c) return String.join(" ", c.candidates()) + "\n";
        return "";
    }
}
