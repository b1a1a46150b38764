package dev.runbook.sim;

import dev.runbook.ast.Expr;
import dev.runbook.ast.HeaderClause;
import dev.runbook.ast.Item;
import dev.runbook.ast.RunbookFile;
import dev.runbook.ast.VerbClause;
import dev.runbook.check.Vocabulary;
import dev.runbook.source.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cluster a simulation starts from, built only from the runbook: its parameters (each
 * database placed on its host), the declared field defaults of the model, its `require` lines
 * read as the documented starting point, and optionally a cluster file a user writes to describe
 * the cluster they have. docs/model.md documents the rules.
 */
public final class InitialState {

    /** The state and the parameters' values. */
    public record Start(ModelState state, Env env) {}

    /** Something in the parameters, the require lines or the cluster file the model cannot use. */
    public static final class Problem extends Exception {
        public Problem(String message) {
            super(message);
        }
    }

    private final Vocabulary vocabulary;
    private final Evaluator evaluator;
    /** Hosts of databases given on the command line as NAME@HOST. */
    private final java.util.Map<String, String> givenHosts = new java.util.HashMap<>();

    public InitialState(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.evaluator = new Evaluator(vocabulary);
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
                throw new Problem("the runbook has no parameter `" + name + "` (-p " + name + "=...)");
            }
        }
        for (Item.ParamItem p : runbook.itemsOf(Item.ParamItem.class)) {
            String name = p.name().text();
            Value value;
            if (overrides.containsKey(name)) {
                value = parseOverride(p, overrides.get(name));
            } else if (p.defaultValue() != null) {
                value = evaluator.eval(p.defaultValue(), env, state);
            } else {
                throw new Problem("parameter `" + name + "` has no default: give it with -p " + name + "=VALUE");
            }
            value = materialise(p.defaultValue(), value, state, name);
            env.define(name, value);
        }
        if (runbook.header() instanceof dev.runbook.ast.Header.RunbookHeader h) {
            for (HeaderClause.RequireClause r : h.requires()) assume(r.condition(), env, state);
        }
        // a host runs the release of the databases placed on it, unless something says otherwise
        for (ModelState.Instance db : state.all("database")) {
            if (!(db.fields.get("host") instanceof Value.Ref host)) continue;
            for (String f : List.of("release", "major")) {
                Value mine = db.fields.getOrDefault(f, Value.NIL);
                Value hosts = state.get(host, f);
                if (hosts instanceof Value.Nil && !(mine instanceof Value.Nil)) state.set(host, f, mine);
                else if (mine instanceof Value.Nil && !(hosts instanceof Value.Nil)) db.fields.put(f, hosts);
            }
            if (db.fields.get("release") instanceof Value.Nil && !(db.fields.get("major") instanceof Value.Nil)) {
                db.fields.put("release", db.fields.get("major"));
                state.set(host, "release", db.fields.get("major"));
            }
        }
        if (clusterFile != null) ClusterFile.apply(clusterFile, state, vocabulary);
        double committed = 0;
        for (ModelState.Instance db : state.all("database")) {
            if (Physics.bool(db, "exists")) committed = Math.max(committed, Physics.num(db, "applied"));
        }
        state.committed = committed;
        if (atStart && runbook.header() instanceof dev.runbook.ast.Header.RunbookHeader h) {
            for (HeaderClause.RequireClause r : h.requires()) {
                if (!evaluator.test(r.condition(), env, state)) {
                    throw new Problem("the starting state does not satisfy `require` on line " + r.span().line()
                            + ": fix the cluster file or the parameters");
                }
            }
        }
        return new Start(state, env);
    }

    /** Creates the entity instances a parameter's value names (a database and its host). */
    private Value materialise(Expr declared, Value value, ModelState state, String paramName) {
        if (value instanceof Value.ListV l) {
            List<Value> items = new ArrayList<>();
            List<Expr> elements = declared instanceof Expr.ListLit ll ? ll.elements() : List.of();
            for (int i = 0; i < l.items().size(); i++) {
                items.add(materialise(i < elements.size() ? elements.get(i) : null, l.items().get(i), state, paramName));
            }
            return new Value.ListV(items);
        }
        if (value instanceof Value.Ref r) {
            ModelState.Instance inst = instantiate(state, r.entity(), r.id());
            if (r.entity().equals("database") && givenHosts.containsKey(r.id())) {
                instantiate(state, "host", givenHosts.get(r.id()));
                inst.fields.put("host", new Value.Ref("host", givenHosts.get(r.id())));
            } else if (r.entity().equals("database") && declared instanceof Expr.PlacedExpr placed) {
                Value host = evaluator.eval(placed.host(), Env.root(), state);
                String hostName = host instanceof Value.Ref h ? h.id() : Value.show(host);
                instantiate(state, "host", hostName);
                inst.fields.put("host", new Value.Ref("host", hostName));
            }
            if (r.entity().equals("credential")) {
                inst.fields.put("user", new Value.Str(r.id()));
                inst.fields.put("password", new Value.Secret(paramName));
            }
        }
        return value;
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

    private Value parseOverride(Item.ParamItem p, String text) throws Problem {
        try {
            return parseOverrideValue(p, text);
        } catch (Problem e) {
            throw new Problem("-p " + p.name().text() + "=" + text + ": " + e.getMessage());
        }
    }

    private Value parseOverrideValue(Item.ParamItem p, String text) throws Problem {
        Expr declared = p.defaultValue();
        String type = p.type() == null ? null : p.type().toString();
        if (declared instanceof Expr.PlacedExpr || "database".equals(type)) return parseDatabase(text);
        if (declared instanceof Expr.ListLit || (type != null && type.startsWith("["))) {
            List<Value> items = new ArrayList<>();
            for (String piece : text.split(",")) {
                if (!piece.isBlank()) items.add(piece.contains("@") ? parseDatabase(piece.trim()) : new Value.Str(piece.trim()));
            }
            return new Value.ListV(items);
        }
        if (declared instanceof Expr.QueryExpr q && (q.name().text().equals("credential") || q.name().text().equals("host"))) {
            return new Value.Ref(q.name().text(), text);
        }
        if ("credential".equals(type) || "host".equals(type)) return new Value.Ref(type, text);
        if (declared instanceof Expr.NumberLit || "number".equals(type)) {
            try {
                return new Value.Num(Double.parseDouble(text));
            } catch (NumberFormatException e) {
                throw new Problem("a number is expected");
            }
        }
        if (declared instanceof Expr.DurationLit || "duration".equals(type)) {
            long ms = dev.runbook.ast.Durations.parseMillis(text);
            if (ms < 0) throw new Problem("a duration such as 10m is expected");
            return new Value.Num(ms);
        }
        return new Value.Str(text);
    }

    /** {@code master1@master1host}. */
    private Value parseDatabase(String text) throws Problem {
        int at = text.indexOf('@');
        if (at <= 0 || at == text.length() - 1) throw new Problem("write a database as NAME@HOST, e.g. master1@master1host");
        givenHosts.put(text.substring(0, at), text.substring(at + 1));
        return new Value.Ref("database", text.substring(0, at));
    }

    /**
     * Reads a require condition as assignments that make it true: {@code state x == ACTIVE} sets
     * x.state through the query's model path, {@code x.port > 0} sets a port, {@code not apps.paused}
     * clears a flag. Conditions that are not of these forms are only checked afterwards.
     */
    private void assume(Expr condition, Env env, ModelState state) throws Problem {
        if (condition instanceof Expr.BinaryExpr b && b.op() == Expr.BinaryOp.AND) {
            assume(b.left(), env, state);
            assume(b.right(), env, state);
            return;
        }
        if (condition instanceof Expr.NotExpr n) {
            for (Target t : targets(n.operand(), env, state)) state.set(t.ref, t.field, Value.of(false));
            return;
        }
        if (condition instanceof Expr.BinaryExpr b) {
            Value right = evaluator.eval(b.right(), env, state);
            Value assigned = switch (b.op()) {
                case EQ -> right;
                case GT -> right instanceof Value.Num n ? new Value.Num(30000 + n.value()) : null;
                case GE -> right;
                default -> null;
            };
            if (assigned == null) return;
            List<Target> targets = targets(b.left(), env, state);
            for (int i = 0; i < targets.size(); i++) {
                Value v = assigned;
                if (b.op() == Expr.BinaryOp.GT && assigned instanceof Value.Num n) v = new Value.Num(n.value() + i);
                state.set(targets.get(i).ref, targets.get(i).field, v);
            }
            return;
        }
        for (Target t : targets(condition, env, state)) state.set(t.ref, t.field, Value.of(true));
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

    /** A cluster file: lines of {@code ID.FIELD = VALUE}; docs/model.md describes it. */
    static final class ClusterFile {
        private ClusterFile() {}

        static void apply(Source file, ModelState state, Vocabulary vocabulary) throws Problem {
            String[] lines = file.text().split("\n", -1);
            for (int n = 0; n < lines.length; n++) {
                String line = lines[n].strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                int eq = line.indexOf('=');
                int dot = line.indexOf('.');
                if (eq < 0 || dot < 0 || dot > eq) {
                    throw new Problem(file.name() + ":" + (n + 1) + ": write ID.FIELD = VALUE, e.g. master1.state = ACTIVE");
                }
                String id = line.substring(0, dot).strip();
                String field = line.substring(dot + 1, eq).strip();
                String text = line.substring(eq + 1).strip();
                ModelState.Instance target = null;
                for (ModelState.Instance i : state.instances()) if (i.id().equals(id)) target = i;
                if (target == null) {
                    throw new Problem(file.name() + ":" + (n + 1) + ": no `" + id + "` in the runbook's parameters");
                }
                dev.runbook.check.Type type = vocabulary.entities().get(target.entity()).fields().get(field);
                if (type == null) {
                    throw new Problem(file.name() + ":" + (n + 1) + ": " + target.entity() + " has no field `" + field + "`");
                }
                target.fields.put(field, parse(type, text, state, file.name() + ":" + (n + 1)));
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
            if (type instanceof dev.runbook.check.Type.Entity en) return new Value.Ref(en.name(), text);
            return new Value.Str(text);
        }
    }
}
