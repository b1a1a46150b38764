package dev.runbook.check;

import dev.runbook.ast.Expr;
import dev.runbook.ast.Item;
import dev.runbook.ast.RunbookFile;
import dev.runbook.ast.VerbClause;
import dev.runbook.source.Code;
import dev.runbook.source.Source;

/**
 * A module: its entities' defaults and its verbs', queries' and built-ins' declarations.
 */
abstract class Modules extends Steps {

    Modules(Library library, Source source) {
        super(library, source);
    }

    void checkModule(RunbookFile file) {
        for (Item.EntityItem e : file.itemsOf(Item.EntityItem.class)) {
            Type.Entity entity = vocabulary.entities.get(e.name().text());
            for (Item.FieldDecl f : e.fields()) {
                if (f.defaultValue() == null) continue;
                Type type = entity.fields().get(f.name().text());
                Expr value = f.defaultValue();
                boolean literal = value instanceof Expr.StringLit || value instanceof Expr.NumberLit
                        || value instanceof Expr.BoolLit || value instanceof Expr.DurationLit
                        || (value instanceof Expr.PathExpr p && p.names().size() == 1)
                        || (value instanceof Expr.ListLit l && l.elements().isEmpty());
                if (!literal) {
                    report(Code.BAD_DECLARATION, value.span(), "a field's default is a literal, a state name or the empty list []", null);
                    continue;
                }
                expectType(type, typeOf(value, new Scope(null), type, null), value, "the default of `" + f.name().text() + "`");
            }
        }
        for (Item item : file.items()) {
            if (item instanceof Item.StepItem s) {
                report(Code.NOT_IN_MODULE, s.span(), "a module declares verbs and the model; it has no steps",
                    "put steps in a runbook that uses this module");
            } else if (item instanceof Item.ExpectItem e) {
                report(Code.NOT_IN_MODULE, e.span(), "a module has no expectations",
                    "put `expect` lines in a runbook");
            } else if (item instanceof Item.VerbItem v) {
                checkVerbDeclaration(v);
            } else if (item instanceof Item.InvariantItem i) {
                checkInvariant(i);
            }
        }
    }

    void checkVerbDeclaration(Item.VerbItem v) {
        Scope scope = new Scope(fileScope);
        Vocabulary.Callable callable = switch (v.kind()) {
            case VERB -> vocabulary.verbs.get(v.name().text());
            case QUERY -> vocabulary.queries.get(v.name().text());
            case BUILTIN -> vocabulary.builtins.get(v.name().text());
        };
        if (callable == null || callable.item() != v) return; // a duplicate, already reported
        for (Vocabulary.Param p : callable.params()) {
            scope.define(new Scope.Binding(p.name(), Scope.Kind.VERB_PARAM, p.type(), p.decl().name().span(), null));
            if (p.decl().defaultValue() != null && !(p.decl().defaultValue() instanceof Expr.HereLit)) {
                expectType(p.type(), typeOf(p.decl().defaultValue(), scope, p.type(), null), p.decl().defaultValue(), "the default");
            }
        }
        if (v.kind() == Item.VerbKind.BUILTIN && vocabulary.entities.get("database") != null && scope.lookup("connected") == null) {
            // a built-in runs in the database of the enclosing `on DATABASE:`: its declaration calls it `connected`
            Scope.Binding connected = new Scope.Binding("connected", Scope.Kind.VERB_PARAM, vocabulary.entities.get("database"),
                    v.name().span(), null);
            connected.used = true;
            scope.define(connected);
        }
        if (v.kind() == Item.VerbKind.QUERY && v.result() == null) {
            report(Code.BAD_DECLARATION, v.name().span(), "a query needs a result type", "write query " + v.name().text() + " (...) -> TYPE:");
        }
        int actions = 0;
        VerbClause action = null;
        boolean hasModel = false;
        boolean sqlNeedsDatabase = false;
        boolean placedOnDatabase = false;
        for (VerbClause clause : v.clauses()) {
            if (clause instanceof VerbClause.RunsClause r) {
                if (r.condition() == null) actions++;
                optionalPart(clause, r.condition(), action, VerbClause.RunsClause.class, scope);
                if (r.condition() == null) action = clause;
                typeOf(r.command(), scope, null, null);
            } else if (clause instanceof VerbClause.SqlClause s) {
                if (s.condition() == null) actions++;
                optionalPart(clause, s.condition(), action, VerbClause.SqlClause.class, scope);
                if (s.condition() == null) action = clause;
                sqlNeedsDatabase = true;
                typeOf(s.sql(), scope, null, null);
            } else if (clause instanceof VerbClause.ManualClause m) {
                actions++;
                action = clause;
                typeOf(m.instruction(), scope, null, null);
            } else if (clause instanceof VerbClause.PlaceClause p) {
                Type t = typeOf(p.host(), scope, null, null);
                if (isEntity(t, "database")) placedOnDatabase = true;
                else if (!isEntity(t, "host") && !Type.isUnknown(t)) {
                    report(Code.TYPE_MISMATCH, p.host().span(), "`on` names a host or a database, not a " + t.describe(), null);
                }
            } else if (clause instanceof VerbClause.PromptClause p) {
                typeOf(p.answer(), scope, null, null);
            } else if (clause instanceof VerbClause.ReadsClause r) {
                if (v.kind() != Item.VerbKind.QUERY) {
                    report(Code.BAD_DECLARATION, r.span(), "only a query reads its output", "declare it with `query`");
                }
                try {
                    java.util.regex.Pattern.compile(r.pattern().value());
                } catch (java.util.regex.PatternSyntaxException e) {
                    report(Code.BAD_DECLARATION, r.pattern().span(), "`reads` is not a valid regular expression: "
                            + e.getDescription(), null);
                }
            } else if (clause instanceof VerbClause.ModelClause m) {
                hasModel = true;
                Type t = typeOf(m.value(), scope, callable.result(), null);
                if (callable.result() != null) expectType(callable.result(), t, m.value(), "the model value");
            } else if (clause instanceof VerbClause.RequiresClause r) {
                expectCondition(r.condition(), scope, null);
            } else if (clause instanceof VerbClause.EffectClause e) {
                checkEffect(e, scope);
            } else if (clause instanceof VerbClause.DocClause d) {
                // nothing to check
            } else if (clause instanceof VerbClause.DestructiveClause d) {
                // nothing to check
            } else if (clause instanceof VerbClause.TakesClause t) {
                // nothing to check
            }
        }
        if (v.kind() != Item.VerbKind.BUILTIN && actions != 1 && !syntaxErrors) {
            report(Code.BAD_DECLARATION, v.name().span(), actions == 0
                            ? "`" + v.name().text() + "` says neither what it runs nor what the operator does"
                            : "`" + v.name().text() + "` has more than one of runs, sql and manual",
                    "give exactly one of: runs \"COMMAND\", sql \"STATEMENT\", manual \"INSTRUCTION\"");
        }
        if (sqlNeedsDatabase && !placedOnDatabase) {
            report(Code.BAD_DECLARATION, v.name().span(), "`" + v.name().text() + "` runs SQL but does not say on which database",
                    "add `on DB` naming a database parameter");
        }
        if (v.kind() == Item.VerbKind.QUERY && !hasModel) {
            report(Code.BAD_DECLARATION, v.name().span(), "query `" + v.name().text() + "` does not say its value in the model",
                    "add `model EXPRESSION`, e.g. model db.state");
        }
    }

