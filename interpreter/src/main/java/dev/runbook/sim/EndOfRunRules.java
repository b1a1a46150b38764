package dev.runbook.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import static dev.runbook.sim.RuleSupport.*;

/** I-26 to I-29 and I-31: what the end of a run must be, compared with its start (agents, cache agent, temporary privileges and settings, the applications). */
final class EndOfRunRules {
    private EndOfRunRules() {}

    /** I-26: a database with cache groups ends with its cache agent up if it ran at the start, and its read-only group refreshing. */
    static final class CacheAgentAtEnd extends Remembering {
        public String id() { return "I-26"; }

        public String rule() { return "a database with cache groups ends with its cache agent running, as at the start, and autorefresh ON"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            start(before);
            if (!facts.atEnd()) return Optional.empty();
            for (ModelState.Instance db : after.all("database")) {
                boolean readonly = Physics.bool(db, "cgReadonly");
                if (!exists(db) || !(readonly || Physics.bool(db, "cgAwt"))) continue;
                ModelState.Instance was = atStart(before, db);
                String groups = readonly ? str(db, "cgReadonlyName") : str(db, "cgAwtName");
                if (Physics.sym(db, "cache").equals("down") && was != null && Physics.sym(was, "cache").equals("up")) {
                    return Optional.of(where(db) + " ends with its cache agent stopped, but it has the cache group " + groups
                            + " and its cache agent ran at the start: start it (ttAdmin -cacheStart)");
                }
                if (readonly && has(db, "cgAutorefresh") && !Physics.sym(db, "cgAutorefresh").equals("ON")) {
                    return Optional.of("the read-only cache group " + groups + " of " + where(db) + " ends with AUTOREFRESH "
                            + Physics.sym(db, "cgAutorefresh") + ", so it no longer follows Oracle: set it ON (ALTER CACHE GROUP ... SET AUTOREFRESH STATE ON)");
                }
            }
            return Optional.empty();
        }
    }

    /** I-27: no replicated database is left IDLE, FAILED or without the agent it had. */
    static final class AgentsAtEnd extends Remembering {
        public String id() { return "I-27"; }

        public String rule() { return "no replicated database is left IDLE, FAILED or without its replication agent"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            start(before);
            if (!facts.atEnd()) return Optional.empty();
            for (ModelState.Instance db : after.all("database")) {
                if (!exists(db)) continue;
                boolean member = !Physics.sym(db, "role").equals("none") && has(db, "role");
                boolean classic = Physics.sym(db, "scheme").equals("classic");
                if (!member && !classic) continue;
                String state = Physics.sym(db, "state");
                ModelState.Instance was = atStart(before, db);
                // the role switch's hand-over: the old active, deactivated with its agent stopped, is
                // left for the caller to upgrade and restart (runbooks/common/role-reversal.rbk); only
                // where the roles were reversed: another master is now the ACTIVE
                boolean handedOver = was != null && Physics.sym(was, "state").equals("ACTIVE") && state.equals("IDLE")
                        && Physics.sym(db, "rep").equals("down") && newActive(before, after, db);
                if (handedOver) continue;
                if (member && (state.equals("IDLE") || state.equals("FAILED"))) {
                    return Optional.of(where(db) + " ends " + state + ": it is neither an ACTIVE or STANDBY master nor a subscriber "
                            + "that receives updates");
                }
                boolean ranAtStart = was == null || !exists(was) || Physics.sym(was, "rep").equals("up");
                if (Physics.sym(db, "rep").equals("down") && ranAtStart) {
                    return Optional.of(where(db) + " ends with its replication agent stopped: start it (ttAdmin -repStart), "
                            + "or its peers keep its updates to themselves");
                }
            }
            return Optional.empty();
        }

        /** Another existing master is ACTIVE at the end that was not ACTIVE at the start: the roles were reversed. */
        private boolean newActive(ModelState before, ModelState after, ModelState.Instance oldActive) {
            for (ModelState.Instance db : after.all("database")) {
                if (db == oldActive || !exists(db) || !Physics.sym(db, "role").equals("master")) continue;
                if (!Physics.sym(db, "state").equals("ACTIVE")) continue;
                ModelState.Instance was = atStart(before, db);
                if (was == null || !Physics.sym(was, "state").equals("ACTIVE")) return true;
            }
            return false;
        }
    }

    /** I-28: ADMIN granted to PUBLIC or to the cache administration user during the run is revoked by the end. */
    static final class TemporaryPrivileges extends Remembering {
        public String id() { return "I-28"; }

