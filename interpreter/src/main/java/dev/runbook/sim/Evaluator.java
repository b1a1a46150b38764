package dev.runbook.sim;

import dev.runbook.ast.Expr;
import dev.runbook.ast.Name;
import dev.runbook.ast.VerbClause;
import dev.runbook.check.Arguments;
import dev.runbook.check.Quantifiers;
import dev.runbook.check.Releases;
import dev.runbook.check.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluates expressions of a checked runbook against the model: paths read fields, queries
 * evaluate their declared {@code model} expression, comparisons with a list compare every element.
 */
public final class Evaluator {

    private final Vocabulary vocabulary;
    private final Answers answers;

    /**
     * Where a query's answer comes from when not from its `model` line: a real run asks the host.
     * Empty: the model answers.
     */
    @FunctionalInterface
    public interface Answers {
        java.util.Optional<Value> answer(Vocabulary.Callable query, Env env);

        Answers MODEL = (query, env) -> java.util.Optional.empty();
    }

    public Evaluator(Vocabulary vocabulary) {
        this(vocabulary, Answers.MODEL);
    }

    public Evaluator(Vocabulary vocabulary, Answers answers) {
        this.vocabulary = vocabulary;
        this.answers = answers;
    }

    public Value eval(Expr e, Env env, ModelState state) {
        if (e instanceof Expr.StringLit s) return new Value.Str(interpolate(s, env, state, Value::show));
        if (e instanceof Expr.NumberLit n) return new Value.Num(Double.parseDouble(n.text()));
        if (e instanceof Expr.DurationLit d) return new Value.Num(d.millis());
        if (e instanceof Expr.BoolLit b) return Value.of(b.value());
        if (e instanceof Expr.HereLit) return env.here() == null ? Value.NIL : env.here();
        if (e instanceof Expr.ListLit l) {
            List<Value> items = new ArrayList<>();
            for (Expr x : l.elements()) items.add(eval(x, env, state));
            return new Value.ListV(items);
        }
        if (e instanceof Expr.PathExpr p) return path(p.names(), env, state);
        if (e instanceof Expr.QueryExpr q) return query(q, env, state);
        if (e instanceof Expr.FieldOfExpr f) {
            Value of = eval(f.of(), env, state);
            if (of instanceof Value.ListV l) {
                List<Value> items = new ArrayList<>();
                for (Value item : l.items()) items.add(field(item, f.field().text(), state));
                return new Value.ListV(items);
            }
            return field(of, f.field().text(), state);
        }
        if (e instanceof Expr.PlacedExpr p && p.database() instanceof Expr.PathExpr d) {
            return new Value.Ref("database", d.dotted());
        }
        if (e instanceof Expr.NotExpr n) {
            Value v = eval(n.operand(), env, state);
            if (v instanceof Value.ListV l) {
                return Value.of(!l.items().stream().allMatch(Value::truthy));
            }
            return Value.of(!Value.truthy(v));
        }
        if (e instanceof Expr.BinaryExpr b) return binary(b, env, state);
        if (e instanceof Expr.QuantifiedExpr q) return quantified(q, env, state);
        throw new IllegalStateException("cannot evaluate " + e.getClass().getSimpleName());
    }

    public boolean test(Expr e, Env env, ModelState state) {
        return Value.truthy(eval(e, env, state));
    }

    /** The text of a string with its interpolations, each value rendered by {@code render}. */
    public String interpolate(Expr.StringLit s, Env env, ModelState state, java.util.function.Function<Value, String> render) {
        StringBuilder out = new StringBuilder();
        for (Expr.StringLit.Part part : s.parts()) {
            if (part instanceof Expr.StringLit.Text t) out.append(t.text());
            else if (part instanceof Expr.StringLit.Interpolation i) out.append(render.apply(eval(i.path(), env, state)));
        }
        return out.toString();
    }

    private Value path(List<Name> names, Env env, ModelState state) {
        String head = names.get(0).text();
        Value v = env.lookup(head);
        if (v == null) {
            if (head.equals("here")) v = env.here() == null ? Value.NIL : env.here();
            else if (head.equals("connected")) v = env.connected() == null ? Value.NIL : env.connected(); // a built-in's database
            else v = new Value.Sym(head); // a state name; the checker made sure it is one
        }
        for (Name field : names.subList(1, names.size())) v = field(v, field.text(), state);
        return v;
    }

