package dev.runbook.check;

import dev.runbook.ast.Expr;
import dev.runbook.ast.Name;
import dev.runbook.source.Code;
import dev.runbook.source.Source;
import dev.runbook.source.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Types: the type of every expression, names and fields resolved, comparisons checked (a release
 * is never compared as text), conditions, quantifiers and list concatenation.
 */
abstract class Expressions extends Declarations {

    Expressions(Library library, Source source) {
        super(library, source);
    }

    void expectCondition(Expr e, Scope scope, Context context) {
        Type t = typeOf(e, scope, Type.Prim.BOOL, context);
        if (!isCondition(t)) {
            report(Code.NOT_A_CONDITION, e.span(), "this is a " + t.describe() + ", not a condition",
                    "compare it: e.g. state db == ACTIVE");
        }
    }

    boolean expectType(Type expected, Type actual, Expr at, String what) {
        if (expected == null || actual == null || Type.assignable(expected, actual)) return true;
        if (expected instanceof Type.ListOf l && Type.assignable(l.element(), actual)) {
            report(Code.TYPE_MISMATCH, at.span(), what + " must be a list of " + l.element().describe(),
                    "write [" + describeShort(at) + "]");
            return false;
        }
        report(Code.TYPE_MISMATCH, at.span(), what + " must be a " + expected.describe() + ", not a " + actual.describe(),
                typeHint(expected));
        return false;
    }

    String describeShort(Expr e) {
        return e instanceof Expr.PathExpr p ? p.dotted() : "...";
    }

    String typeHint(Type expected) {
        if (isEntity(expected, "database")) return "a database is written NAME on \"HOST\", or is a database parameter";
        if (isEntity(expected, "host")) return "a host is written host \"NAME\", or DB.host";
        if (isEntity(expected, "credential")) return "a credential is written credential \"USER\"";
        if (expected == Type.Prim.DURATION) return "a duration has a unit: 30s, 10m, 2h";
        if (expected instanceof Type.Enum en) return en.name() + " is one of " + String.join(", ", en.values());
        return null;
    }

    /** A bool, or a [bool] from comparing every element of a list (`release of subscribers == release`). */
    boolean isCondition(Type t) {
        return t == Type.Prim.BOOL || Type.isUnknown(t) || (t instanceof Type.ListOf l && l.element() == Type.Prim.BOOL);
    }

    boolean isEntity(Type t, String name) {
        return t instanceof Type.Entity e && e.name().equals(name);
    }

