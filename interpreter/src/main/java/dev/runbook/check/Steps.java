package dev.runbook.check;

import dev.runbook.ast.Expr;
import dev.runbook.ast.Header;
import dev.runbook.ast.HeaderClause;
import dev.runbook.ast.Item;
import dev.runbook.ast.RunbookFile;
import dev.runbook.ast.StepNumber;
import dev.runbook.source.Code;
import dev.runbook.source.Source;
import dev.runbook.source.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A runbook: its parameters (a parameter's type, inferred from its uses when its default is a plain
 * string), its header ({@code require}, {@code online}), its steps and their numbers.
 */
abstract class Steps extends Statements {

    Steps(Library library, Source source) {
        super(library, source);
    }

    /**
     * Checks a runbook twice: first silently, to learn which parameters of no declared type whose
     * default is a plain string are used as releases (passed to a release parameter, compared
     * with a release, ordered with {@code <}); then for real, with those parameters typed
     * {@code release}. Returns the parameters.
     */
    List<Scope.Binding> checkRunbook(RunbookFile file) {
        Map<String, Span> releases = new HashMap<>();
        silently(() -> {
            for (Scope.Binding b : checkRunbook(file, Map.of())) {
                if (b.untypedText && b.usedAsRelease != null) releases.put(b.name, b.usedAsRelease);
            }
        });
        return checkRunbook(file, releases);
    }

    List<Scope.Binding> checkRunbook(RunbookFile file, Map<String, Span> releaseParams) {
        Scope scope = new Scope(fileScope);
        List<Scope.Binding> params = new ArrayList<>();
        for (Item.ParamItem p : file.itemsOf(Item.ParamItem.class)) {
            Type declared = p.type() == null ? null : resolveType(p.type(), true);
            boolean untypedText = p.type() == null && p.defaultValue() instanceof Expr.StringLit lit && lit.isPlain();
            boolean release = untypedText && releaseParams.containsKey(p.name().text());
            Type actual;
            if (release && !Releases.isRelease(((Expr.StringLit) p.defaultValue()).value())) {
                report(Code.TYPE_MISMATCH, p.defaultValue().span(), "`" + p.name().text() + "` is used as a release (line "
                                + releaseParams.get(p.name().text()).line() + "), but its default is not one",
                        "a release is numbers separated by dots, e.g. \"22.1.1.2\" or \"18.1\"");
                actual = Type.Prim.RELEASE;
            } else {
                actual = p.defaultValue() == null ? null : typeOf(p.defaultValue(), scope, release ? Type.Prim.RELEASE : declared, null);
            }
            boolean literalSecret = declared != null && isEntity(declared, "credential") && p.defaultValue() instanceof Expr.StringLit;
            if (p.defaultValue() != null && declared != null && !literalSecret) {
                expectType(declared, actual, p.defaultValue(), "the default");
            }
            if (declared == null && actual == null && !syntaxErrors) {
                report(Code.TYPE_MISMATCH, p.name().span(), "parameter `" + p.name().text() + "` has neither a type nor a default",
                        "write param " + p.name().text() + ": TYPE, or give it a default value");
            }
            Type type = declared != null ? declared : actual;
            if (p.defaultValue() != null) checkNames(p.defaultValue());
            if (declared != null && isEntity(declared, "credential") && p.defaultValue() instanceof Expr.StringLit s) {
                literalSecret(s);
            }
            if (scope.lookupHere(p.name().text()) != null) {
                report(Code.DUPLICATE_NAME, p.name().span(), "parameter `" + p.name().text() + "` is declared twice", null);
                continue;
            }
            if (vocabulary.globals.containsKey(p.name().text())) {
                report(Code.SHADOWED_NAME, p.name().span(), "parameter `" + p.name().text()
                        + "` hides the model's `" + p.name().text() + "`", "rename the parameter");
            }
            Scope.Binding b = new Scope.Binding(p.name().text(), Scope.Kind.PARAM, type, p.name().span(), p.defaultValue());
            b.untypedText = untypedText && !release;
            scope.define(b);
            params.add(b);
        }
        if (file.header() instanceof Header.RunbookHeader h) {
            for (HeaderClause c : h.clauses()) {
                if (c instanceof HeaderClause.RequireClause r) expectCondition(r.condition(), scope, null);
            }
            checkOnlineTarget(h);
        }
        StepNumber previous = null;
        Map<String, Span> seen = new HashMap<>();
        for (Item item : file.items()) {
            if (item instanceof Item.StepItem s) {
                previous = checkStepNumber(s.number(), previous, seen);
                if (s.title() != null) typeOf(s.title(), scope, null, null); // "Stop ${standby.name}"
                checkBody(s.body(), scope, null);
            } else if (item instanceof Item.ExpectItem e) {
                expectCondition(e.condition(), scope, null);
            } else if (item instanceof Item.VerbItem v) {
                report(Code.NOT_IN_RUNBOOK, v.name().span(),
                    "verbs are declared in a module, not in a runbook", "move it to a module file and `use` that module");
            } else if (item instanceof Item.InvariantItem i) {
                report(Code.NOT_IN_RUNBOOK, i.idSpan(),
                    "invariants are declared in a module, beside the model they speak of", "move it to a module file and `use` that module");
            } else if (item instanceof Item.EntityItem e) {
                report(Code.NOT_IN_RUNBOOK, e.name().span(),
                    "the model's vocabulary is declared in a module, not in a runbook", "move it to a module file and `use` that module");
            } else if (item instanceof Item.TypeItem t) {
                report(Code.NOT_IN_RUNBOOK, t.name().span(),
                    "the model's vocabulary is declared in a module, not in a runbook", "move it to a module file and `use` that module");
            }
        }
        for (Scope.Binding b : params) {
            if (!b.used && !syntaxErrors) {
                report(Code.UNUSED_PARAM, b.declared, "parameter `" + b.name + "` is never used",
                        "remove it, or use it in a step");
            }
        }
        return params;
    }

