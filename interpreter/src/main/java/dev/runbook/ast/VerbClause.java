package dev.runbook.ast;

import dev.runbook.source.Span;

/** One line of a verb declaration's body. */
public sealed interface VerbClause extends Node {
    Trivia trivia();

    /** {@code doc "..."}: what the verb does, for people. */
    record DocClause(Span span, Expr.StringLit text, Trivia trivia) implements VerbClause {}

    /** {@code runs "ttAdmin -repStop ${db.name}"}: the command line on a real host. */
    /** {@code condition}: null for the command itself; else an optional part, appended when it holds. */
    record RunsClause(Span span, Expr.StringLit command, Expr condition, Trivia trivia) implements VerbClause {}

    /** {@code sql "call ttRepStateSet('ACTIVE')"}: SQL run through ttIsql on the database of {@code on}. */
    /** {@code condition}: null for the statement itself; else an optional clause, appended when it holds. */
    record SqlClause(Span span, Expr.StringLit sql, Expr condition, Trivia trivia) implements VerbClause {}

    /** {@code manual "Pause the applications"}: an operator action instead of a command. */
    record ManualClause(Span span, Expr.StringLit instruction, Trivia trivia) implements VerbClause {}

    /** {@code on db.host}: where the command runs. */
    record PlaceClause(Span span, Expr host, Trivia trivia) implements VerbClause {}

    /** {@code prompt "Enter the FQDN" answer host.name [secret]}: a question the command asks. */
    record PromptClause(Span span, Expr.StringLit prompt, Expr answer, boolean secret, Trivia trivia)
            implements VerbClause {}

    /** {@code reads "< (\\w+) >"}: how a query's value is read from the output (a regex, group 1). */
    record ReadsClause(Span span, Expr.StringLit pattern, Trivia trivia) implements VerbClause {}

    /** {@code model db.state}: what a query returns in the cluster model. */
    record ModelClause(Span span, Expr value, Trivia trivia) implements VerbClause {}

    /** {@code destructive}: a real run asks for confirmation first. */
    record DestructiveClause(Span span, Trivia trivia) implements VerbClause {}

    /** {@code takes 5m}: the virtual duration of the command. */
    record TakesClause(Span span, Expr.DurationLit duration, Trivia trivia) implements VerbClause {}

    /** {@code requires CONDITION [else "message"]}: a precondition. */
    record RequiresClause(Span span, Expr condition, Expr.StringLit message, Trivia trivia) implements VerbClause {}

    /** {@code effect db.rep = down}: a direct effect on the model. */
    /** {@code effect db.rep = down}, or {@code effect db.rep = down if COND}: applied only when COND holds before. */
    record EffectClause(Span span, Expr.PathExpr target, Expr value, Expr condition, Trivia trivia) implements VerbClause {}
}