    /**
     * The type of an expression. {@code expected} lets a bare state name ({@code ACTIVE}) be read
     * as a value of the expected enumeration. Reports unknown names and fields.
     */
    Type typeOf(Expr e, Scope scope, Type expected, Context context) {
        currentContext = context;
        if (e instanceof Expr.StringLit s) {
            for (Expr.StringLit.Part part : s.parts()) {
                if (part instanceof Expr.StringLit.Interpolation i) typeOf(i.path(), scope, null, context);
            }
            if (expected == Type.Prim.RELEASE && s.isPlain()) {
                // a literal takes its type from where it stands: here, a release
                if (!Releases.isRelease(s.value())) {
                    report(Code.TYPE_MISMATCH, s.span(), "\"" + s.value() + "\" is not a release",
                            "a release is numbers separated by dots, e.g. \"22.1.1.2\" or \"18.1\"");
                }
                return Type.Prim.RELEASE;
            }
            return Type.Prim.STRING;
        } else if (e instanceof Expr.NumberLit n) {
            return Type.Prim.NUMBER;
        } else if (e instanceof Expr.DurationLit d) {
            return Type.Prim.DURATION;
        } else if (e instanceof Expr.BoolLit b) {
            return Type.Prim.BOOL;
        } else if (e instanceof Expr.HereLit h) {
            if (context == null) {
                report(Code.NO_HOST, h.span(), "`here` is the host of the enclosing `on`, and there is none",
                        "write it inside on HOST:");
            }
            return vocabulary.entities.get("host");
        } else if (e instanceof Expr.ListLit l) {
            Type element = expected instanceof Type.ListOf lt ? lt.element() : null;
            Type first = null;
            for (Expr x : l.elements()) {
                Type t = typeOf(x, scope, element, context);
                if (first == null) first = t;
                else if (!Type.assignable(first, t)) {
                    report(Code.TYPE_MISMATCH, x.span(), "a list holds one kind of value: this is a " + t.describe()
                            + " after a " + first.describe(), null);
                }
            }
            return first == null ? (expected instanceof Type.ListOf ? expected : new Type.ListOf(Type.UNKNOWN))
                    : new Type.ListOf(first);
        } else if (e instanceof Expr.PathExpr p) {
            return typeOfPath(p, scope, expected);
        } else if (e instanceof Expr.QueryExpr q) {
            return typeOfQuery(q, scope, context);
        } else if (e instanceof Expr.FieldOfExpr f) {
            Type of = typeOf(f.of(), scope, null, context);
            if (of instanceof Type.ListOf l) return new Type.ListOf(field(l.element(), f.field()));
            return field(of, f.field());
        } else if (e instanceof Expr.PlacedExpr p) {
            if (!(p.database() instanceof Expr.PathExpr d && d.names().size() == 1)) {
                report(Code.TYPE_MISMATCH, p.database().span(), "a database is named by a plain name, e.g. master1 on \"master1host\"", null);
            }
            Type host = typeOf(p.host(), scope, null, context);
            if (host != Type.Prim.STRING && !isEntity(host, "host") && !Type.isUnknown(host)) {
                report(Code.TYPE_MISMATCH, p.host().span(), "a database is placed on a host name, not a " + host.describe(), null);
            }
            return vocabulary.entities.get("database");
        } else if (e instanceof Expr.NotExpr n) {
            Type t = typeOf(n.operand(), scope, Type.Prim.BOOL, context);
            if (!isCondition(t)) {
                report(Code.NOT_A_CONDITION, n.operand().span(), "`not` needs a condition, not a " + t.describe(), null);
            }
            return t instanceof Type.ListOf ? t : Type.Prim.BOOL;
        } else if (e instanceof Expr.BinaryExpr b) {
            return typeOfBinary(b, scope, context);
        } else if (e instanceof Expr.QuantifiedExpr q) {
            return typeOfQuantified(q, scope, context);
        }
        throw new IllegalStateException("unreachable");
    }

    /** {@code all x in LIST: COND}: a bool ({@code count}: a number); x is each element, or each entity of a kind. */
    Type typeOfQuantified(Expr.QuantifiedExpr q, Scope scope, Context context) {
        Type element;
        String kind = entityKind(q.over(), scope);
        if (kind != null) {
            element = vocabulary.entities.get(kind);
        } else {
            Type over = typeOf(q.over(), scope, null, context);
            element = over instanceof Type.ListOf l ? l.element() : Type.UNKNOWN;
            if (!(over instanceof Type.ListOf) && !Type.isUnknown(over)) {
                report(Code.TYPE_MISMATCH, q.over().span(), "`" + q.quantifier().word() + "` goes over a list or every entity of a kind, not a "
                        + over.describe(), "e.g. " + q.quantifier().word() + " " + q.variable().text() + " in subscribers: ..., or "
                        + q.quantifier().word() + " " + q.variable().text() + " in databases: ...");
            }
        }
        if (scope.lookup(q.variable().text()) != null) {
            report(Code.SHADOWED_NAME, q.variable().span(), "`" + q.variable().text() + "` hides another name", "choose another name");
        }
        Scope inner = new Scope(scope);
        Scope.Binding variable = new Scope.Binding(q.variable().text(), Scope.Kind.LOOP_VARIABLE, element, q.variable().span(), null);
        inner.define(variable);
        expectCondition(q.condition(), inner, context);
        return q.quantifier() == Expr.Quantifier.COUNT ? Type.Prim.NUMBER : Type.Prim.BOOL;
    }

    /**
     * The entity kind a quantifier goes over when its list is a bare name that names no value but a
     * kind of the model, singular or plural ({@code database}, {@code databases}); else null.
     */
    String entityKind(Expr over, Scope scope) {
        if (!(over instanceof Expr.PathExpr p) || p.names().size() != 1 || scope.lookup(p.head().text()) != null) return null;
        return Quantifiers.entityKind(p.head().text(), vocabulary.entities.keySet());
    }

