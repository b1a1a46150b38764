package dev.runbook.sim;

import java.util.Optional;

/**
 * A safety rule of docs/model.md, checked after every step. It says in plain words what is wrong
 * with the state after the step, or nothing.
 */
public interface Invariant {

    /** I-01, I-02, ... as in docs/model.md. */
    String id();

    /** The rule, in a few words: "never two ACTIVE masters". */
    String rule();

    /** What breaks the rule in {@code after}, or empty. {@code before} is the state before the step. */
    Optional<String> check(ModelState before, ModelState after, RunFacts facts);

    /**
     * Facts about the run the rules need besides the state. {@code outageLimit}: the longest write
     * outage the runbook declares ({@code online outage 5m}), in milliseconds; -1 when it declares none.
     */
    record RunFacts(boolean online, long outageLimit, boolean atEnd) {}
}
