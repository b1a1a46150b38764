package dev.runbook.sim;

import java.util.List;

/** Invariants of docs/model.md §5 (cache, OCMS and operations: I-22 to I-31). */
final class OperationsInvariants {
    private OperationsInvariants() {}

    static List<Invariant> all() {
        return List.of();
    }
}