    /** An invariant: a rule in words, doc lines, and at least one {@code requires CONDITION else "..."} over the model. */
    void checkInvariant(Item.InvariantItem i) {
        Scope scope = new Scope(fileScope);
        typeOf(i.rule(), scope, null, null);
        boolean condition = false;
        for (VerbClause clause : i.clauses()) {
            if (clause instanceof VerbClause.RequiresClause r) {
                condition = true;
                expectCondition(r.condition(), scope, null);
                if (r.message() != null) typeOf(r.message(), witnessScope(r.condition(), scope), null, null);
            } else if (!(clause instanceof VerbClause.DocClause)) {
                report(Code.BAD_DECLARATION, clause.span(), "an invariant has only `doc` and `requires` lines",
                        "say the rule as `requires CONDITION else \"what is wrong\"`");
            }
        }
        if (!condition) {
            report(Code.BAD_DECLARATION, i.idSpan(), "invariant " + i.id() + " says no condition",
                    "add `requires CONDITION else \"what is wrong\"`, e.g. requires (count d in databases: d.state == ACTIVE) <= 1");
        }
    }

    /**
     * The scope of an invariant's message: the variables of the {@code all} quantifiers that open its
     * condition name the first instance that breaks it ({@code all d in databases: ...} gives {@code ${d.name}}).
     */
    private Scope witnessScope(Expr condition, Scope scope) {
        Scope inner = new Scope(scope);
        Expr e = condition;
        while (e instanceof Expr.QuantifiedExpr q && q.quantifier() == Expr.Quantifier.ALL) {
            String kind = entityKind(q.over(), inner);
            Type element = kind != null ? vocabulary.entities.get(kind)
                    : quietly(() -> typeOf(q.over(), scope, null, null)) instanceof Type.ListOf l ? l.element() : Type.UNKNOWN;
            Scope.Binding b = new Scope.Binding(q.variable().text(), Scope.Kind.LOOP_VARIABLE, element, q.variable().span(), null);
            b.used = true;
            inner.define(b);
            e = q.condition();
        }
        return inner;
    }

    /** An optional part ({@code runs "..." if COND}) follows the command of its own kind, and its condition is a condition. */
    private void optionalPart(VerbClause clause, Expr condition, VerbClause command, Class<? extends VerbClause> kind, Scope scope) {
        if (condition == null) return;
        expectCondition(condition, scope, null);
        if (!kind.isInstance(command)) {
            String word = kind == VerbClause.RunsClause.class ? "runs" : "sql";
            report(Code.BAD_DECLARATION, clause.span(), "an optional `" + word + " ... if` part has no `" + word + "` command before it to add to",
                    "write the command first, without `if`, then its optional parts");
        }
    }

    void checkEffect(VerbClause.EffectClause e, Scope scope) {
        Expr.PathExpr target = e.target();
        if (target.names().size() < 2) {
            report(Code.BAD_EFFECT, target.span(), "an effect sets a field of the model, such as db.rep",
                    "write effect PARAM.FIELD = VALUE");
            typeOf(e.value(), scope, null, null);
            return;
        }
        if (e.condition() != null) expectCondition(e.condition(), scope, null);
        Type fieldType = typeOf(target, scope, null, null);
        Type valueType = typeOf(e.value(), scope, fieldType, null);
        if (!Type.assignable(fieldType, valueType)) {
            String values = fieldType instanceof Type.Enum en ? ": " + target.dotted() + " is " + String.join(" or ", en.values()) : "";
            report(Code.BAD_EFFECT, e.value().span(), "cannot set " + target.dotted() + " (of type " + fieldType.describe()
                    + ") to a value of type " + valueType.describe() + values, null);
        }
    }
}
