package dev.runbook.sim;

/** An invariant that compares with the state the run started from. */
abstract class Remembering implements Invariant {
    private ModelState start;

    /** The state before the first step this invariant saw. */
    ModelState start(ModelState before) {
        if (start == null) start = before.copy();
        return start;
    }

    /** The same entity instance at the start, or null if it did not exist then. */
    ModelState.Instance atStart(ModelState before, ModelState.Instance now) {
        return start(before).instance(now.ref());
    }
}
