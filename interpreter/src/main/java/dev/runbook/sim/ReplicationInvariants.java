package dev.runbook.sim;

import java.util.List;

/** Invariants of docs/model.md §5 (replication, releases, data: I-04 to I-21 and I-33). */
final class ReplicationInvariants {
    private ReplicationInvariants() {}

    static List<Invariant> all() {
        return List.of();
    }
}
