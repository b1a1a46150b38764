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

    /** An operator action: a real run prompts and waits; the model lets the declared time pass. */
    void manual(String instruction, long millis);

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

    /** Time during which no database took the applications' writes. */
    long writeOutage();

    List<String> unverified();

    /** Applies a fault at a step boundary (simulation only). */
    void inject(dev.runbook.sim.Fault fault, boolean heal);

    record Outcome(boolean ok, String message, List<Change> changes, long millis) {
        public static Outcome failed(String message) {
            return new Outcome(false, message, List.of(), 0);
        }
    }

    record Change(String path, String before, String after) {}

    record Violation(String id, String rule, String message) {}
}