    /** {@code [standby] + subscribers}: two lists of one kind of value make one. */
    Type typeOfConcat(Expr.BinaryExpr b, Scope scope, Context context) {
        Type left = typeOf(b.left(), scope, null, context);
        Type right = typeOf(b.right(), scope, left instanceof Type.ListOf ? left : null, context);
        for (Expr side : List.of(b.left(), b.right())) {
            Type t = side == b.left() ? left : right;
            if (!(t instanceof Type.ListOf) && !Type.isUnknown(t)) {
                report(Code.TYPE_MISMATCH, side.span(), "`" + b.op().symbol() + "` " + (b.op() == Expr.BinaryOp.PLUS ? "joins lists" : "takes a list from a list") + ", and this is a " + t.describe(),
                        "write [" + describeShort(side) + "] for a list of one");
                return Type.UNKNOWN;
            }
        }
        if (Type.isUnknown(left)) return right;
        if (Type.isUnknown(right)) return left;
        Type.ListOf l = (Type.ListOf) left;
        Type.ListOf r = (Type.ListOf) right;
        if (Type.isUnknown(l.element())) return r;
        if (Type.isUnknown(r.element()) || Type.assignable(l.element(), r.element())) return l;
        report(Code.TYPE_MISMATCH, b.right().span(), "a list holds one kind of value: this is a list of " + r.element().describe()
                + " after a list of " + l.element().describe(), null);
        return Type.UNKNOWN;
    }

    Type typeOfBinary(Expr.BinaryExpr b, Scope scope, Context context) {
        switch (b.op()) {
            case PLUS, MINUS -> {
                return typeOfConcat(b, scope, context);
            }
            case IN -> {
                Type right = typeOf(b.right(), scope, null, context);
                if (!(right instanceof Type.ListOf) && !Type.isUnknown(right)) {
                    report(Code.TYPE_MISMATCH, b.right().span(), "`in` looks for a value in a list; this is a " + right.describe(),
                            "give a list: e.g. admin.user in active.admins");
                    typeOf(b.left(), scope, null, context);
                    return Type.Prim.BOOL;
                }
                Type element = right instanceof Type.ListOf l ? l.element() : Type.UNKNOWN;
                // `x in admins of [active, standby]`: a list of lists, x in each
                if (element instanceof Type.ListOf inner) element = inner.element();
                Type left = typeOf(b.left(), scope, Type.isUnknown(element) ? null : element, context);
                if (!Type.isUnknown(left) && !Type.isUnknown(element) && !Type.assignable(element, left) && !Type.assignable(left, element)) {
                    report(Code.TYPE_MISMATCH, b.left().span(), "this is a " + left.describe() + ", and the list holds "
                            + element.describe() + " values: it can never be in it", null);
                }
                return Type.Prim.BOOL;
            }
            case AND, OR -> {
                for (Expr side : List.of(b.left(), b.right())) {
                    Type t = typeOf(side, scope, Type.Prim.BOOL, context);
                    if (!isCondition(t)) {
                        report(Code.NOT_A_CONDITION, side.span(), "`" + b.op().symbol() + "` joins conditions; this is a "
                                + t.describe(), "compare it: e.g. state db == ACTIVE");
                    }
                }
                return Type.Prim.BOOL;
            }
            default -> {
                boolean ordering = b.op() != Expr.BinaryOp.EQ && b.op() != Expr.BinaryOp.NE;
                // ordering two texts that have no declared type ("9.1" < "10.1", from < "11.2.1") compares releases
                Type both = ordering && untypedText(b.left(), scope) && untypedText(b.right(), scope) ? Type.Prim.RELEASE : null;
                // a bare state name or a literal on the left (`ACTIVE == state db`, `"22.1" == db.major`)
                // is read against the right side's type
                boolean rightFirst = b.left() instanceof Expr.PathExpr p && p.names().size() == 1
                        && scope.lookup(p.head().text()) == null
                        || b.left() instanceof Expr.StringLit s && s.isPlain();
                Type left;
                Type right;
                if (both != null) {
                    left = typeOf(b.left(), scope, both, context);
                    right = typeOf(b.right(), scope, both, context);
                } else if (rightFirst) {
                    right = typeOf(b.right(), scope, null, context);
                    left = typeOf(b.left(), scope, scalar(right), context);
                } else {
                    left = typeOf(b.left(), scope, null, context);
                    right = typeOf(b.right(), scope, scalar(left), context);
                }
                Type leftScalar = scalar(left);
                Type rightScalar = scalar(right);
                if (rightScalar == Type.Prim.RELEASE) usedAsRelease(b.left(), scope);
                if (leftScalar == Type.Prim.RELEASE) usedAsRelease(b.right(), scope);
                if (leftScalar == Type.Prim.RELEASE || rightScalar == Type.Prim.RELEASE) vocabulary.releaseComparisons.add(b);
                if (leftScalar == Type.Prim.RELEASE && rightScalar == Type.Prim.STRING
                        || leftScalar == Type.Prim.STRING && rightScalar == Type.Prim.RELEASE) {
                    Expr text = leftScalar == Type.Prim.STRING ? b.left() : b.right();
                    String name = text instanceof Expr.PathExpr p ? "`" + p.dotted() + "`" : "this";
                    report(Code.RELEASE_AS_TEXT, text.span(), "cannot compare a release with a string: " + name
                                    + " is text, and text does not order releases (\"9.1\" would come after \"10.1\")",
                            "make both releases: declare " + (text instanceof Expr.PathExpr ? name : "it")
                                    + " `release` where it is declared, or compare with a literal such as \"22.1\"");
                } else if (!Type.assignable(leftScalar, rightScalar)) {
                    String values = leftScalar instanceof Type.Enum en ? ": it is one of " + String.join(", ", en.values()) : "";
                    report(rightScalar instanceof Type.Enum || leftScalar instanceof Type.Enum ? Code.UNKNOWN_VALUE : Code.TYPE_MISMATCH,
                            b.right().span(), "cannot compare a " + leftScalar.describe() + " with a " + rightScalar.describe() + values, null);
                } else if (ordering) {
                    Type t = Type.isUnknown(leftScalar) ? rightScalar : leftScalar;
                    if (!(t == Type.Prim.NUMBER || t == Type.Prim.DURATION || t == Type.Prim.STRING || t == Type.Prim.RELEASE
                            || Type.isUnknown(t))) {
                        report(Code.TYPE_MISMATCH, b.span(), "`" + b.op().symbol() + "` compares numbers, durations or releases, not "
                                + t.describe() + "s", null);
                    }
                }
                if (left instanceof Type.ListOf || right instanceof Type.ListOf) return new Type.ListOf(Type.Prim.BOOL);
                return Type.Prim.BOOL;
            }
        }
    }

