package dev.runbook.sim;

import java.util.List;

/**
 * The model's own dynamics, written once here and named in docs/model.md: the applications
 * commit, replication carries transactions along the pair, a standby catches up and turns
 * STANDBY. Verbs never hide effects here: what a verb does is declared with the verb. The fields
 * read here (state, role, rep, applied, applyRate, rate, ...) are those of stdlib/timesten.rbk.
 */
public final class Physics {

    /**
     * The largest slice of virtual time integrated at once. Within a slice everything moves
     * linearly, so a slice never crosses the moment a lagging database catches up: that is when
     * a RECOVERING standby turns STANDBY.
     */
    static final long MAX_SLICE = 60_000;

    private Physics() {}

    /** Moves the model forward by {@code millis} of virtual time. */
    public static void advance(ModelState s, long millis) {
        long left = millis;
        while (left > 0) {
            long dt = Math.min(Math.min(MAX_SLICE, left), untilCaughtUp(s));
            tick(s, dt);
            left -= dt;
        }
    }

    /**
     * The time until the first lagging receiver catches up with its sender, at its apply rate
     * less the sender's own growth (the applications' rate, if they write to the sender).
     */
    private static long untilCaughtUp(ModelState s) {
        long soonest = MAX_SLICE;
        ModelState.Instance active = activeMaster(s);
        if (active == null) return soonest;
        double growth = 0;
        for (ModelState.Instance apps : s.all("applications")) {
            if (!bool(apps, "paused") && active.ref().equals(apps.fields.get("target"))) growth += num(apps, "rate");
        }
        for (ModelState.Instance db : s.all("database")) {
            if (db == active || !live(s, db)) continue;
            double lag = num(active, "applied") - num(db, "applied");
            double closing = num(db, "applyRate") - growth;
            if (lag > 0 && closing > 0) soonest = Math.min(soonest, Math.max(1, (long) Math.ceil(lag / closing * 1000)));
        }
        return soonest;
    }

    /** What happens at once, without time passing: processes restarted by TimesTen or OPMN. */
    public static void settle(ModelState s) {
        processes(s);
    }

    private static void tick(ModelState s, long dt) {
        double seconds = dt / 1000.0;
        processes(s);
        applications(s, dt, seconds);
        replication(s, seconds);
        s.clock += dt;
    }

    /**
     * Processes that start and stop by themselves: OPMN restarts the TimesTen it manages (004 L720),
     * a stopped daemon takes its agents down, and a replication policy of `always` restarts a
     * stopped agent at once (004 L651, L720) when the database has a replication scheme.
     */
    private static void processes(ModelState s) {
        for (ModelState.Instance host : s.all("host")) {
            if (host.fields.get("up") instanceof Value.Bool up && !up.value()) continue;
            if (bool(host, "opmnRunning") && bool(host, "opmnTimesten") && sym(host, "daemon").equals("down")) {
                host.fields.put("daemon", new Value.Sym("up"));
            }
        }
        for (ModelState.Instance db : s.all("database")) {
            if (!bool(db, "exists") || !hostUp(s, db)) continue;
            ModelState.Instance host = db.fields.get("host") instanceof Value.Ref h ? s.instance(h) : null;
            if (host != null && sym(host, "daemon").equals("down")) {
                if (!sym(db, "rep").equals("down")) db.fields.put("rep", new Value.Sym("down"));
                if (sym(db, "cache").equals("up")) db.fields.put("cache", new Value.Sym("down"));
                continue;
            }
            // an agent needs a replication scheme to start, as ttAdmin -repStart does
            if (sym(db, "repPolicy").equals("always") && sym(db, "rep").equals("down") && !sym(db, "scheme").equals("none")) {
                db.fields.put("rep", new Value.Sym("up"));
            }
        }
    }

    private static void applications(ModelState s, long dt, double seconds) {
        boolean accepted = false;
        boolean any = false;
        for (ModelState.Instance apps : s.all("applications")) {
            if (!(apps.fields.get("target") instanceof Value.Ref target)) continue; // no applications in this procedure
            any = true;
            if (bool(apps, "paused")) continue;
            if (apps.fields.get("connected") instanceof Value.Bool c && !c.value()) continue;
            ModelState.Instance db = s.instance(target);
            if (db == null || !writable(s, db)) continue;
            double applied = num(db, "applied") + num(apps, "rate") * seconds;
            db.fields.put("applied", new Value.Num(applied));
            s.committed = Math.max(s.committed, applied);
            accepted = true;
        }
        if (any && !accepted) s.writeOutage += dt;
    }

