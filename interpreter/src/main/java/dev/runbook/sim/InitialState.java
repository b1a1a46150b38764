package dev.runbook.sim;

import dev.runbook.ast.Expr;
import dev.runbook.ast.Header;
import dev.runbook.ast.HeaderClause;
import dev.runbook.ast.Item;
import dev.runbook.ast.RunbookFile;
import dev.runbook.ast.VerbClause;
import dev.runbook.check.Names;
import dev.runbook.check.Vocabulary;
import dev.runbook.source.Source;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import dev.runbook.check.Names;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster a simulation starts from, built only from the runbook: its parameters (each
 * database placed on its host), the declared field defaults of the model, its `require` lines
 * read as the documented starting point, and optionally a cluster file a user writes to describe
 * the cluster they have. docs/model.md documents the rules.
 */
public final class InitialState {

    /**
     * A fact of the starting state that no `require` line, `--cluster` line or parameter gave:
     * the instance and its field, its value as the trace shows it, and why the model holds it.
     */
    public record Assumption(String owner, String field, String value, String why) {
        /** {@code ID.FIELD}: the form of a --cluster line (an id may hold dots: node1.example.com.release). */
        public String path() {
            return owner + "." + field;
        }
    }

    /** The state, the parameters' values, and what the state assumes. */
    public record Start(ModelState state, Env env, List<Assumption> assumptions) {
        public Start {
            assumptions = List.copyOf(assumptions);
        }
    }

    /** Something in the parameters, the require lines or the cluster file the model cannot use: what, and what to do. */
    public static final class Problem extends Exception {
        private final String hint;

        public Problem(String message) {
            this(message, null);
        }

        public Problem(String message, String hint) {
            super(message);
            this.hint = hint;
        }

        /** What to do about it, or null. */
        public String hint() {
            return hint;
        }
    }

    /** Why a fact is held when nothing gave it: the model's declared default, or nothing at all. */
    public static final String DEFAULT = "the model's default (docs/model.md §1)";
    public static final String UNKNOWN = "not known: no require line, --cluster line or default gives it";

    private final Vocabulary vocabulary;
    private final Evaluator evaluator;
    private final Source source;
    /** Hosts of databases given on the command line as NAME@HOST. */
    private final Map<String, String> givenHosts = new HashMap<>();
    /** The fields ({@code ID.FIELD}) that a parameter, a require line or the cluster file gave. */
    private final Set<String> given = new HashSet<>();
    /** The fields the simulator chose a value for, and why. */
    private final Map<String, String> chosen = new LinkedHashMap<>();

    public InitialState(Vocabulary vocabulary) {
        this(vocabulary, null);
    }

    /** {@code source}: the runbook's text, to name places ({@code FILE:LINE:COL}) in the messages. */
    public InitialState(Vocabulary vocabulary, Source source) {
        this.vocabulary = vocabulary;
        this.evaluator = new Evaluator(vocabulary);
        this.source = source;
    }

    public Start build(RunbookFile runbook, Map<String, String> overrides, Source clusterFile) throws Problem {
        return build(runbook, overrides, clusterFile, true);
    }

