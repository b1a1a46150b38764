package dev.runbook.engine;

import dev.runbook.source.Span;
import java.util.List;
import java.util.Map;

/** What happens while a runbook runs: the engine emits these; front ends print, journal or assert on them. */
public sealed interface Event {

    record RunStarted(String runbook, String title, boolean online, Map<String, String> params, long seed) implements Event {}

    /** {@code label} is the step number, prefixed by the parent's for a sub-runbook ("1-6/3"). */
    record StepStarted(String label, String title, String file, Span span) implements Event {}

    /** A command sent to a host, secrets masked. {@code kind}: run, sql, manual. */
    record CommandIssued(String host, String kind, String command, String verb) implements Event {}

    record StateChanged(String path, String before, String after) implements Event {}

    /** A wait ended: satisfied or not, after this much virtual time. */
    record Waited(String condition, long millis, boolean satisfied, long timeout, long every) implements Event {}

    record ManualAction(String instruction) implements Event {}

    /** A raw command whose effect the model cannot know. */
    record Unverified(String what) implements Event {}

    record StepFinished(String label, long millis) implements Event {}

    /**
     * A safety rule broken, with the state before and after. {@code label}: the step it was broken in
     * ({@code 7}, {@code 1-6/3}), {@code end} for the end-of-run checks, or the step with a note:
     * {@code 7 (after the fault)} when a fault injected after the step broke it, {@code 7 (where the
     * run stopped)} when the run stopped in the step (a failed precondition, command, wait or expect)
     * and the state there breaks it ({@code end (where the run stopped)} for a failed final expect).
     */
    record InvariantViolated(String id, String rule, String message, String label, String file, Span span,
                             List<String> before, List<String> after) implements Event {}

    record PreconditionFailed(String verb, String message, String label, String file, Span span,
                              List<String> state) implements Event {}

    record ExpectFailed(String condition, String label, String file, Span span, List<String> state) implements Event {}

    /** {@code forced}: the timeout was injected by a fault, whatever the condition; {@code last}: what the condition's left side was at the timeout ("state standby is FAILED"), or null. */
    record WaitTimedOut(String condition, long timeout, String label, String file, Span span, List<String> state,
                        boolean forced, String last) implements Event {}

    /** A command failed on its host (or by an injected fault). */
    record CommandFailed(String verb, String message, String label, String file, Span span) implements Event {}

    record FaultInjected(String fault) implements Event {}

    /** The end: {@code ok} when every step ran, every invariant held and every expectation was met. */
    record RunFinished(boolean ok, long totalMillis, long writeOutageMillis, List<String> finalState,
                       List<String> unverified) implements Event {}
}
