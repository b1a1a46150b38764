package dev.runbook.sim;

import java.util.Optional;
import java.util.Set;
import static dev.runbook.sim.RuleSupport.*;

/** I-22: the replication policy under which an agent is stopped, and back to always at the end. */
final class AgentPolicyRules {
    private AgentPolicyRules() {}

    /** I-22: an agent stops only under the policy manual, and the policy goes back to always by the end. */
    static final class PolicyAlways extends Remembering {
        public String id() { return "I-22"; }

        public String rule() { return "repStop under repPolicy always is not a stop: set the policy to manual first, and back to always at the end"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            start(before);
            for (ModelState.Instance db : after.all("database")) {
                if (!exists(db) || !Physics.sym(db, "repPolicy").equals("always") || !Physics.sym(db, "rep").equals("down")) continue;
                if (!Physics.hostUp(after, db) || !daemonUp(after, db)) continue;
                return Optional.of("the replication agent of " + where(db) + " is down while its replication policy is always: "
                        + "TimesTen restarts it at once, so it was never stopped. Set -repPolicy manual before stopping it (004 L734)");
            }
            if (!facts.atEnd()) return Optional.empty();
            for (ModelState.Instance db : after.all("database")) {
                ModelState.Instance was = atStart(before, db);
                if (!exists(db) || was == null || !Physics.sym(was, "repPolicy").equals("always")) continue;
                if (Physics.sym(db, "repPolicy").equals("manual")) {
                    return Optional.of("the replication policy of " + where(db) + " was always and is still manual at the end: "
                            + "set it back to always (ttAdmin -repPolicy always), or nobody restarts its agent after a failure (004 L720)");
                }
            }
            return Optional.empty();
        }
    }
}