    /**
     * An online runbook promises the applications a writable database throughout: the model can only
     * check that promise if the header names where they write (`require apps.target == active`).
     */
    void checkOnlineTarget(Header.RunbookHeader h) {
        HeaderClause.OnlineClause online = null;
        for (HeaderClause c : h.clauses()) if (c instanceof HeaderClause.OnlineClause o) online = o;
        if (online == null) return;
        List<String> applications = new ArrayList<>();
        for (Vocabulary.Global g : vocabulary.globals.values()) {
            if (g.type() instanceof Type.Entity e && e.fields().containsKey("target")) applications.add(g.name());
        }
        if (applications.isEmpty()) return; // no module declares the applications: nothing to name
        for (HeaderClause c : h.clauses()) {
            if (c instanceof HeaderClause.RequireClause r && namesTarget(r.condition(), applications)) return;
        }
        String apps = applications.get(0);
        report(Code.ONLINE_WITHOUT_TARGET, online.span(), "an online runbook must say where the applications write when it starts",
                "add `require " + apps + ".target == DATABASE` to the header, naming the database that takes their writes"
                        + " (usually the active master)");
    }

    /** Whether a condition, or one of the conditions it joins with `and`, is `APPS.target == X`. */
    boolean namesTarget(Expr condition, List<String> applications) {
        if (!(condition instanceof Expr.BinaryExpr b)) return false;
        if (b.op() == Expr.BinaryOp.AND) return namesTarget(b.left(), applications) || namesTarget(b.right(), applications);
        return b.op() == Expr.BinaryOp.EQ && (isTarget(b.left(), applications) || isTarget(b.right(), applications));
    }

    static boolean isTarget(Expr e, List<String> applications) {
        return e instanceof Expr.PathExpr p && p.names().size() == 2 && applications.contains(p.head().text())
                && p.names().get(1).text().equals("target");
    }

    StepNumber checkStepNumber(StepNumber number, StepNumber previous, Map<String, Span> seen) {
        Span earlier = seen.putIfAbsent(number.text(), number.span());
        if (earlier != null) {
            report(Code.DUPLICATE_STEP, number.span(), "step " + number.text() + " is numbered twice",
                    "the first is on line " + earlier.line() + "; number an inserted step " + number.first().text() + "a, "
                            + number.first().text() + "b, ...");
            return previous;
        }
        if (number.last().compareTo(number.first()) < 0) {
            report(Code.DECREASING_STEP, number.span(), "step range " + number.text() + " runs backwards", "write the lower number first");
            return previous;
        }
        if (previous != null && number.first().compareTo(previous.last()) <= 0) {
            report(Code.DECREASING_STEP, number.span(), "step " + number.text() + " comes after step " + previous.text(),
                    "steps follow the document's order; number an inserted step like " + previous.last().text() + "a");
        }
        return number;
    }

    /**
     * The names a default writes ({@code master1 on "master1host"}, {@code host "h"}, {@code credential "pat"})
     * follow their real grammars: a run refuses them anyway, but the author should learn it here.
     */
    private void checkNames(Expr value) {
        if (value instanceof Expr.ListLit l) {
            l.elements().forEach(this::checkNames);
        } else if (value instanceof Expr.PlacedExpr p) {
            if (p.database() instanceof Expr.PathExpr db) checkName(Names.Kind.DATABASE, db.dotted(), db.span());
            if (p.host() instanceof Expr.StringLit h && h.isPlain()) checkName(Names.Kind.HOST, h.value(), h.span());
        } else if (value instanceof Expr.QueryExpr q && q.args().size() == 1 && q.args().get(0) instanceof Expr.StringLit s && s.isPlain()) {
            if (q.name().text().equals("host")) checkName(Names.Kind.HOST, s.value(), s.span());
            if (q.name().text().equals("credential")) checkName(Names.Kind.USER, s.value(), s.span());
        }
    }

    private void checkName(Names.Kind kind, String text, dev.runbook.source.Span span) {
        Names.problem(kind, text).ifPresent(why -> report(Code.BAD_NAME, span,
                Names.display(text) + " is not " + kind.rule().replaceFirst(" ?[(:].*", "") + ": " + why, "allowed: " + kind.rule()));
    }
}