    static Type scalar(Type t) {
        return t instanceof Type.ListOf l ? l.element() : t;
    }

    /** A plain string literal, or a parameter of no declared type whose default is one. */
    boolean untypedText(Expr e, Scope scope) {
        if (e instanceof Expr.StringLit s) return s.isPlain();
        if (!(e instanceof Expr.PathExpr p) || p.names().size() != 1) return false;
        Scope.Binding b = scope.lookup(p.head().text());
        return b != null && b.untypedText;
    }

    void usedAsRelease(Expr e, Scope scope) {
        if (e instanceof Expr.PathExpr p && p.names().size() == 1) {
            Scope.Binding b = scope.lookup(p.head().text());
            if (b != null) usedAsRelease(b, p);
        }
    }

    /** Records the first use of an untyped parameter as a release: that use makes it one. */
    void usedAsRelease(Scope.Binding b, Expr.PathExpr use) {
        if (b.untypedText && b.usedAsRelease == null) b.usedAsRelease = use.span();
    }

    Type typeOfPath(Expr.PathExpr p, Scope scope, Type expected) {
        Name head = p.head();
        Scope.Binding b = scope.lookup(head.text());
        if (b == null && head.text().equals("here")) {
            // `${here.name}` in a string: the host of the enclosing `on`
            Type host = typeOf(new Expr.HereLit(head.span()), scope, null, currentContext);
            Type t = host;
            for (Name field : p.names().subList(1, p.names().size())) t = field(t, field);
            return t;
        }
        Type t;
        if (b != null) {
            b.used = true;
            t = b.type == null ? Type.UNKNOWN : b.type;
            if (expected == Type.Prim.RELEASE && p.names().size() == 1) usedAsRelease(b, p);
        } else {
            if (p.names().size() == 1) {
                if (expected instanceof Type.Enum en) {
                    if (en.values().contains(head.text())) return en;
                    report(Code.UNKNOWN_VALUE, head.span(), "`" + head.text() + "` is not a value of " + en.name(),
                            en.name() + " is one of " + String.join(", ", en.values()));
                    return Type.UNKNOWN;
                }
                List<Type.Enum> enums = vocabulary.enumsWithValue(head.text());
                if (enums.size() == 1) return enums.get(0);
                if (enums.size() > 1) return Type.UNKNOWN; // ambiguous until compared with something typed
            }
            List<String> candidates = new ArrayList<>(scope.visibleNames());
            for (Type.Enum en : vocabulary.enums.values()) candidates.addAll(en.values());
            report(Code.UNKNOWN_NAME, head.span(), "unknown name `" + head.text() + "`",
                    Optional.ofNullable(Suggest.hint(head.text(), candidates)).orElse(
                            "declare it with `param " + head.text() + " = ...`"));
            return Type.UNKNOWN;
        }
        for (Name field : p.names().subList(1, p.names().size())) {
            t = field(t, field);
            if (Type.isUnknown(t)) return t;
        }
        return t;
    }