    /**
     * {@code atStart}: the run begins at the first step, so the `require` lines must hold. A run
     * resumed at a later step (--from-step) starts from the cluster file instead.
     */
    public Start build(RunbookFile runbook, Map<String, String> overrides, Source clusterFile, boolean atStart) throws Problem {
        ModelState state = new ModelState();
        Env env = Env.root();
        for (Vocabulary.Global g : vocabulary.globals().values()) {
            String entity = g.type().describe();
            instantiate(state, entity, g.name());
            env.define(g.name(), new Value.Ref(entity, g.name()));
        }
        for (String name : overrides.keySet()) {
            if (runbook.itemsOf(Item.ParamItem.class).stream().noneMatch(p -> p.name().text().equals(name))) {
                throw new Problem("the runbook has no parameter `" + name + "` (-p " + name + "=...)",
                        "its parameters are " + String.join(", ", runbook.itemsOf(Item.ParamItem.class).stream().map(p -> p.name().text()).toList()));
            }
        }
        for (Item.ParamItem p : runbook.itemsOf(Item.ParamItem.class)) {
            String name = p.name().text();
            Value value;
            String origin;
            if (overrides.containsKey(name)) {
                value = parseOverride(p, overrides.get(name));
                origin = "-p " + name;
            } else if (p.defaultValue() != null) {
                value = evaluator.eval(p.defaultValue(), env, state);
                origin = "parameter `" + name + "` (its default, " + where(p.defaultValue().span()) + ")";
                if (isRelease(p) && value instanceof Value.Str s) checkName(Names.Kind.RELEASE, s.value(), origin, "release", null);
            } else {
                throw new Problem("parameter `" + name + "` has no default: give it with -p " + name + "=VALUE");
            }
            value = materialise(p.defaultValue(), value, state, name, origin);
            env.define(name, value);
        }
        boolean online = runbook.header() instanceof Header.RunbookHeader rh && rh.online();
        startingPoint(runbook, env, state, online);
        if (runbook.header() instanceof Header.RunbookHeader h) {
            for (HeaderClause.RequireClause r : h.requires()) assume(r.condition(), env, state, r);
        }
        // a host runs the release of the databases placed on it, unless something says otherwise
        for (ModelState.Instance db : state.all("database")) {
            if (!(db.fields.get("host") instanceof Value.Ref host)) continue;
            for (String f : List.of("release", "major")) {
                Value mine = db.fields.getOrDefault(f, Value.NIL);
                Value hosts = state.get(host, f);
                if (hosts instanceof Value.Nil && !(mine instanceof Value.Nil)) {
                    state.set(host, f, mine);
                    derive(host.id() + "." + f, db.id + "." + f, "the release of " + db.id + ", placed on it");
                } else if (mine instanceof Value.Nil && !(hosts instanceof Value.Nil)) {
                    db.fields.put(f, hosts);
                    derive(db.id + "." + f, host.id() + "." + f, "the release of its host " + host.id());
                }
            }
            if (db.fields.get("release") instanceof Value.Nil && !(db.fields.get("major") instanceof Value.Nil)) {
                db.fields.put("release", db.fields.get("major"));
                state.set(host, "release", db.fields.get("major"));
                derive(db.id + ".release", db.id + ".major", "its major release");
                derive(host.id() + ".release", db.id + ".major", "the major release of " + db.id + ", placed on it");
            }
        }
        if (clusterFile != null) given.addAll(ClusterFile.apply(clusterFile, state, vocabulary));
        double committed = 0;
        for (ModelState.Instance db : state.all("database")) {
            if (Physics.bool(db, "exists")) committed = Math.max(committed, Physics.num(db, "applied"));
        }
        state.committed = committed;
        if (atStart && runbook.header() instanceof Header.RunbookHeader h) {
            for (HeaderClause.RequireClause r : h.requires()) {
                if (!evaluator.test(r.condition(), env, state)) throw unsatisfied(r, env, state, runbook);
            }
        }
        return new Start(state, env, assumptions(state));
    }

    // ------------------------------------------------------------------ parameters

    /** Creates the entity instances a parameter's value names (a database and its host), checking each name. */
    private Value materialise(Expr declared, Value value, ModelState state, String paramName, String origin) throws Problem {
        if (value instanceof Value.ListV l) {
            List<Value> items = new ArrayList<>();
            List<Expr> elements = declared instanceof Expr.ListLit ll ? ll.elements() : List.of();
            for (int i = 0; i < l.items().size(); i++) {
                items.add(materialise(i < elements.size() ? elements.get(i) : null, l.items().get(i), state, paramName, origin));
            }
            return new Value.ListV(items);
        }
        if (value instanceof Value.Ref r) {
            String placeHint = origin.startsWith("-p ") ? "write a database as NAME@HOST, e.g. master2@master2host" : null;
            switch (r.entity()) {
                case "database" -> checkName(Names.Kind.DATABASE, r.id(), origin, "database name", placeHint);
                case "host" -> checkName(Names.Kind.HOST, r.id(), origin, "host", null);
                case "credential" -> checkUser(r.id(), origin, paramName);
                default -> { }
            }
            ModelState.Instance inst = instantiate(state, r.entity(), r.id());
            if (r.entity().equals("database") && givenHosts.containsKey(r.id())) {
                String hostName = givenHosts.get(r.id());
                checkName(Names.Kind.HOST, hostName, origin, "host", placeHint);
                instantiate(state, "host", hostName);
                inst.fields.put("host", new Value.Ref("host", hostName));
                given.add(r.id() + ".host");
            } else if (r.entity().equals("database") && declared instanceof Expr.PlacedExpr placed) {
                Value host = evaluator.eval(placed.host(), Env.root(), state);
                String hostName = host instanceof Value.Ref h ? h.id() : Value.show(host);
                checkName(Names.Kind.HOST, hostName, origin, "host", null);
                instantiate(state, "host", hostName);
                inst.fields.put("host", new Value.Ref("host", hostName));
                given.add(r.id() + ".host");
            }
            if (r.entity().equals("credential")) {
                inst.fields.put("user", new Value.Str(r.id()));
                inst.fields.put("password", new Value.Secret(paramName));
                given.add(r.id() + ".user");
                given.add(r.id() + ".password");
                // a cache administration user's Oracle password is a secret of its own (stdlib/cache.rbk)
                if (inst.fields.containsKey("oraclePassword")) {
                    inst.fields.put("oraclePassword", new Value.Secret(paramName + "_oracle"));
                    given.add(r.id() + ".oraclePassword");
                }
            }
        }
        return value;
    }

