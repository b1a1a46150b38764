package dev.runbook.ast;

import dev.runbook.source.Span;
import java.util.List;

/** Expressions and conditions. Grouping parentheses leave no node: the tree holds the precedence. */
public sealed interface Expr extends Node {

    /**
     * A quoted string. {@code "..."} interpolates {@code ${path}}; {@code '...'} is taken literally.
     * Text parts hold the unescaped characters. Interpolated values are quoted for the remote shell
     * by the interpreter, never by the author.
     */
    record StringLit(Span span, List<Part> parts, char quote) implements Expr {
        public StringLit {
            parts = List.copyOf(parts);
        }

        public sealed interface Part {}

        public record Text(String text) implements Part {}

        public record Interpolation(Span span, PathExpr path) implements Part {}

        /** The value when nothing is interpolated; interpolations are shown as {@code ${a.b}}. */
        public String value() {
            StringBuilder out = new StringBuilder();
            for (Part p : parts) {
                if (p instanceof Text t) out.append(t.text());
                else if (p instanceof Interpolation i) out.append("${").append(i.path().dotted()).append('}');
            }
            return out.toString();
        }

        public boolean isPlain() {
            return parts.stream().allMatch(p -> p instanceof Text);
        }
    }

    record NumberLit(Span span, String text) implements Expr {}

    /** {@code 10m}, {@code 5s}, {@code 250ms}, {@code 2h}, {@code 1d}. */
    record DurationLit(Span span, String text) implements Expr {
        public long millis() {
            return Durations.parseMillis(text);
        }
    }

    record BoolLit(Span span, boolean value) implements Expr {}

    /** {@code here}: the host of the enclosing {@code on} block. */
    record HereLit(Span span) implements Expr {}

    record ListLit(Span span, List<Expr> elements) implements Expr {
        public ListLit {
            elements = List.copyOf(elements);
        }
    }

    /** A name or a dotted path: {@code standby}, {@code standby.host}, {@code ACTIVE}. */
    record PathExpr(Span span, List<Name> names) implements Expr {
        public PathExpr {
            names = List.copyOf(names);
        }

        public String dotted() {
            return String.join(".", names.stream().map(Name::text).toList());
        }

        public Name head() {
            return names.get(0);
        }
    }

    /** A query or constructor applied to arguments: {@code state standby}, {@code credential "pat"}. */
    record QueryExpr(Span span, Name name, List<Expr> args) implements Expr {
        public QueryExpr {
            args = List.copyOf(args);
        }
    }

    /** {@code release of subscribers}: a field of every element of a list (or of one value). */
    record FieldOfExpr(Span span, Name field, Expr of) implements Expr {}

    /** {@code master1 on "master1host"}: a database placed on a host. */
    record PlacedExpr(Span span, Expr database, Expr host) implements Expr {}

    record NotExpr(Span span, Expr operand) implements Expr {}

    enum BinaryOp {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), AND("and"), OR("or"),
        /** List concatenation: {@code [standby] + subscribers}. */
        PLUS("+"),
        /** List difference: {@code db.admins - [user.user]}. */
        MINUS("-"),
        /** Membership: {@code admin.user in active.admins}. */
        IN("in");

        private final String symbol;

        BinaryOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        /** Higher binds tighter; mirrors the grammar's order of alternatives. */
        public int precedence() {
            return switch (this) {
                case PLUS, MINUS -> 5;
                case LT, LE, GT, GE -> 4;
                case EQ, NE, IN -> 3;
                case AND -> 1;
                case OR -> 0;
            };
        }
    }

    record BinaryExpr(Span span, BinaryOp op, Expr left, Expr right) implements Expr {}

    enum Quantifier {
        ALL("all"), ANY("any"), COUNT("count");

        private final String word;

        Quantifier(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /**
     * {@code all x in LIST: COND} (every element), {@code any x in LIST: COND} (at least one),
     * {@code count x in LIST: COND} (how many, a number); {@code x} names each element in turn.
     */
    record QuantifiedExpr(Span span, Quantifier quantifier, Name variable, Expr over, Expr condition) implements Expr {}
}
