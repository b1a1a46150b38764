package dev.runbook.ast;

import dev.runbook.source.Span;

public sealed interface HeaderClause extends Node {
    Trivia trivia();

    /** {@code source "file" section "heading" lines 76-143}: where the procedure is documented. */
    record SourceClause(Span span, Expr.StringLit document, Expr.StringLit section, LineRange lines, Trivia trivia)
            implements HeaderClause {}

    /** {@code online}: applications must keep a writable database outside a declared pause. */
    record OnlineClause(Span span, Trivia trivia) implements HeaderClause {}

    /** {@code require CONDITION}: the documented starting point. */
    record RequireClause(Span span, Expr condition, Trivia trivia) implements HeaderClause {}

    /** Line numbers in the cited document; {@code last == first} for a single line. */
    record LineRange(Span span, int first, int last) implements Node {}
}
