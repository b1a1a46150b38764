package dev.runbook.render;

import dev.runbook.ast.Expr;

/**
 * A condition of a {@code require}, {@code expect} or {@code wait} line in words, for a reader who
 * does not read the language: {@code state standby == ACTIVE and release of subscribers == release}
 * reads "the state of standby is ACTIVE, and the release of subscribers is (the parameter) release".
 */
final class Words {
    private Words() {}

    static String of(Expr e) {
        if (e instanceof Expr.BinaryExpr b) {
            return switch (b.op()) {
                case AND -> of(b.left()) + ", and " + of(b.right());
                case OR -> "either " + of(b.left()) + ", or " + of(b.right());
                case EQ -> of(b.left()) + " is " + of(b.right());
                case NE -> of(b.left()) + " is not " + of(b.right());
                case LT -> of(b.left()) + " is below " + of(b.right());
                case LE -> of(b.left()) + " is at most " + of(b.right());
                case GT -> of(b.left()) + " is above " + of(b.right());
                case GE -> of(b.left()) + " is at least " + of(b.right());
                case IN -> of(b.left()) + " is one of " + of(b.right());
                case PLUS -> of(b.left()) + " plus " + of(b.right());
                case MINUS -> of(b.left()) + " minus " + of(b.right());
            };
        }
        if (e instanceof Expr.NotExpr n) {
            if (n.operand() instanceof Expr.PathExpr || n.operand() instanceof Expr.FieldOfExpr) return of(n.operand()) + " is false";
            return "not (" + of(n.operand()) + ")";
        }
        if (e instanceof Expr.QuantifiedExpr q) {
            String head = switch (q.quantifier()) {
                case ALL -> "for every " + q.variable().text() + " of " + of(q.over()) + ", ";
                case ANY -> "for at least one " + q.variable().text() + " of " + of(q.over()) + ", ";
                case COUNT -> "the number of " + q.variable().text() + " of " + of(q.over()) + " for which ";
            };
            return head + of(q.condition());
        }
        if (e instanceof Expr.FieldOfExpr f) return "the " + f.field().text() + " of " + of(f.of());
        if (e instanceof Expr.QueryExpr q) {
            if (q.args().size() == 1) return "the " + q.name().text() + " of " + of(q.args().get(0));
            return "`" + ExprDocs.flat(e) + "`";
        }
        if (e instanceof Expr.PathExpr p && p.names().size() == 2) {
            return "the " + p.names().get(1).text() + " of " + p.names().get(0).text();
        }
        if (e instanceof Expr.BoolLit b) return b.value() ? "true" : "false";
        if (e instanceof Expr.StringLit s) return s.value().isEmpty() ? "empty" : "\"" + s.value() + "\"";
        return ExprDocs.flat(e);
    }
}