        public String rule() { return "temporary ADMIN (to PUBLIC, to the cache administration user) is revoked by the end"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            start(before);
            if (!facts.atEnd()) return Optional.empty();
            for (ModelState.Instance db : after.all("database")) {
                ModelState.Instance was = atStart(before, db);
                if (exists(db) && Physics.bool(db, "publicAdmin") && (was == null || !Physics.bool(was, "publicAdmin"))) {
                    return Optional.of("ADMIN is still granted to PUBLIC in " + where(db)
                            + ": it was granted for the upgrade only (001 L32); REVOKE ADMIN FROM PUBLIC");
                }
            }
            Set<String> cacheAdmins = new LinkedHashSet<>();
            for (ModelState.Instance db : after.all("database")) {
                if (exists(db) && !str(db, "cacheAdmin").isEmpty()) cacheAdmins.add(str(db, "cacheAdmin"));
            }
            for (ModelState.Instance user : after.all("credential")) {
                if (Physics.bool(user, "cgUser")) cacheAdmins.add(str(user, "user").isEmpty() ? user.id() : str(user, "user"));
            }
            for (ModelState.Instance db : after.all("database")) {
                if (!exists(db)) continue;
                ModelState.Instance was = atStart(before, db);
                for (String name : strings(db, "admins")) {
                    if (!cacheAdmins.contains(name) || was != null && strings(was, "admins").contains(name)) continue;
                    return Optional.of("the cache administration user " + name + " still holds ADMIN in " + where(db)
                            + ", granted for ttMigrate -r only (000 L423): revoke it (revokeAdmin)");
                }
            }
            return Optional.empty();
        }
    }

    /** I-29: ForceConnect=1, set to get past "Master Catchup Required", is removed by the end. */
    static final class TemporaryForceConnect extends Remembering {
        public String id() { return "I-29"; }

        public String rule() { return "ForceConnect=1 is temporary"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            start(before);
            if (!facts.atEnd()) return Optional.empty();
            for (ModelState.Instance db : after.all("database")) {
                ModelState.Instance was = atStart(before, db);
                if (Physics.bool(db, "ocmsForceConnect") && (was == null || !Physics.bool(was, "ocmsForceConnect"))) {
                    return Optional.of("the DSN of " + where(db) + " still says ForceConnect=1, which lets connections and changes in "
                            + "while the master needs to catch up (004 L817): set it back to 0");
                }
            }
            return Optional.empty();
        }
    }

    /** I-31: an HA application is deployed alike on every SIP node of a cluster; a converged application is never HA. */
    static final class SymmetricApplications implements Invariant {
        public String id() { return "I-31"; }

        public String rule() { return "HA applications are deployed symmetrically on every SIP node; converged SIP and HTTP applications are not HA"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            for (ModelState.Instance h : after.all("host")) {
                boolean ha = Physics.bool(h, "sipXmlDistributable") || Physics.bool(h, "sipWebDistributable")
                        || Physics.bool(h, "sipClusterEnabled");
                if (Physics.bool(h, "sipAppConverged") && Physics.bool(h, "sipAppDeployed") && ha) {
                    return Optional.of("the application on " + h.id() + " is a converged SIP and HTTP application: OCMS does not support "
                            + "it for high availability (004 L293)");
                }
            }
            // during a rolling upgrade the nodes differ by design; the rule is for the end of the run
            if (!facts.atEnd()) return Optional.empty();
            Map<String, List<ModelState.Instance>> clusters = new LinkedHashMap<>();
            for (ModelState.Instance h : after.all("host")) {
                if (Physics.bool(h, "ocmsEdgeNode") || !has(h, "sipAppDeployed")) continue;
                clusters.computeIfAbsent(str(h, "opmnLoaded"), k -> new ArrayList<>()).add(h);
            }
            for (List<ModelState.Instance> nodes : clusters.values()) {
                ModelState.Instance reference = null;
                for (ModelState.Instance h : nodes) {
                    if (Physics.bool(h, "sipAppDeployed") && (Physics.bool(h, "sipXmlDistributable") || Physics.bool(h, "sipClusterEnabled"))) {
                        reference = h;
                        break;
                    }
                }
                if (reference == null) continue;
                for (ModelState.Instance h : nodes) {
                    String difference = difference(reference, h);
                    if (difference != null) {
                        return Optional.of("the highly available application is deployed on " + reference.id() + " and " + h.id()
                                + " differently (" + difference + "): deploy it symmetrically on every SIP node (004 L364)");
                    }
                }
            }
            return Optional.empty();
        }

        private static String difference(ModelState.Instance a, ModelState.Instance b) {
            if (Physics.bool(a, "sipAppDeployed") != Physics.bool(b, "sipAppDeployed")) {
                return "deployed on " + (Physics.bool(a, "sipAppDeployed") ? a.id() : b.id()) + " only";
            }
            if (!str(a, "sipAppVersion").equals(str(b, "sipAppVersion"))) {
                return "version " + shown(str(a, "sipAppVersion")) + " and " + shown(str(b, "sipAppVersion"));
            }
            for (String field : List.of("sipXmlDistributable", "sipWebDistributable", "sipClusterEnabled", "sipAllowColocation")) {
                if (Physics.bool(a, field) != Physics.bool(b, field)) return field + " " + Physics.bool(a, field) + " and " + Physics.bool(b, field);
            }
            if (!str(a, "sipSessionConfig").equals(str(b, "sipSessionConfig"))) return "session replication configuration";
            return null;
        }

        private static String shown(String version) {
            return version.isEmpty() ? "unknown" : version;
        }
    }
}
