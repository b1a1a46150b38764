package dev.runbook.ast;

import dev.runbook.source.Span;

public sealed interface HeaderClause extends Node {
    Trivia trivia();

    /** {@code source "file" section "heading" lines 76-143}: where the procedure is documented. */
    record SourceClause(Span span, Expr.StringLit document, Expr.StringLit section, LineRange lines, Trivia trivia)
            implements HeaderClause {}

    /**
     * {@code online} or {@code online outage 5m}: applications keep a writable database, except
     * while paused, and then for at most {@code outage} in all (null: no bound declared).
     */
    record OnlineClause(Span span, Expr.DurationLit outage, Trivia trivia) implements HeaderClause {}

    /** {@code require CONDITION}: the documented starting point. */
    record RequireClause(Span span, Expr condition, Trivia trivia) implements HeaderClause {}

    /** Line numbers in the cited document; {@code last == first} for a single line. */
    record LineRange(Span span, int first, int last) implements Node {}
}
