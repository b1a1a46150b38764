package dev.runbook.lint.rules;

import dev.runbook.ast.Expr;
import dev.runbook.ast.Stmt;
import dev.runbook.lint.Findings;
import dev.runbook.lint.LintContext;
import dev.runbook.lint.Rule;
import dev.runbook.source.Severity;

/**
 * Statements that can never run: the branch of an {@code if} whose condition is a constant
 * ({@code if false}, {@code if 1 == 2}), a {@code for} over an empty list; a whole step when its
 * body is nothing else.
 */
public final class UnreachableStep implements Rule {

    @Override public String id() { return "unreachable-step"; }

    @Override public Severity severity() { return Severity.WARNING; }

    @Override public String description() {
        return "a step or a branch that can never run: a constant if condition, a for over an empty list";
    }

    @Override
    public void check(LintContext context, Findings out) {
        for (LintContext.Site site : context.sites()) {
            Stmt s = site.stmt();
            String never = null;
            if (s instanceof Stmt.IfStmt i) {
                Boolean value = constant(i.condition());
                if (Boolean.FALSE.equals(value) && !i.then().isEmpty()) never = "the condition `" + context.text(i.condition()) + "` is always false";
                else if (Boolean.TRUE.equals(value) && !i.otherwise().isEmpty()) never = "the else branch never runs: `" + context.text(i.condition()) + "` is always true";
            } else if (s instanceof Stmt.ForStmt f && f.iterable() instanceof Expr.ListLit l && l.elements().isEmpty()) {
                never = "the loop runs over an empty list";
            }
            if (never == null) continue;
            boolean whole = site.step().body().size() == 1 && site.step().body().get(0) == s;
            out.report(context.firstLine(whole ? site.step() : s), (whole ? "step " + site.step().number().text() + " can never run: " : "this can never run: ") + never,
                    "remove it, or make the condition depend on a parameter or the cluster's state");
        }
    }

    /** The value of a condition made of literals only, or null. */
    static Boolean constant(Expr e) {
        if (e instanceof Expr.BoolLit b) return b.value();
        if (e instanceof Expr.NotExpr n) {
            Boolean v = constant(n.operand());
            return v == null ? null : !v;
        }
        if (e instanceof Expr.BinaryExpr b) {
            if (b.op() == Expr.BinaryOp.AND || b.op() == Expr.BinaryOp.OR) {
                Boolean l = constant(b.left());
                Boolean r = constant(b.right());
                if (b.op() == Expr.BinaryOp.AND && (Boolean.FALSE.equals(l) || Boolean.FALSE.equals(r))) return false;
                if (b.op() == Expr.BinaryOp.OR && (Boolean.TRUE.equals(l) || Boolean.TRUE.equals(r))) return true;
                return l == null || r == null ? null : b.op() == Expr.BinaryOp.AND ? l && r : l || r;
            }
            String l = literal(b.left());
            String r = literal(b.right());
            if (l == null || r == null) return null;
            if (b.op() == Expr.BinaryOp.EQ) return l.equals(r);
            if (b.op() == Expr.BinaryOp.NE) return !l.equals(r);
        }
        return null;
    }

    private static String literal(Expr e) {
        if (e instanceof Expr.NumberLit n) return "n" + n.text();
        if (e instanceof Expr.StringLit s && s.isPlain()) return "s" + s.value();
        if (e instanceof Expr.BoolLit b) return "b" + b.value();
        return null;
    }
}
