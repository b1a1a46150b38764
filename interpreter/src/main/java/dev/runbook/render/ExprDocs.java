package dev.runbook.render;

import dev.runbook.ast.Expr;
import dev.runbook.ast.Name;
import dev.runbook.ast.TypeRef;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Expressions, strings and types as {@link Doc}s. Parentheses are printed only where the grammar's
 * precedence needs them (grouping parentheses leave no node in the AST, so the tree says where).
 */
final class ExprDocs {

    /**
     * Binding levels, loosest first: or, and, not, equality, comparison, then the prefix forms
     * ({@code name of X}, queries, {@code db on host}), then primaries.
     */
    private static final int NOT = 2;
    /** A quantifier's condition extends to the right as far as it can: as an operand it is always parenthesised. */
    private static final int QUANTIFIED = -1;
    private static final int PREFIX = 5;
    private static final int PRIMARY = 6;

    /** The contextual keyword that would end a bracketed continuation line (see LayoutTokenSource). */
    private static final Pattern MODULE_WORD = Pattern.compile("^module(?![A-Za-z0-9_]|-[A-Za-z_]).*", Pattern.DOTALL);

    private ExprDocs() {}

    // ------------------------------------------------------------------ expressions

    /** An expression where the grammar expects {@code expr}: no parentheses at the top. */
    static Doc expr(Expr e) {
        if (e instanceof Expr.StringLit s) return Doc.text(string(s));
        if (e instanceof Expr.NumberLit n) return Doc.text(n.text());
        if (e instanceof Expr.DurationLit d) return Doc.text(d.text());
        if (e instanceof Expr.BoolLit b) return Doc.text(String.valueOf(b.value()));
        if (e instanceof Expr.HereLit) return Doc.text("here");
        if (e instanceof Expr.PathExpr p) return Doc.text(p.dotted());
        if (e instanceof Expr.ListLit l) return list(l.elements().stream().map(ExprDocs::expr).toList());
        if (e instanceof Expr.QueryExpr q) {
            List<Doc> parts = new ArrayList<>();
            parts.add(Doc.text(q.name().text()));
            for (Expr arg : q.args()) {
                parts.add(Doc.text(" "));
                parts.add(operand(arg, PRIMARY));
            }
            return Doc.cat(parts);
        }
        if (e instanceof Expr.FieldOfExpr f) {
            // the operand of `of` binds tightest: another `of`, a query or a primary
            int level = f.of() instanceof Expr.PlacedExpr ? PRIMARY : PREFIX;
            return Doc.cat(Doc.text(f.field().text() + " of "), operand(f.of(), level));
        }
        if (e instanceof Expr.PlacedExpr p) {
            return Doc.cat(operand(p.database(), PRIMARY), Doc.text(" on "), operand(p.host(), PRIMARY));
        }
        if (e instanceof Expr.NotExpr n) return Doc.cat(Doc.text("not "), operand(n.operand(), NOT));
        if (e instanceof Expr.BinaryExpr b) {
            int p = b.op().precedence();
            return Doc.cat(operand(b.left(), p), Doc.text(" " + b.op().symbol() + " "), operand(b.right(), p + 1));
        }
        if (e instanceof Expr.QuantifiedExpr q) {
            return Doc.cat(Doc.text(q.quantifier().word() + " " + q.variable().text() + " in "), expr(q.over()),
                    Doc.text(": "), expr(q.condition()));
        }
        throw new IllegalArgumentException("unknown expression " + e);
    }

    /** An expression where the grammar expects {@code primary}: parenthesised unless it is one. */
    static Doc primary(Expr e) {
        return operand(e, PRIMARY);
    }

    /**
     * A condition of {@code require}, {@code expect}, {@code wait} or {@code if}: a top-level
     * chain of {@code and} (or of {@code or}) breaks, when too long, into parentheses with one
     * operand per line.
     */
    static Doc condition(Expr e) {
        if (!(e instanceof Expr.BinaryExpr b) || (b.op() != Expr.BinaryOp.AND && b.op() != Expr.BinaryOp.OR)) {
            return expr(e);
        }
        Expr.BinaryOp op = b.op();
        int p = op.precedence();
        List<Expr> rights = new ArrayList<>();
        Expr left = e;
        while (left instanceof Expr.BinaryExpr lb && lb.op() == op) {
            rights.add(0, lb.right());
            left = lb.left();
        }
        Doc first = operand(left, p);
        if (startsWithModule(Doc.flat(first))) return expr(e);
        List<Doc> parts = new ArrayList<>();
        parts.add(Doc.softline());
        parts.add(first);
        for (Expr right : rights) {
            parts.add(Doc.line());
            parts.add(Doc.text(op.symbol() + " "));
            parts.add(operand(right, p + 1));
        }
        return Doc.group(Doc.ifBreak("(", ""), Doc.nest(Doc.cat(parts)), Doc.softline(), Doc.ifBreak(")", ""));
    }