    /** A name bound to a real thing must be one of its kind: {@code h$(id)} is no host. */
    private static void checkName(Names.Kind kind, String text, String origin, String what, String hint) throws Problem {
        Optional<String> wrong = Names.problem(kind, text);
        if (wrong.isPresent()) {
            throw new Problem(origin + ": the " + what + " " + Names.display(text) + " is not allowed: " + wrong.get()
                    + "; allowed: " + kind.rule(), hint);
        }
    }

    /**
     * A credential parameter names a user, and only that: its value is never shown in an error, since
     * a user who typed {@code user/password} must not find the password in a log.
     */
    private static void checkUser(String text, String origin, String paramName) throws Problem {
        String secretHint = "give the user alone (-p " + paramName + "=USER); the password comes from the environment variable "
                + secretVariable(paramName) + ", a --secrets file or a prompt on the terminal (docs/cli.md, \"Secrets\")";
        if (text.indexOf('/') >= 0 || text.indexOf(';') >= 0 || text.toUpperCase(Locale.ROOT).contains("PWD=")) {
            throw new Problem(origin + ": a credential takes a user name only, and this value looks like it holds a password "
                    + "(not shown): a password never goes on the command line, where ps, the shell history and the trace would keep it",
                    secretHint);
        }
        Optional<String> wrong = Names.problem(Names.Kind.USER, text);
        if (wrong.isPresent()) {
            throw new Problem(origin + ": the user name (not shown) is not allowed: "
                    + (wrong.get().startsWith("it holds") ? "it holds a character a user name cannot have" : wrong.get())
                    + "; allowed: " + Names.Kind.USER.rule(), secretHint);
        }
    }

    /** The environment variable a credential parameter's password is read from. */
    public static String secretVariable(String paramName) {
        return "RUNBOOK_SECRET_" + paramName.toUpperCase(Locale.ROOT);
    }

    /**
     * A parameter that holds a release: declared {@code release}, or a string whose default is written
     * as one ({@code param from = "18.1"}).
     */
    private static boolean isRelease(Item.ParamItem p) {
        if (p.type() != null && p.type().toString().equals("release")) return true;
        return p.defaultValue() instanceof Expr.StringLit s && s.parts().size() == 1
                && s.parts().get(0) instanceof Expr.StringLit.Text t && Names.valid(Names.Kind.RELEASE, t.text());
    }

    private Value parseOverride(Item.ParamItem p, String text) throws Problem {
        try {
            return parseOverrideValue(p, text);
        } catch (Problem e) {
            // the value itself is shown by the message, escaped, and never for a credential
            throw new Problem("-p " + p.name().text() + ": " + e.getMessage(), e.hint());
        }
    }

    private static boolean isCredential(Item.ParamItem p) {
        return "credential".equals(p.type() == null ? null : p.type().toString())
                || p.defaultValue() instanceof Expr.QueryExpr q && q.name().text().equals("credential");
    }

    private Value parseOverrideValue(Item.ParamItem p, String text) throws Problem {
        Expr declared = p.defaultValue();
        String type = p.type() == null ? null : p.type().toString();
        if (declared instanceof Expr.PlacedExpr || "database".equals(type)) return parseDatabase(text);
        if (declared instanceof Expr.ListLit || (type != null && type.startsWith("["))) {
            boolean databases = "[database]".equals(type) || declared instanceof Expr.ListLit ll
                    && !ll.elements().isEmpty() && ll.elements().get(0) instanceof Expr.PlacedExpr;
            List<Value> items = new ArrayList<>();
            for (String piece : text.split(",", -1)) {
                if (piece.isBlank() && text.isBlank()) continue;
                if (databases || piece.contains("@")) items.add(parseDatabase(piece.strip()));
                else if (piece.isBlank()) throw new Problem("an item of the list is empty; write the items comma-separated, e.g. a,b");
                else items.add(new Value.Str(piece.strip()));
            }
            return new Value.ListV(items);
        }
        if (isCredential(p)) return new Value.Ref("credential", text);
        if (declared instanceof Expr.QueryExpr q && q.name().text().equals("host") || "host".equals(type)) return new Value.Ref("host", text);
        if (declared instanceof Expr.NumberLit || "number".equals(type)) {
            try {
                return new Value.Num(Double.parseDouble(text));
            } catch (NumberFormatException e) {
                throw new Problem(Names.display(text) + " is not a number");
            }
        }
        if (declared instanceof Expr.BoolLit || "bool".equals(type)) {
            if (!text.equals("true") && !text.equals("false")) throw new Problem(Names.display(text) + " is not a bool: write true or false");
            return Value.of(text.equals("true"));
        }
        dev.runbook.check.Type.Enum en = type == null ? null : vocabulary.enums().get(type);
        if (en != null) {
            if (!en.values().contains(text)) throw new Problem(Names.display(text) + " is not one of " + String.join(", ", en.values()));
            return new Value.Sym(text);
        }
        if (declared instanceof Expr.DurationLit || "duration".equals(type)) {
            long ms = dev.runbook.ast.Durations.parseMillis(text);
            if (ms < 0) throw new Problem(Names.display(text) + " is not a duration such as 10m");
            return new Value.Num(ms);
        }
        if (isRelease(p)) {
            Optional<String> wrong = Names.problem(Names.Kind.RELEASE, text);
            if (wrong.isPresent()) throw new Problem("the release " + Names.display(text) + " is not allowed: " + wrong.get() + "; allowed: " + Names.Kind.RELEASE.rule());
        }
        return new Value.Str(text);
    }

