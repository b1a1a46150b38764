package dev.runbook.ast;

import dev.runbook.source.Span;
import java.util.List;

public sealed interface Header extends Node {
    Trivia trivia();

    /** {@code runbook ID "title"} and its indented clauses. */
    record RunbookHeader(Span span, Name id, Expr.StringLit title, List<HeaderClause> clauses, Trivia trivia)
            implements Header {
        public RunbookHeader {
            clauses = List.copyOf(clauses);
        }

        public boolean online() {
            return clauses.stream().anyMatch(c -> c instanceof HeaderClause.OnlineClause);
        }

        /** The longest write outage an online runbook declares ({@code online outage 5m}), or null. */
        public Expr.DurationLit outage() {
            return clauses.stream().filter(HeaderClause.OnlineClause.class::isInstance)
                    .map(c -> ((HeaderClause.OnlineClause) c).outage()).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        }

        public List<HeaderClause.RequireClause> requires() {
            return clauses.stream().filter(HeaderClause.RequireClause.class::isInstance)
                    .map(HeaderClause.RequireClause.class::cast).toList();
        }

        public List<HeaderClause.SourceClause> sources() {
            return clauses.stream().filter(HeaderClause.SourceClause.class::isInstance)
                    .map(HeaderClause.SourceClause.class::cast).toList();
        }
    }

    /** {@code module NAME "title"}: a file of declarations (verbs, model vocabulary). */
    record ModuleHeader(Span span, Name name, Expr.StringLit title, Trivia trivia) implements Header {}
}