    private Value field(Value of, String field, ModelState state) {
        if (of instanceof Value.Ref r) {
            if (field.equals("name") && state.get(r, "name") instanceof Value.Nil) return new Value.Str(r.id());
            return state.get(r, field);
        }
        if (of instanceof Value.ListV l) {
            List<Value> items = new ArrayList<>();
            for (Value item : l.items()) items.add(field(item, field, state));
            return new Value.ListV(items);
        }
        return Value.NIL;
    }

    private Value query(Expr.QueryExpr q, Env env, ModelState state) {
        String name = q.name().text();
        if ((name.equals("host") || name.equals("credential")) && q.args().size() == 1) {
            return new Value.Ref(name, Value.show(eval(q.args().get(0), env, state)));
        }
        Vocabulary.Callable query = vocabulary.queries().get(name);
        if (query == null) return Value.NIL;
        Env inner = bind(query, q.args(), env, state);
        java.util.Optional<Value> asked = answers.answer(query, inner);
        if (asked.isPresent()) {
            if (Value.truthy(asked.get())) applyEffects(query, inner, state);
            return asked.get();
        }
        for (VerbClause.ModelClause m : query.item().clausesOf(VerbClause.ModelClause.class)) {
            Value answer = eval(m.value(), inner, state);
            // a query's effects record what a true answer proves (ttRepSubscriberWait returning 00)
            if (Value.truthy(answer)) applyEffects(query, inner, state);
            return answer;
        }
        return Value.NIL;
    }

    /**
     * Applies the {@code effect} lines of a verb or query: every value is computed on the state
     * before, then all are assigned. Returns why it could not, or null.
     */
    public String applyEffects(Vocabulary.Callable callable, Env env, ModelState state) {
        List<Object[]> assignments = new ArrayList<>();
        for (VerbClause.EffectClause e : callable.item().clausesOf(VerbClause.EffectClause.class)) {
            if (e.condition() != null && !test(e.condition(), env, state)) continue; // `effect ... if COND`, on the state before
            Expr.PathExpr target = e.target();
            Expr.PathExpr owner = new Expr.PathExpr(target.span(), target.names().subList(0, target.names().size() - 1));
            Value ref = eval(owner, env, state);
            if (!(ref instanceof Value.Ref r)) return "`" + owner.dotted() + "` is not in the model";
            assignments.add(new Object[] {r, target.names().get(target.names().size() - 1).text(), eval(e.value(), env, state)});
        }
        for (Object[] a : assignments) state.set((Value.Ref) a[0], (String) a[1], (Value) a[2]);
        return null;
    }

    /** The environment of a verb or query body: its parameters bound to the call's argument values. */
    public Env bind(Vocabulary.Callable callable, List<Expr> args, Env caller, ModelState state) {
        Env inner = Env.root().on(caller.here(), caller.connected());
        // module-wide parameters (`apps`) are visible in a body, as they are to a verb's (Engine.bind)
        for (String global : vocabulary.globals().keySet()) {
            Value v = caller.lookup(global);
            if (v != null) inner.define(global, v);
        }
        for (Map.Entry<String, Expr> a : Arguments.bind(callable, args).entrySet()) {
            inner.define(a.getKey(), eval(a.getValue(), caller, state));
        }
        return inner;
    }

    /** {@code all}, {@code any} or {@code count} of the elements (or the entities of a kind) for which the condition holds. */
    private Value quantified(Expr.QuantifiedExpr q, Env env, ModelState state) {
        List<Value> items = domain(q, env, state);
        int holds = 0;
        for (Value item : items) {
            if (test(q.condition(), env.with(q.variable().text(), item), state)) holds++;
        }
        return switch (q.quantifier()) {
            case ALL -> Value.of(holds == items.size());
            case ANY -> Value.of(holds > 0);
            case COUNT -> new Value.Num(holds);
        };
    }

    /** The first element for which the quantifier's condition does not hold, or null. */
    public Value firstBreaking(Expr.QuantifiedExpr q, Env env, ModelState state) {
        for (Value item : domain(q, env, state)) {
            if (!test(q.condition(), env.with(q.variable().text(), item), state)) return item;
        }
        return null;
    }