    /**
     * A database takes application writes when it exists on a running host and is a master: the
     * ACTIVE of an active standby pair, a master of a classic scheme, or a database with no scheme
     * (a standalone one). A read-only subscriber, and a pair member that is not ACTIVE, takes none.
     */
    static boolean writable(ModelState s, ModelState.Instance db) {
        if (!bool(db, "exists") || !hostUp(s, db) || sym(db, "role").equals("subscriber")) return false;
        if (!sym(db, "scheme").equals("pair")) return true;
        String state = sym(db, "state");
        // a pair just created is IDLE and still takes writes until it is set ACTIVE (000 L212-219)
        return state.equals("ACTIVE") || state.equals("IDLE") && !bool(db, "deactivated");
    }

    private static void replication(ModelState s, double seconds) {
        classic(s, seconds);
        List<ModelState.Instance> dbs = s.all("database");
        restoredActive(s, dbs);
        ModelState.Instance active = activeMaster(s);
        ModelState.Instance standby = null;
        for (ModelState.Instance db : dbs) {
            if (db == active || !sym(db, "role").equals("master") || !live(s, db)) continue;
            String state = sym(db, "state");
            // a started master that is not the active joins the pair and resynchronises in full (000 L101, D-2)
            if (active != null && (state.equals("none") || state.equals("IDLE"))) {
                db.fields.put("state", new Value.Sym("RECOVERING"));
                if (db.fields.containsKey("receiving")) db.fields.put("receiving", new Value.Sym("start"));
                state = "RECOVERING";
            }
            if (active == null || !(state.equals("RECOVERING") || state.equals("STANDBY"))) continue;
            if (!receives(db)) continue;
            if (!s.reachable(host(db), host(active))) continue;
            ship(active, db, seconds);
            if (state.equals("RECOVERING") && num(db, "applied") >= num(active, "applied")) {
                db.fields.put("state", new Value.Sym("STANDBY"));
                state = "STANDBY";
            }
            if (state.equals("STANDBY")) standby = db;
        }
        for (ModelState.Instance db : dbs) {
            if (!sym(db, "role").equals("subscriber") || !live(s, db)) continue;
            ModelState.Instance feeder = feeder(s, db, standby, active);
            if (feeder == null || !s.reachable(host(db), host(feeder)) || !receives(db)) continue;
            ship(feeder, db, seconds);
        }
    }

    /**
     * Classic replication (a bidirectional scheme, C2; master and subscriber, C3; OCMS): every live
     * master of a classic scheme sends to every other live member it can reach, as the receiver's
     * `receiving` lets it (C2 rows 2, 5, 8, 10).
     */
    private static void classic(ModelState s, double seconds) {
        for (Edge e : classicEdges(s)) {
            if (receives(e.to())) ship(e.from(), e.to(), seconds);
        }
    }

    /** The edges of the classic schemes: from each live master to each other live member it can reach. */
    static List<Edge> classicEdges(ModelState s) {
        List<Edge> out = new java.util.ArrayList<>();
        List<ModelState.Instance> members = new java.util.ArrayList<>();
        for (ModelState.Instance db : s.all("database")) {
            if (sym(db, "scheme").equals("classic") && live(s, db)) members.add(db);
        }
        for (ModelState.Instance from : members) {
            if (sym(from, "role").equals("subscriber")) continue;
            for (ModelState.Instance to : members) {
                if (from != to && s.reachable(host(from), host(to))) out.add(new Edge(from, to));
            }
        }
        return out;
    }

    /** The live ACTIVE master: the sender of every transaction, or null while there is none. */
    static ModelState.Instance activeMaster(ModelState s) {
        for (ModelState.Instance db : s.all("database")) {
            if (sym(db, "role").equals("master") && sym(db, "state").equals("ACTIVE") && live(s, db)) return db;
        }
        return null;
    }

    /** The standby feeds a subscriber while it is STANDBY and reachable, otherwise the active (000 L76, D-10). */
    static ModelState.Instance feeder(ModelState s, ModelState.Instance subscriber, ModelState.Instance standby,
                                      ModelState.Instance active) {
        return standby != null && s.reachable(host(subscriber), host(standby)) ? standby : active;
    }

