package dev.runbook.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Invariants of docs/model.md §5 (cache, OCMS and operations: I-22 to I-31). They read the fields
 * that stdlib/timesten.rbk, stdlib/cache.rbk and stdlib/ocms.rbk declare, by name; a runbook that
 * does not use a module has none of its fields, and the rules about them hold trivially.
 *
 * <p>Some rules compare the end of a run with its start ("back to always at the end", "granted
 * during the procedure"). The start is the state before the first step the invariant is shown
 * (each simulated run builds its own invariants), which is the cluster the run began from.
 *
 * <p>I-24 (one TimesTen Server per port) is not here: the model has one instance, hence one server,
 * per host, so the old and the new server of an upgrade on one host cannot both be described.
 */
final class OperationsInvariants {
    private OperationsInvariants() {}

    static List<Invariant> all() {
        return List.of(new PolicyAlways(), new CacheAgentAtEnd(),
                new AgentsAtEnd(), new TemporaryPrivileges(), new TemporaryForceConnect(), new OpmnCluster(),
                new SymmetricApplications());
    }

    // ------------------------------------------------------------------ helpers

    /** An invariant that compares with the state the run started from. */
    abstract static class Remembering implements Invariant {
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

    static boolean exists(ModelState.Instance db) {
        return Physics.bool(db, "exists");
    }

    static String str(ModelState.Instance i, String field) {
        Value v = i.fields.get(field);
        return v instanceof Value.Str s ? s.value() : "";
    }

    static boolean has(ModelState.Instance i, String field) {
        Value v = i.fields.get(field);
        return v != null && !(v instanceof Value.Nil);
    }

    static ModelState.Instance hostOf(ModelState s, ModelState.Instance db) {
        return db.fields.get("host") instanceof Value.Ref h ? s.instance(h) : null;
    }

    /** "ocmsdb2 on node2.example.com", or the id alone when the database has no host. */
    static String where(ModelState.Instance db) {
        String host = Physics.host(db);
        String name = str(db, "name");
        String label = name.isEmpty() || name.equals(db.id()) ? db.id() : db.id() + " (" + name + ")";
        return host.isEmpty() ? label : label + " on " + host;
    }

    /** The daemon of the database's host is not known to be down. */
    static boolean daemonUp(ModelState s, ModelState.Instance db) {
        ModelState.Instance h = hostOf(s, db);
        return h == null || !Physics.sym(h, "daemon").equals("down");
    }

    static List<String> strings(ModelState.Instance i, String field) {
        List<String> out = new ArrayList<>();
        if (i.fields.get(field) instanceof Value.ListV l) for (Value v : l.items()) out.add(Value.show(v));
        return out;
    }

    // ------------------------------------------------------------------ I-22

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

    // ------------------------------------------------------------------ I-26

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

    // ------------------------------------------------------------------ I-27

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

    // ------------------------------------------------------------------ I-28

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

    // ------------------------------------------------------------------ I-29

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

    // ------------------------------------------------------------------ I-30

    /** I-30: one OPMN cluster, on a valid multicast address, loaded everywhere; SIP containers configured with the cluster stopped. */
    static final class OpmnCluster implements Invariant {
        private static final List<String> SIP_SETTINGS = List.of("sipEdgeProxy", "sipRecordRoute", "sipDistributableRecordRoute");

        public String id() { return "I-30"; }

        public String rule() { return "OPMN clustering: one multicast address and port in the valid range, reloaded everywhere; SIP containers configured with the cluster stopped"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            for (ModelState.Instance h : after.all("host")) {
                for (String field : List.of("opmnDiscover", "opmnLoaded")) {
                    String topology = str(h, field);
                    String problem = multicastProblem(topology);
                    if (problem != null) {
                        return Optional.of("the OPMN topology of " + h.id() + " discovers " + topology + ": " + problem + " (004 L114)");
                    }
                }
            }
            for (ModelState.Instance h : after.all("host")) {
                ModelState.Instance was = before.instance(h.ref());
                if (was == null || !Physics.sym(h, "ocms").equals("running")) continue;
                for (String field : SIP_SETTINGS) {
                    if (has(h, field) && !str(h, field).equals(str(was, field))) {
                        return Optional.of("the SIP container of " + h.id() + " was configured (" + field + ") while it runs: "
                                + "stop the cluster first (opmnctl stopall, 004 L87)");
                    }
                }
            }
            if (!facts.atEnd()) return Optional.empty();
            Map<String, List<String>> clusters = new LinkedHashMap<>();
            for (ModelState.Instance h : after.all("host")) {
                if (!Physics.bool(h, "opmnRunning") || !has(h, "opmnLoaded")) continue;
                if (!str(h, "opmnDiscover").equals(str(h, "opmnLoaded"))) {
                    return Optional.of("opmn.xml of " + h.id() + " discovers " + shown(str(h, "opmnDiscover")) + " but OPMN still uses "
                            + shown(str(h, "opmnLoaded")) + ": run opmnctl reload on it (004 L120)");
                }
                if (str(h, "opmnDiscover").isEmpty() && !str(h, "opmnDiscoverSaved").isEmpty()) {
                    return Optional.of("the <topology> element of opmn.xml on " + h.id() + " is still commented out, so it is in no "
                            + "cluster: uncomment it and restart OPMN (004 L480)");
                }
                if (!str(h, "opmnLoaded").isEmpty()) clusters.computeIfAbsent(str(h, "opmnLoaded"), k -> new ArrayList<>()).add(h.id());
            }
            if (clusters.size() > 1) {
                List<String> parts = new ArrayList<>();
                for (Map.Entry<String, List<String>> c : clusters.entrySet()) {
                    parts.add(String.join(" and ", c.getValue()) + " " + (c.getValue().size() == 1 ? "uses " : "use ") + shown(c.getKey()));
                }
                return Optional.of("the nodes are not one cluster: " + String.join("; ", parts)
                        + ". Give every instance the same multicast address and port (004 L118)");
            }
            return Optional.empty();
        }

        private static String shown(String topology) {
            return topology.isEmpty() ? "no topology" : topology;
        }

        /** What is wrong with a multicast topology "*a.b.c.d:port", or null (also for the other forms). */
        static String multicastProblem(String topology) {
            if (!topology.startsWith("*")) return null;
            int colon = topology.lastIndexOf(':');
            if (colon < 0) return "a multicast topology is *address:port";
            String[] parts = topology.substring(1, colon).split("\\.", -1);
            long address = 0;
            if (parts.length != 4) return "not an IPv4 address";
            for (String p : parts) {
                int n;
                try {
                    n = Integer.parseInt(p);
                } catch (NumberFormatException e) {
                    return "not an IPv4 address";
                }
                if (n < 0 || n > 255) return "not an IPv4 address";
                address = address * 256 + n;
            }
            long low = ((224L * 256 + 0) * 256 + 1) * 256;
            long high = ((239L * 256 + 255) * 256 + 255) * 256 + 255;
            if (address < low || address > high) return "a multicast address is between 224.0.1.0 and 239.255.255.255";
            try {
                int port = Integer.parseInt(topology.substring(colon + 1));
                if (port < 1 || port > 65535) return "the port is not between 1 and 65535";
            } catch (NumberFormatException e) {
                return "the port is not a number";
            }
            return null;
        }
    }

    // ------------------------------------------------------------------ I-31

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
