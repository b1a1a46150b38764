package dev.runbook.check;

import dev.runbook.ast.Expr;
import dev.runbook.ast.Name;
import dev.runbook.ast.Stmt;
import dev.runbook.ast.VerbClause;
import dev.runbook.source.Code;
import dev.runbook.source.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Placement: where things run. A verb declared {@code on X} must be called under {@code on} the
 * host (or database) X denotes, as far as the checker can tell.
 */
abstract class Placement extends Expressions {

    Placement(Library library, Source source) {
        super(library, source);
    }

    /** A verb declared {@code on X} must run where X is; inside {@code on HOST:} that is checked here. */
    void checkPlacement(Vocabulary.Callable verb, Map<String, Expr> bound, Stmt.VerbStmt call, Scope scope, Context context) {
        for (Vocabulary.Param p : verb.params()) {
            if (!bound.containsKey(p.name()) && p.decl().defaultValue() instanceof Expr.HereLit && context == null) {
                report(Code.NO_HOST, call.span(), "`" + verb.name() + "` runs on the current host, but no `on HOST:` encloses it",
                        "write it inside on HOST:, or give " + (p.keyword() == null ? p.name() : p.keyword() + " HOST"));
            }
        }
        List<VerbClause.PlaceClause> places = verb.item().clausesOf(VerbClause.PlaceClause.class);
        if (places.isEmpty() || context == null) return;
        Expr declared = places.get(0).host();
        Expr substituted = substitute(declared, bound);
        if (substituted == null) return;
        Type t = quietly(() -> typeOf(substituted, scope, null, context));
        Place required = isEntity(t, "database") ? hostPlace(substituted, scope) : place(substituted, scope);
        if (isEntity(t, "database") && context.database() != null) {
            Place db = place(substituted, scope);
            if (db.differsFrom(context.database())) {
                report(Code.WRONG_HOST, call.verb().span(), "`" + verb.name() + "` runs in " + describe(substituted)
                                + ", but this block is connected to " + describe(context.target()),
                        "write it under on " + describe(substituted) + ":");
                return;
            }
        }
        if (required.differsFrom(context.host())) {
            report(Code.WRONG_HOST, call.verb().span(), "`" + verb.name() + "` runs on " + required.describe()
                            + ", but this block runs on " + context.host().describe(),
                    "move it under on " + required.describe() + ":");
        }
    }

    /** The verb's placement with its parameters replaced by the call's arguments; null if unknown. */
    Expr substitute(Expr declared, Map<String, Expr> bound) {
        if (declared instanceof Expr.PathExpr p) {
            Expr arg = bound.get(p.head().text());
            if (arg == null) return null;
            if (p.names().size() == 1) return arg;
            if (arg instanceof Expr.PathExpr a) {
                List<Name> names = new ArrayList<>(a.names());
                names.addAll(p.names().subList(1, p.names().size()));
                return new Expr.PathExpr(a.span(), names);
            }
        }
        return null;
    }

    String describe(Expr e) {
        if (e instanceof Expr.PathExpr p) return p.dotted();
        if (e instanceof Expr.StringLit s) return "\"" + s.value() + "\"";
        return "that";
    }

    /** The place an expression denotes (a host, or a database's identity). */
    Place place(Expr e, Scope scope) {
        if (e instanceof Expr.StringLit s && s.isPlain()) return new Place(s.value(), null);
        if (e instanceof Expr.QueryExpr q && q.name().text().equals("host") && q.args().size() == 1
                && q.args().get(0) instanceof Expr.StringLit s && s.isPlain()) {
            return new Place(s.value(), null);
        }
        if (e instanceof Expr.PathExpr p) {
            Scope.Binding b = scope.lookup(p.head().text());
            if (b == null) return Place.UNKNOWN;
            if (p.names().size() == 1) {
                if (b.value != null && b.kind == Scope.Kind.PARAM && !(b.value instanceof Expr.PlacedExpr)) {
                    return place(b.value, scope);
                }
                return new Place(null, p.dotted());
            }
            if (p.names().size() == 2 && p.names().get(1).text().equals("host")) {
                if (b.value instanceof Expr.PlacedExpr placed) return place(placed.host(), scope);
                return new Place(null, p.dotted());
            }
            return new Place(null, p.dotted());
        }
        return Place.UNKNOWN;
    }

    Place hostPlace(Expr database, Scope scope) {
        if (database instanceof Expr.PathExpr p) {
            List<Name> names = new ArrayList<>(p.names());
            names.add(new Name(p.span(), "host"));
            return place(new Expr.PathExpr(p.span(), names), scope);
        }
        return Place.UNKNOWN;
    }
}