    Type field(Type of, Name field) {
        if (Type.isUnknown(of)) return Type.UNKNOWN;
        if (of instanceof Type.Entity e) {
            Type t = e.fields().get(field.text());
            if (t != null) return t;
            report(Code.UNKNOWN_FIELD, field.span(), e.name() + " has no field `" + field.text() + "`",
                    Optional.ofNullable(Suggest.hint(field.text(), e.fields().keySet())).orElse(
                            e.fields().isEmpty() ? "no module declares the fields of " + e.name() + ": add `use timesten`"
                                    : "its fields are " + String.join(", ", e.fields().keySet())));
            return Type.UNKNOWN;
        }
        if (of instanceof Type.ListOf) {
            report(Code.UNKNOWN_FIELD, field.span(), "a list has no field `" + field.text() + "`",
                    "for every element, write " + field.text() + " of LIST");
            return Type.UNKNOWN;
        }
        report(Code.UNKNOWN_FIELD, field.span(), "a " + of.describe() + " has no fields", null);
        return Type.UNKNOWN;
    }

    Type typeOfQuery(Expr.QueryExpr q, Scope scope, Context context) {
        String name = q.name().text();
        if (name.equals("credential") || name.equals("host")) {
            if (q.args().size() != 1 || !(q.args().get(0) instanceof Expr.StringLit)) {
                report(Code.ARITY, q.span(), "write " + name + " \"NAME\"", null);
            } else {
                typeOf(q.args().get(0), scope, null, context);
                if (name.equals("credential") && ((Expr.StringLit) q.args().get(0)).value().contains("/")) {
                    report(Code.LITERAL_SECRET, q.args().get(0).span(), "a credential names a user; its password never goes in the file",
                            "write credential \"USER\" and supply the password from the inventory or the environment");
                }
            }
            return vocabulary.entities.get(name);
        }
        Vocabulary.Callable query = vocabulary.queries.get(name);
        if (query == null) {
            for (Expr a : q.args()) typeOf(a, scope, null, context);
            String hint = Suggest.hint(name, vocabulary.queries.keySet());
            if (vocabulary.verbs.containsKey(name)) {
                report(Code.UNKNOWN_VERB, q.name().span(), "`" + name + "` is a verb: it does something and has no value",
                        "run it as a statement in a step");
            } else {
                report(Code.UNKNOWN_VERB, q.name().span(), "unknown query `" + name + "`",
                        hint != null ? hint : "the queries are " + String.join(", ", vocabulary.queries.keySet()));
            }
            return Type.UNKNOWN;
        }
        Map<String, Expr> bound = bindArguments(query, q.args(), q.span(), scope, context);
        return query.result() == null || bound == null ? Type.UNKNOWN : query.result();
    }

    /** Binds a call's arguments ({@link Calls}); a query in an expression is a call too. */
    abstract Map<String, Expr> bindArguments(Vocabulary.Callable verb, List<Expr> args, Span callSpan, Scope scope, Context context);
}