    /** {@code master1@master1host}. */
    private Value parseDatabase(String text) throws Problem {
        int at = text.indexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw new Problem(Names.display(text) + " is not a database: write a database as NAME@HOST, e.g. master1@master1host");
        }
        givenHosts.put(text.substring(0, at), text.substring(at + 1));
        return new Value.Ref("database", text.substring(0, at));
    }

    // ------------------------------------------------------------------ the documented starting point

    /** The shape of cluster a family of procedures starts from (docs/model.md §6). */
    enum Family { PAIR, CLASSIC, STANDALONE }

    /**
     * Puts the cluster where the runbook's family of procedures starts, before the `require` lines
     * (which override it): an active standby pair (the `active` ACTIVE, the `standby` STANDBY, the
     * subscribers subscribing, the applications writing to the active), a classic pair (two masters
     * of a classic scheme) or a standalone database; in an `online` runbook of any family, the
     * applications write to the active (the first database). Every value set here
     * is an assumption the trace shows.
     */
    private void startingPoint(RunbookFile runbook, Env env, ModelState state, boolean online) {
        List<String> singles = new ArrayList<>();
        List<String> lists = new ArrayList<>();
        for (Item.ParamItem p : runbook.itemsOf(Item.ParamItem.class)) {
            Value v = env.lookup(p.name().text());
            if (v instanceof Value.Ref r && r.entity().equals("database")) singles.add(p.name().text());
            else if (v instanceof Value.ListV l && !l.items().isEmpty() && l.items().stream().allMatch(i -> i instanceof Value.Ref r && r.entity().equals("database"))) {
                lists.add(p.name().text());
            }
        }
        String id = runbook.declaredName() == null ? "" : runbook.declaredName();
        Family family;
        String first;
        String second;
        if (singles.contains("active") && singles.contains("standby")) {
            family = Family.PAIR;
            first = "active";
            second = "standby";
        } else if (singles.size() >= 2 && (id.startsWith("asp-") || id.startsWith("ja-asp-"))) {
            family = Family.PAIR;
            first = singles.get(0);
            second = singles.get(1);
        } else if (singles.size() >= 2 && (id.startsWith("classic-") || id.startsWith("ocms-tt-"))) {
            family = Family.CLASSIC;
            first = singles.get(0);
            second = singles.get(1);
        } else if (singles.size() == 1 && lists.isEmpty()) {
            family = Family.STANDALONE;
            first = singles.get(0);
            second = null;
        } else {
            return;
        }
        List<String> subscribers = new ArrayList<>();
        if (family == Family.PAIR) {
            for (String name : singles) if (!name.equals(first) && !name.equals(second) && name.startsWith("sub")) subscribers.add(name);
            for (String name : lists) if (name.startsWith("sub")) subscribers.add(name);
        }
        List<String> named = new ArrayList<>(second == null ? List.of(first) : List.of(first, second));
        named.addAll(subscribers);
        String one = Value.show(env.lookup(first));
        String two = second == null ? null : Value.show(env.lookup(second));
        List<String> subIds = new ArrayList<>();
        for (String s : subscribers) {
            Value v = env.lookup(s);
            for (Value item : v instanceof Value.ListV l ? l.items() : List.of(v)) subIds.add(Value.show(item));
        }
        String why = switch (family) {
            case PAIR -> "the starting point of an active standby pair: " + one + " ACTIVE, " + two + " STANDBY"
                    + (subIds.isEmpty() ? "" : ", " + String.join(", ", subIds) + " subscribing")
                    + ", the applications writing to " + one + " (parameters " + String.join(", ", named) + "; docs/model.md §6)";
            case CLASSIC -> "the starting point of a classic replication pair: " + one + " and " + two + " masters of a classic scheme"
                    + (online ? ", the applications writing to " + one : "") + " (parameters " + String.join(", ", named) + "; docs/model.md §6)";
            case STANDALONE -> "the starting point of a standalone database: " + one + ", no replication scheme, no replication agent"
                    + (online ? ", the applications writing to it" : "") + " (parameter " + first + "; docs/model.md §6)";
        };
        Value.Ref a = (Value.Ref) env.lookup(first);
        switch (family) {
            case PAIR -> {
                Value.Ref b = (Value.Ref) env.lookup(second);
                choose(state, a, "state", new Value.Sym("ACTIVE"), why);
                choose(state, b, "state", new Value.Sym("STANDBY"), why);
                for (Value.Ref m : List.of(a, b)) {
                    choose(state, m, "role", new Value.Sym("master"), why);
                    choose(state, m, "scheme", new Value.Sym("pair"), why);
                    choose(state, m, "rep", new Value.Sym("up"), why);
                }
                for (String s : subscribers) {
                    Value v = env.lookup(s);
                    for (Value item : v instanceof Value.ListV l ? l.items() : List.of(v)) {
                        Value.Ref sub = (Value.Ref) item;
                        choose(state, sub, "role", new Value.Sym("subscriber"), why);
                        choose(state, sub, "scheme", new Value.Sym("pair"), why);
                        choose(state, sub, "rep", new Value.Sym("up"), why);
                    }
                }
            }
            case CLASSIC -> {
                Value.Ref b = (Value.Ref) env.lookup(second);
                for (Value.Ref m : List.of(a, b)) {
                    choose(state, m, "role", new Value.Sym("master"), why);
                    choose(state, m, "scheme", new Value.Sym("classic"), why);
                    choose(state, m, "rep", new Value.Sym("up"), why);
                }
            }
            case STANDALONE -> {
                choose(state, a, "scheme", new Value.Sym("none"), why);
                choose(state, a, "rep", new Value.Sym("down"), why);
            }
        }
        Value.Ref apps = new Value.Ref("applications", "apps");
        // the pair's documented starting point has the applications on the active; any family's in an online runbook
        boolean writing = family == Family.PAIR || online;
        if (writing && state.instance(apps) != null) choose(state, apps, "target", a, why);
    }

    private void choose(ModelState state, Value.Ref ref, String field, Value value, String why) {
        if (state.instance(ref) == null || !state.instance(ref).fields.containsKey(field)) return;
        state.set(ref, field, value);
        chosen.put(ref.id() + "." + field, why);
    }

    /** {@code to} was set from {@code from}: it is given or chosen as {@code from} was. */
    private void derive(String to, String from, String how) {
        if (given.contains(from)) given.add(to);
        else if (chosen.containsKey(from)) chosen.put(to, how + ": " + chosen.get(from));
    }

    // ------------------------------------------------------------------ require lines

    /**
     * Reads a require condition as assignments that make it true: {@code state x == ACTIVE} sets
     * x.state through the query's model path, {@code x.port > 0} sets a port, {@code not apps.paused}
     * clears a flag, {@code x.f != V} picks a value other than V. Values the condition fixes
     * ({@code ==}, {@code not}) count as given; values picked among many ({@code >}, {@code >=},
     * {@code !=}, {@code <}, {@code <=}) are assumptions. Other forms are only checked afterwards.
     */
    private void assume(Expr condition, Env env, ModelState state, HeaderClause.RequireClause clause) throws Problem {
        if (condition instanceof Expr.BinaryExpr b && b.op() == Expr.BinaryOp.AND) {
            assume(b.left(), env, state, clause);
            assume(b.right(), env, state, clause);
            return;
        }
        if (condition instanceof Expr.BinaryExpr b && b.op() == Expr.BinaryOp.OR) {
            // `a or b` that nothing given satisfies: make the first alternative true, as a choice shown
            if (evaluator.eval(condition, env, state) instanceof Value.Bool v && v.value()) return;
            Set<String> before = new HashSet<>(given);
            assume(b.left(), env, state, clause);
            String why = "chosen to satisfy `require " + text(condition) + "` (" + where(condition.span()) + ") by its first alternative";
            for (String path : new ArrayList<>(given)) {
                if (before.contains(path)) continue;
                given.remove(path);
                chosen.put(path, why);
            }
            return;
        }
        if (condition instanceof Expr.NotExpr n) {
            for (Target t : targets(n.operand(), env, state)) give(state, t, Value.of(false));
            return;
        }
        if (condition instanceof Expr.BinaryExpr b && b.op() == Expr.BinaryOp.IN) {
            // `admin.user in active.admins`: the user is one of them, whoever else is
            Value item = evaluator.eval(b.left(), env, state);
            for (Target t : targets(b.right(), env, state)) {
                List<Value> items = state.get(t.ref, t.field) instanceof Value.ListV l ? new ArrayList<>(l.items()) : new ArrayList<>();
                if (!items.contains(item)) items.add(item);
                give(state, t, new Value.ListV(items));
            }
            return;
        }
        if (condition instanceof Expr.BinaryExpr b) {
            Value right = evaluator.eval(b.right(), env, state);
            List<Target> targets = targets(b.left(), env, state);
            String why = "chosen to satisfy `require " + text(condition) + "` (" + where(condition.span()) + ")";
            for (int i = 0; i < targets.size(); i++) {
                Target t = targets.get(i);
                switch (b.op()) {
                    case EQ -> give(state, t, right);
                    case GT -> {
                        if (right instanceof Value.Num n) pick(state, t, new Value.Num(30000 + n.value() + i), why);
                    }
                    case GE -> pick(state, t, right, why);
                    case LE -> pick(state, t, right, why);
                    case LT -> {
                        if (right instanceof Value.Num n) pick(state, t, new Value.Num(n.value() - 1), why);
                    }
                    case NE -> {
                        Value other = other(state, t, right);
                        if (other != null) pick(state, t, other, why);
                    }
                    default -> { }
                }
            }
            return;
        }
        for (Target t : targets(condition, env, state)) give(state, t, Value.of(true));
    }

    private void give(ModelState state, Target t, Value v) {
        state.set(t.ref, t.field, v);
        String path = t.ref.id() + "." + t.field;
        given.add(path);
        chosen.remove(path);
    }

    private void pick(ModelState state, Target t, Value v, String why) {
        state.set(t.ref, t.field, v);
        String path = t.ref.id() + "." + t.field;
        given.remove(path);
        chosen.put(path, why);
    }

    /** A value of the field's type other than {@code not}: the current one when it differs already, else one picked. */
    private Value other(ModelState state, Target t, Value not) {
        Value current = state.get(t.ref, t.field);
        if (!(current instanceof Value.Nil) && !current.equals(not)) return current;
        dev.runbook.check.Type.Entity entity = vocabulary.entities().get(t.ref.entity());
        dev.runbook.check.Type type = entity == null ? null : entity.fields().get(t.field);
        if (type instanceof dev.runbook.check.Type.Enum en) {
            for (String v : en.values()) if (!new Value.Sym(v).equals(not)) return new Value.Sym(v);
        } else if (type == dev.runbook.check.Type.Prim.BOOL && not instanceof Value.Bool b) {
            return Value.of(!b.value());
        } else if (type == dev.runbook.check.Type.Prim.NUMBER && not instanceof Value.Num n) {
            return new Value.Num(n.value() + 1);
        } else if (type == dev.runbook.check.Type.Prim.STRING && not instanceof Value.Str s) {
            String name = t.field.toLowerCase(Locale.ROOT);
            return new Value.Str(name.equals(s.value()) ? name + "1" : name);
        }
        return null;
    }

    /**
     * The error for a `require` the starting state does not satisfy: which part fails, the facts it
     * reads and their values, and how to give them (a --cluster line, or -p for a parameter).
     */
    private Problem unsatisfied(HeaderClause.RequireClause r, Env env, ModelState state, RunbookFile runbook) {
        Expr failing = failingPart(r.condition(), env, state);
        List<String> facts = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<String> params = new ArrayList<>();
        for (Expr side : failing instanceof Expr.BinaryExpr b ? List.of(b.left(), b.right())
                : failing instanceof Expr.NotExpr n ? List.of(n.operand()) : List.of(failing)) {
            for (Target t : targets(side, env, state)) {
                Value v = state.get(t.ref, t.field);
                facts.add(t.ref.id() + "." + t.field + " is " + (v instanceof Value.Nil ? "unset" : shownValue(v)));
                lines.add(t.ref.id() + "." + t.field + " = VALUE");
            }
            if (side instanceof Expr.PathExpr p && p.names().size() == 1) {
                String name = p.names().get(0).text();
                if (runbook.itemsOf(Item.ParamItem.class).stream().anyMatch(i -> i.name().text().equals(name))) {
                    params.add(name);
                    facts.add("parameter " + name + " is " + shownValue(env.lookup(name)));
                }
            }
        }
        String message = "the starting state does not satisfy `require " + text(r.condition()) + "` (" + where(r.condition().span()) + ")"
                + (failing != r.condition() ? ": `" + text(failing) + "` is false" : "")
                + (facts.isEmpty() ? "" : " (" + String.join(", ", facts) + ")");
        List<String> ways = new ArrayList<>();
        if (!lines.isEmpty()) ways.add("a --cluster FILE with the line" + (lines.size() > 1 ? "s " : " ") + String.join(", ", lines.stream().map(l -> "`" + l + "`").toList()));
        for (String p : params) ways.add("-p " + p + "=VALUE");
        String hint = ways.isEmpty()
                ? "the model cannot make this condition true by itself: describe the cluster with a --cluster FILE (lines ID.FIELD = VALUE, docs/cli.md)"
                : "give the fact" + (facts.size() > 1 ? "s" : "") + " the condition needs: " + String.join(", or ", ways);
        return new Problem(message, hint);
    }

    /** The first part of an `and` that is false, down to a comparison; the condition itself otherwise. */
    private Expr failingPart(Expr condition, Env env, ModelState state) {
        if (condition instanceof Expr.BinaryExpr b && b.op() == Expr.BinaryOp.AND) {
            if (!evaluator.test(b.left(), env, state)) return failingPart(b.left(), env, state);
            return failingPart(b.right(), env, state);
        }
        return condition;
    }

    private static String shownValue(Value v) {
        if (v instanceof Value.Str s) return Names.display(s.value());
        return Value.show(v);
    }

    private String text(Expr e) {
        return source == null ? "..." : source.slice(e.span()).replaceAll("\\s+", " ").strip();
    }

    private String where(dev.runbook.source.Span span) {
        return (source == null ? "" : source.name() + ":") + span.line() + ":" + span.column();
    }

    private record Target(Value.Ref ref, String field) {}

    /** The model fields an expression reads, when it is a plain field, a field of a list, or a query with a model path. */
    private List<Target> targets(Expr e, Env env, ModelState state) {
        List<Target> out = new ArrayList<>();
        if (e instanceof Expr.PathExpr p && p.names().size() >= 2) {
            Value owner = evaluator.eval(new Expr.PathExpr(p.span(), p.names().subList(0, p.names().size() - 1)), env, state);
            String field = p.names().get(p.names().size() - 1).text();
            if (owner instanceof Value.Ref r) out.add(new Target(r, field));
        } else if (e instanceof Expr.FieldOfExpr f) {
            Value of = evaluator.eval(f.of(), env, state);
            List<Value> items = of instanceof Value.ListV l ? l.items() : List.of(of);
            for (Value item : items) if (item instanceof Value.Ref r) out.add(new Target(r, f.field().text()));
        } else if (e instanceof Expr.QueryExpr q) {
            Vocabulary.Callable query = vocabulary.queries().get(q.name().text());
            if (query == null) return out;
            Env inner = evaluator.bind(query, q.args(), env, state);
            for (VerbClause.ModelClause m : query.item().clausesOf(VerbClause.ModelClause.class)) {
                out.addAll(targets(m.value(), inner, state));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ what was assumed

    /**
     * Every field of every instance that no parameter, require line or cluster file line gave, in
     * the order of the instances and their declared fields: chosen for the family's starting point
     * or a require, declared by the model as a default, or not known at all.
     */
    private List<Assumption> assumptions(ModelState state) {
        List<Assumption> out = new ArrayList<>();
        for (ModelState.Instance inst : state.instances()) {
            dev.runbook.check.Type.Entity type = vocabulary.entities().get(inst.entity());
            if (type == null) continue;
            for (String field : type.fields().keySet()) {
                String path = inst.id() + "." + field;
                if (given.contains(path) || field.equals("name")) continue;
                Value v = inst.fields.getOrDefault(field, Value.NIL);
                if (v instanceof Value.Secret) continue;
                String why = chosen.containsKey(path) ? chosen.get(path) : v instanceof Value.Nil ? UNKNOWN : DEFAULT;
                out.add(new Assumption(inst.id(), field, v instanceof Value.Nil ? "unset" : v instanceof Value.Str s && s.value().isEmpty() ? "\"\"" : Value.show(v), why));
            }
        }
        return out;
    }

    ModelState.Instance instantiate(ModelState state, String entity, String id) {
        boolean fresh = state.instance(new Value.Ref(entity, id)) == null;
        ModelState.Instance inst = state.add(entity, id);
        if (!fresh) return inst;
        dev.runbook.check.Type.Entity type = vocabulary.entities().get(entity);
        if (type != null) {
            Map<String, Expr> defaults = vocabulary.fieldDefaults().getOrDefault(entity, Map.of());
            for (String field : type.fields().keySet()) {
                Expr d = defaults.get(field);
                inst.fields.put(field, d == null ? Value.NIL : evaluator.eval(d, Env.root(), state));
            }
        }
        if (type != null && type.fields().containsKey("name")) inst.fields.put("name", new Value.Str(id));
        return inst;
    }

    /** A cluster file: lines of {@code ID.FIELD = VALUE}; docs/model.md describes it. */
    static final class ClusterFile {
        private ClusterFile() {}

        /** Applies the file's lines to the state; returns the fields ({@code ID.FIELD}) it gave. */
        static Set<String> apply(Source file, ModelState state, Vocabulary vocabulary) throws Problem {
            Set<String> given = new HashSet<>();
            String[] lines = file.text().split("\n", -1);
            for (int n = 0; n < lines.length; n++) {
                String line = lines[n].strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                String where = file.name() + ":" + (n + 1);
                int eq = line.indexOf('=');
                int dot = line.indexOf('.');
                if (eq < 0 || dot < 0 || dot > eq) {
                    throw new Problem(where + ": write ID.FIELD = VALUE, e.g. master1.state = ACTIVE");
                }
                String id = line.substring(0, dot).strip();
                String field = line.substring(dot + 1, eq).strip();
                String text = line.substring(eq + 1).strip();
                ModelState.Instance target = null;
                for (ModelState.Instance i : state.instances()) if (i.id().equals(id)) target = i;
                if (target == null) {
                    throw new Problem(where + ": no `" + id + "` in the runbook's parameters",
                            "the ids are " + String.join(", ", state.instances().stream().map(ModelState.Instance::id).toList()));
                }
                dev.runbook.check.Type type = vocabulary.entities().get(target.entity()).fields().get(field);
                if (type == null) {
                    throw new Problem(where + ": " + target.entity() + " has no field `" + field + "`");
                }
                Value value = parse(type, text, state, where);
                checkValue(target, field, value, where);
                target.fields.put(field, value);
                given.add(id + "." + field);
            }
            return given;
        }

        /** The fields that hold names or releases take only values of their grammar (docs/cli.md, "Names"). */
        private static void checkValue(ModelState.Instance target, String field, Value value, String where) throws Problem {
            if (!(value instanceof Value.Str s)) return;
            Names.Kind kind = switch (field) {
                case "release", "major" -> Names.Kind.RELEASE;
                case "upgradedFrom", "savedMajor", "backupMajor", "ttrepSchemaVersion" -> s.value().isEmpty() ? null : Names.Kind.RELEASE;
                case "cacheAdmin" -> s.value().isEmpty() ? null : Names.Kind.USER;
                case "user" -> Names.Kind.USER;
                case "name" -> target.entity().equals("host") ? Names.Kind.HOST : target.entity().equals("database") ? Names.Kind.DATABASE : null;
                default -> null;
            };
            if (kind == null) return;
            Optional<String> wrong = Names.problem(kind, s.value());
            if (wrong.isPresent()) {
                throw new Problem(where + ": " + target.id() + "." + field + " = " + Names.display(s.value()) + " is not allowed: "
                        + wrong.get() + "; allowed: " + kind.rule());
            }
        }

        private static Value parse(dev.runbook.check.Type type, String text, ModelState state, String where) throws Problem {
            if (text.startsWith("\"") && text.endsWith("\"") && text.length() >= 2) return new Value.Str(text.substring(1, text.length() - 1));
            if (type == dev.runbook.check.Type.Prim.NUMBER) {
                try {
                    return new Value.Num(Double.parseDouble(text));
                } catch (NumberFormatException e) {
                    throw new Problem(where + ": `" + text + "` is not a number");
                }
            }
            if (type == dev.runbook.check.Type.Prim.BOOL) {
                if (!text.equals("true") && !text.equals("false")) throw new Problem(where + ": write true or false");
                return Value.of(text.equals("true"));
            }
            if (type instanceof dev.runbook.check.Type.Enum en) {
                if (!en.values().contains(text)) throw new Problem(where + ": `" + text + "` is not one of " + String.join(", ", en.values()));
                return new Value.Sym(text);
            }
            if (type instanceof dev.runbook.check.Type.Entity en) {
                if (state.instance(new Value.Ref(en.name(), text)) == null) {
                    List<String> ids = state.all(en.name()).stream().map(ModelState.Instance::id).toList();
                    throw new Problem(where + ": no " + en.name() + " " + Names.display(text) + " in the runbook's parameters"
                            + (ids.isEmpty() ? "" : "; its " + en.name() + "s are " + String.join(", ", ids)));
                }
                return new Value.Ref(en.name(), text);
            }
            return new Value.Str(text);
        }
    }
}