    private List<Value> domain(Expr.QuantifiedExpr q, Env env, ModelState state) {
        List<Value> items = new ArrayList<>();
        String kind = q.over() instanceof Expr.PathExpr p && p.names().size() == 1 && env.lookup(p.head().text()) == null
                ? Quantifiers.entityKind(p.head().text(), vocabulary.entities().keySet()) : null;
        if (kind != null) {
            for (ModelState.Instance i : state.all(kind)) items.add(i.ref());
        } else if (eval(q.over(), env, state) instanceof Value.ListV l) {
            items.addAll(l.items());
        }
        return items;
    }

    private Value binary(Expr.BinaryExpr b, Env env, ModelState state) {
        if (b.op() == Expr.BinaryOp.MINUS) {
            Value right = eval(b.right(), env, state);
            List<Value> gone = right instanceof Value.ListV r ? r.items() : List.of(right);
            List<Value> items = new ArrayList<>();
            if (eval(b.left(), env, state) instanceof Value.ListV l) {
                for (Value v : l.items()) if (gone.stream().noneMatch(g -> same(g, v))) items.add(v);
            }
            return new Value.ListV(items);
        }
        if (b.op() == Expr.BinaryOp.PLUS) {
            List<Value> items = new ArrayList<>();
            for (Expr side : List.of(b.left(), b.right())) {
                Value v = eval(side, env, state);
                if (v instanceof Value.ListV l) items.addAll(l.items());
                else if (!(v instanceof Value.Nil)) items.add(v);
            }
            return new Value.ListV(items);
        }
        if (b.op() == Expr.BinaryOp.IN) {
            Value item = eval(b.left(), env, state);
            if (!(eval(b.right(), env, state) instanceof Value.ListV l)) return Value.of(false);
            // `admin.user in admins of [active, standby]`: in each of them, as `role of [...] == master` is each
            if (!l.items().isEmpty() && l.items().stream().allMatch(v -> v instanceof Value.ListV)) {
                List<Value> each = new ArrayList<>();
                for (Value v : l.items()) each.add(Value.of(contains((Value.ListV) v, item)));
                return new Value.ListV(each);
            }
            return Value.of(contains(l, item));
        }
        if (b.op() == Expr.BinaryOp.AND) return Value.of(test(b.left(), env, state) && test(b.right(), env, state));
        if (b.op() == Expr.BinaryOp.OR) return Value.of(test(b.left(), env, state) || test(b.right(), env, state));
        Value left = eval(b.left(), env, state);
        Value right = eval(b.right(), env, state);
        boolean releases = vocabulary.comparesReleases(b);
        if (left instanceof Value.ListV l) {
            List<Value> items = new ArrayList<>();
            for (Value item : l.items()) items.add(Value.of(compare(b.op(), item, right, releases)));
            return new Value.ListV(items);
        }
        return Value.of(compare(b.op(), left, right, releases));
    }

    private static boolean contains(Value.ListV list, Value item) {
        for (Value v : list.items()) if (same(item, v)) return true;
        return false;
    }

    /**
     * Compares two values; {@code releases} (the checker typed the comparison so) compares them part
     * by part as numbers, where an unset or malformed side is only ever unequal and never ordered.
     */
    static boolean compare(Expr.BinaryOp op, Value left, Value right, boolean releases) {
        if (releases) {
            int[] a = Releases.parts(Value.show(left));
            int[] z = Releases.parts(Value.show(right));
            if (a != null && z != null && !(left instanceof Value.Nil) && !(right instanceof Value.Nil)) {
                return order(op, Releases.compare(a, z));
            }
            if (op != Expr.BinaryOp.EQ && op != Expr.BinaryOp.NE) return false;
        }
        if (op == Expr.BinaryOp.EQ) return same(left, right);
        if (op == Expr.BinaryOp.NE) return !same(left, right);
        int c;
        if (left instanceof Value.Num a && right instanceof Value.Num z) c = Double.compare(a.value(), z.value());
        else c = Value.show(left).compareTo(Value.show(right));
        return order(op, c);
    }

    private static boolean order(Expr.BinaryOp op, int c) {
        return switch (op) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            case GE -> c >= 0;
            default -> false;
        };
    }

    private static boolean same(Value a, Value b) {
        if (a instanceof Value.Num x && b instanceof Value.Num y) return x.value() == y.value();
        if (a instanceof Value.Ref || b instanceof Value.Ref) return a.equals(b);
        return Value.show(a).equals(Value.show(b)) && !(a instanceof Value.Nil && !(b instanceof Value.Nil));
    }
}