    /** A replication edge of the pair as it stands: {@code from} sends to {@code to}. */
    record Edge(ModelState.Instance from, ModelState.Instance to) {
        String describe() {
            return from.id() + " -> " + to.id();
        }
    }

    /**
     * The edges the schemes replicate along in this state, by the same rules as {@link #replication}:
     * those of the classic schemes ({@link #classicEdges}), then the pair's: the live ACTIVE sends to every live master in or joining the pair (RECOVERING, STANDBY, or IDLE
     * and about to recover), and the subscribers are fed as {@link #feeder} says. A FAILED
     * subscriber takes nothing. The sender's `receiving` state is not read: these are the edges the
     * scheme sets up, which is what the release and character set rules are about.
     */
    static List<Edge> edges(ModelState s) {
        List<Edge> out = classicEdges(s);
        ModelState.Instance active = activeMaster(s);
        if (active == null) return out;
        ModelState.Instance standby = null;
        List<ModelState.Instance> dbs = s.all("database");
        for (ModelState.Instance db : dbs) {
            if (db == active || !sym(db, "role").equals("master") || !live(s, db)) continue;
            String state = sym(db, "state");
            if (!(state.equals("RECOVERING") || state.equals("STANDBY") || state.equals("IDLE") || state.equals("none"))) continue;
            if (!s.reachable(host(db), host(active))) continue;
            out.add(new Edge(active, db));
            if (state.equals("STANDBY") && standby == null) standby = db;
        }
        for (ModelState.Instance db : dbs) {
            if (!sym(db, "role").equals("subscriber") || !live(s, db) || sym(db, "state").equals("FAILED")) continue;
            ModelState.Instance feeder = feeder(s, db, standby, active);
            if (!s.reachable(host(db), host(feeder))) continue;
            out.add(new Edge(feeder, db));
        }
        return out;
    }

    /**
     * Whether the sender's state for this receiver lets transactions through: `start` ships;
     * `pause` keeps them for later; `stop` and `failed` ship nothing (003 L388, D-1). A receiver
     * marked `failed` turns `stop` once it has been told, which is at once while it is reachable.
     */
    private static boolean receives(ModelState.Instance db) {
        Value r = db.fields.get("receiving");
        if (r == null || r instanceof Value.Nil) return true;
        String state = Value.show(r);
        if (state.equals("failed")) db.fields.put("receiving", new Value.Sym("stop"));
        return state.equals("start");
    }

    /** D-3: a master restored from a ttMigrate file of the active starts ACTIVE when no other is (000 L440). */
    private static void restoredActive(ModelState s, List<ModelState.Instance> dbs) {
        if (activeMaster(s) != null) return;
        for (ModelState.Instance db : dbs) {
            String state = sym(db, "state");
            if (sym(db, "role").equals("master") && live(s, db) && (state.equals("IDLE") || state.equals("none"))
                    && sym(db, "origin").equals("migrated") && sym(db, "savedState").equals("ACTIVE")) {
                db.fields.put("state", new Value.Sym("ACTIVE"));
                return;
            }
        }
    }

    private static void ship(ModelState.Instance from, ModelState.Instance to, double seconds) {
        double target = num(from, "applied");
        double now = num(to, "applied");
        if (now < target) to.fields.put("applied", new Value.Num(Math.min(target, now + num(to, "applyRate") * seconds)));
    }

    /** Exists, its replication agent runs, and its host is up. */
    static boolean live(ModelState s, ModelState.Instance db) {
        return bool(db, "exists") && sym(db, "rep").equals("up") && hostUp(s, db);
    }

    static boolean hostUp(ModelState s, ModelState.Instance db) {
        if (!(db.fields.get("host") instanceof Value.Ref h)) return true;
        ModelState.Instance host = s.instance(h);
        return host == null || !(host.fields.get("up") instanceof Value.Bool b) || b.value();
    }

    static String host(ModelState.Instance db) {
        return db.fields.get("host") instanceof Value.Ref h ? h.id() : "";
    }

    static boolean bool(ModelState.Instance i, String field) {
        return i.fields.get(field) instanceof Value.Bool b && b.value();
    }

    static double num(ModelState.Instance i, String field) {
        return i.fields.get(field) instanceof Value.Num n ? n.value() : 0;
    }

    static String sym(ModelState.Instance i, String field) {
        Value v = i.fields.get(field);
        return v == null ? "" : Value.show(v);
    }
}
