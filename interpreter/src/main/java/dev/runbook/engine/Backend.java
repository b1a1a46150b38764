package dev.runbook.engine;

import dev.runbook.ast.Expr;
import dev.runbook.check.Vocabulary;
import dev.runbook.sim.Env;
import dev.runbook.sim.Invariant;
import dev.runbook.sim.Value;
import java.util.List;

/**
 * Where a runbook's commands go: the simulated cluster now, real hosts over SSH later. The engine
 * decides what to run; the backend runs it and reports what changed.
 */
public interface Backend {

    /** The value of an expression now (conditions of wait, expect, if; parameters; arguments). */
    Value evaluate(Expr expr, Env env);

    /** Runs a verb: its preconditions, its command on its host, its effects. */
    Outcome perform(Vocabulary.Callable verb, Env verbEnv, Command command);

    /** A raw command (sh, sql, call of an unknown built-in): run as is, effect unknown to the model. */
    Outcome raw(Command command);

    /**
     * An operator action: a real run prompts and waits; the model lets the declared time pass.
     * False when no operator said it was done (no terminal, end of input): the run stops there.
     */
    boolean manual(String instruction, long millis);

    /**
     * How the engine renders the command of a verb or query, handed to a backend that runs
     * queries on the hosts itself (a real run); the simulation reads them from the model.
     */
    default void renderer(java.util.function.BiFunction<Vocabulary.Callable, Env, Command> render) {}

    /**
     * A `confirm` line: a real run asks the operator and goes on only on a yes; the model assumes
     * the operator agrees (a simulation shows the question as a manual action).
     */
    default boolean confirm(String question) {
        return true;
    }

    /** A wait found its condition false and polls again: a real run shows how long it has waited. */
    default void polling(String condition, long waitedMillis, long timeoutMillis) {}

    /** Lets time pass (a wait's poll period). */
    void sleep(long millis);

    /** What changed by itself (the model's dynamics, a real host's own life) since a snapshot. */
    List<Change> changesSince(Object snapshot);

    /** Time since the run started, in milliseconds (virtual in a simulation). */
    long now();

    /** A copy of everything the backend knows, to go back to (simulation only; a real host cannot). */
    Object snapshot();

    void restore(Object snapshot);

    /** Safety rules broken by the last step; a real backend checks what it can observe. */
    List<Violation> violations(Object before, Invariant.RunFacts facts);

    /** The state as lines for traces: "master1  exists=true rep=up state=ACTIVE ...". */
    List<String> describe();

    /** A {@link #snapshot()} as lines for traces, as {@link #describe()} said it then. */
    List<String> describe(Object snapshot);

    /** Time during which no database took the applications' writes. */
    long writeOutage();

    List<String> unverified();

    /** Applies a fault at a step boundary (simulation only). */
    void inject(dev.runbook.sim.Fault fault, boolean heal);

    /**
     * {@code commandFailed}: the command was sent and failed on its host (or its outcome is
     * unknown), as opposed to refused before anything was sent (a precondition).
     */
    record Outcome(boolean ok, String message, List<Change> changes, long millis, boolean commandFailed) {
        public Outcome(boolean ok, String message, List<Change> changes, long millis) {
            this(ok, message, changes, millis, false);
        }

        /** Refused before anything was sent. */
        public static Outcome failed(String message) {
            return new Outcome(false, message, List.of(), 0, false);
        }

        /** Sent, and failed on its host. */
        public static Outcome commandFailed(String message, long millis) {
            return new Outcome(false, message, List.of(), millis, true);
        }
    }

    record Change(String path, String before, String after) {}

    /**
     * A value the backend could not find out (a query whose command failed on its host, or whose
     * output it could not read): the run cannot know the state, so the statement stops it.
     */
    class Unanswered extends RuntimeException {
        private final String what;

        /** {@code what}: what could not be done, as the failure event names it (query, resume). */
        public Unanswered(String what, String message) {
            super(message);
            this.what = what;
        }

        public String what() {
            return what;
        }
    }

    record Violation(String id, String rule, String message) {}
}