    /** {@code [a, b]}, or one element per line with a trailing comma when too long. */
    static Doc list(List<Doc> elements) {
        if (elements.isEmpty()) return Doc.text("[]");
        boolean breakable = elements.stream().noneMatch(d -> startsWithModule(Doc.flat(d)));
        if (!breakable) {
            return Doc.cat(Doc.text("["), Doc.join(Doc.text(", "), elements), Doc.text("]"));
        }
        return Doc.group(Doc.text("["),
                Doc.nest(Doc.softline(), Doc.join(Doc.cat(Doc.text(","), Doc.line()), elements), Doc.ifBreak(",", "")),
                Doc.softline(), Doc.text("]"));
    }

    /** {@code (a = b, c = d)} of a run statement, one argument per line when too long (no trailing comma). */
    static Doc namedArgs(List<Doc> args) {
        boolean breakable = args.stream().noneMatch(d -> startsWithModule(Doc.flat(d)));
        if (!breakable) return Doc.cat(Doc.text("("), Doc.join(Doc.text(", "), args), Doc.text(")"));
        return Doc.group(Doc.text("("),
                Doc.nest(Doc.softline(), Doc.join(Doc.cat(Doc.text(","), Doc.line()), args)),
                Doc.softline(), Doc.text(")"));
    }

    private static boolean startsWithModule(String text) {
        return MODULE_WORD.matcher(text).matches();
    }

    /** {@code e} where the grammar binds at least {@code level}: parenthesised when it binds looser. */
    private static Doc operand(Expr e, int level) {
        Doc doc = expr(e);
        return level(e) >= level ? doc : Doc.cat(Doc.text("("), doc, Doc.text(")"));
    }

    private static int level(Expr e) {
        if (e instanceof Expr.BinaryExpr b) return b.op().precedence();
        if (e instanceof Expr.NotExpr) return NOT;
        if (e instanceof Expr.QuantifiedExpr) return QUANTIFIED;
        if (e instanceof Expr.FieldOfExpr || e instanceof Expr.QueryExpr || e instanceof Expr.PlacedExpr) return PREFIX;
        return PRIMARY;
    }

    /** The one-line text of an expression. */
    static String flat(Expr e) {
        return Doc.flat(expr(e));
    }

    /**
     * The prompt answer of a verb: followed by {@code secret}, a query (or anything that ends in
     * one) would swallow that word as an argument, so it is parenthesised.
     */
    static Doc answer(Expr e, boolean secret) {
        if (!secret) return expr(e);
        boolean safe = e instanceof Expr.StringLit || e instanceof Expr.NumberLit || e instanceof Expr.DurationLit
                || e instanceof Expr.BoolLit || e instanceof Expr.HereLit || e instanceof Expr.ListLit
                || (e instanceof Expr.PathExpr p && p.names().size() > 1);
        return safe ? expr(e) : Doc.cat(Doc.text("("), expr(e), Doc.text(")"));
    }

    // ------------------------------------------------------------------ strings, names, types

    /** A string literal with its own quote, escaped so that it reads back to the same parts. */
    static String string(Expr.StringLit s) {
        char quote = s.quote();
        StringBuilder out = new StringBuilder().append(quote);
        for (Expr.StringLit.Part part : s.parts()) {
            if (part instanceof Expr.StringLit.Interpolation i) {
                out.append("${").append(i.path().dotted()).append('}');
                continue;
            }
            String text = ((Expr.StringLit.Text) part).text();
            if (quote == '\'') {
                out.append(singleQuoted(text));
                continue;
            }
            for (int k = 0; k < text.length(); k++) {
                char c = text.charAt(k);
                if (c == '\\') out.append("\\\\");
                else if (c == quote) out.append('\\').append(c);
                else if (c == '\n') out.append("\\n");
                else if (c == '\t') out.append("\\t");
                else if (c == '$' && quote == '"' && k + 1 < text.length() && text.charAt(k + 1) == '{') out.append("\\$");
                else out.append(c);
            }
        }
        return out.append(quote).toString();
    }

    /** Single quotes are literal: only a quote, and a backslash before a quote, another backslash or the end, need one. */
    private static String singleQuoted(String text) {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            char next = k + 1 < text.length() ? text.charAt(k + 1) : '\'';
            if (c == '\'') out.append("\\'");
            else if (c == '\\' && (next == '\'' || next == '\\')) out.append("\\\\");
            else out.append(c);
        }
        return out.toString();
    }

    static String dotted(List<Name> names) {
        return String.join(".", names.stream().map(Name::text).toList());
    }

    static String type(TypeRef t) {
        if (t instanceof TypeRef.ListType l) return "[" + type(l.element()) + "]";
        return ((TypeRef.NamedType) t).name().text();
    }
}
