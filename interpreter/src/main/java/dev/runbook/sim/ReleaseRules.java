package dev.runbook.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import static dev.runbook.sim.RuleSupport.*;

/** I-13, I-14 and I-35: the tools, the in-place patch and the agents across a release change. */
final class ReleaseRules {
    private ReleaseRules() {}

    /** I-13: ttRestore within a major release and bit level; ttMigrate files within a platform. */
    static final class ToolCompatibility implements Invariant {
        public String id() { return "I-13"; }

        public String rule() { return "ttBackup/ttRestore within a major release and bit level; ttMigrate files within a platform"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            for (ModelState.Instance db : after.all("database")) {
                if (!created(before, db)) continue;
                ModelState.Instance host = hostOf(after, db);
                if (host == null) continue;
                String origin = Physics.sym(db, "origin");
                if (origin.equals("restored")) {
                    if (known(major(db)) && known(Physics.sym(host, "major")) && !major(db).equals(Physics.sym(host, "major"))) {
                        return Optional.of(db.id() + " was restored by ttRestore as " + major(db) + " into the " + Physics.sym(host, "major")
                                + " instance of " + host.id() + ": ttRestore stays within a major release");
                    }
                    if (Physics.num(db, "bits") != Physics.num(host, "bits")) {
                        return Optional.of(String.format(Locale.ROOT, "%s was restored by ttRestore as %d-bit into the %d-bit instance of %s:"
                                + " ttRestore stays within a bit level", db.id(), (long) Physics.num(db, "bits"),
                                (long) Physics.num(host, "bits"), host.id()));
                    }
                } else if (origin.equals("migrated")) {
                    String platform = Physics.sym(db, "savedPlatform");
                    if (known(platform) && !platform.equals(Physics.sym(host, "platform"))) {
                        return Optional.of(db.id() + " was restored on " + host.id() + " (" + Physics.sym(host, "platform")
                                + ") from a ttMigrate file made on " + platform + ": ttMigrate files do not cross platforms");
                    }
                }
            }
            return Optional.empty();
        }
    }

    /**
     * I-14: an in-place upgrade is a patch of the same major, with every database of the host
     * unloaded and idle. Decided from the states around the step that installs: a database in use
     * (an agent, memory, applications) both when the step starts and when it ends was in use
     * during the install; one unloaded and reloaded inside the same step is not seen.
     */
    static final class InPlacePatch implements Invariant {
        public String id() { return "I-14"; }

        public String rule() { return "in-place upgrade: patch only, applications disconnected, databases unloaded"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            for (ModelState.Instance host : after.all("host")) {
                ModelState.Instance was = same(before, host);
                if (was == null || !Physics.bool(host, "inPlace")) continue;
                String from = Physics.sym(was, "release");
                String to = Physics.sym(host, "release");
                if (from.equals(to)) continue;
                String major = Physics.sym(host, "major");
                if (known(major) && !(to.equals(major) || to.startsWith(major + "."))) {
                    return Optional.of(host.id() + " was upgraded in place from " + from + " to " + to + ", which is not a patch of "
                            + major + ": a new major release needs a new installation and ttMigrate");
                }
                for (ModelState.Instance db : after.all("database")) {
                    ModelState.Instance then = same(before, db);
                    if (then == null || !exists(db) || !exists(then) || !host.id().equals(Physics.host(db))) continue;
                    List<String> busy = busy(before, then);
                    busy.retainAll(busy(after, db));
                    if (!busy.isEmpty()) {
                        return Optional.of(host.id() + " was upgraded in place to " + to + " while " + db.id() + " was in use: "
                                + String.join(", ", busy));
                    }
                }
            }
            return Optional.empty();
        }

        /** Why a database is in use: its agents, its memory, the applications connected to it. */
        private static List<String> busy(ModelState s, ModelState.Instance db) {
            List<String> out = new ArrayList<>();
            if (Physics.sym(db, "rep").equals("up")) out.add("its replication agent runs");
            if (Physics.sym(db, "cache").equals("up")) out.add("its cache agent runs");
            if (Physics.bool(db, "loaded")) out.add("it is loaded in memory");
            for (ModelState.Instance apps : s.all("applications")) {
                if (db.ref().equals(apps.fields.get("target")) && !(apps.fields.get("connected") instanceof Value.Bool b && !b.value())) {
                    out.add("applications are connected to it");
                }
            }
            return out;
        }
    }

    /**
     * I-35 (a model addition, 000 L17-24, 001 L98): a database's agents are stopped while a new
     * instance is installed on its host. An agent that runs through the install still runs the old
     * release, so the database was never moved to the new one: its `release` stays the old instance's
     * while the host's changes. An agent stopped and started again inside the installing step starts in
     * the new release and keeps the rule. In-place installs are I-14's.
     */
    static final class AgentsStoppedForInstall implements Invariant {
        public String id() { return "I-35"; }

        public String rule() { return "agents are stopped while a new instance is installed on their host"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            for (ModelState.Instance host : after.all("host")) {
                ModelState.Instance was = same(before, host);
                if (was == null || Physics.bool(host, "inPlace")) continue;
                String to = Physics.sym(host, "release");
                if (Physics.sym(was, "release").equals(to)) continue;
                for (ModelState.Instance db : after.all("database")) {
                    ModelState.Instance then = same(before, db);
                    if (then == null || !exists(db) || !exists(then) || !host.id().equals(Physics.host(db))) continue;
                    if (Physics.sym(db, "release").equals(to)) continue;
                    for (String agent : List.of("rep", "cache")) {
                        if (!Physics.sym(then, agent).equals("up") || !Physics.sym(db, agent).equals("up")) continue;
                        String which = agent.equals("rep") ? "replication agent" : "cache agent";
                        return Optional.of(db.id() + " kept its " + which + " running while " + host.id() + " was upgraded from "
                                + Physics.sym(was, "release") + " to " + to + ": the agent still runs the old release; stop it"
                                + " before the install and start it after (000 L17-24)");
                    }
                }
            }
            return Optional.empty();
        }
    }
}
