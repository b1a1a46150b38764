package dev.runbook.ast;

import dev.runbook.source.Span;
import java.util.List;

public sealed interface Stmt extends Node {
    Trivia trivia();

    /** {@code on TARGET: BODY}: run the body on a host, or on a database's host connected to it. */
    record OnStmt(Span span, Expr target, List<Stmt> body, Trivia trivia) implements Stmt {
        public OnStmt {
            body = List.copyOf(body);
        }
    }

    record ForStmt(Span span, Name variable, Expr iterable, List<Stmt> body, Trivia trivia) implements Stmt {
        public ForStmt {
            body = List.copyOf(body);
        }
    }

    /** {@code otherwise} is empty without an else; an {@code else if} is a single nested IfStmt. */
    record IfStmt(Span span, Expr condition, List<Stmt> then, List<Stmt> otherwise, Trivia trivia) implements Stmt {
        public IfStmt {
            then = List.copyOf(then);
            otherwise = List.copyOf(otherwise);
        }
    }

    /** {@code wait CONDITION timeout T [every P]}. {@code every} is null when not given. */
    record WaitStmt(Span span, Expr condition, Expr.DurationLit timeout, Expr.DurationLit every, Trivia trivia)
            implements Stmt {}

    record ExpectStmt(Span span, Expr condition, Trivia trivia) implements Stmt {}

    /** An operator action: a real run prints it and waits for the operator to say it is done. */
    record ManualStmt(Span span, Expr.StringLit instruction, Trivia trivia) implements Stmt {}

    /** A yes/no question: a real run stops unless the operator answers yes. */
    record ConfirmStmt(Span span, Expr.StringLit question, Trivia trivia) implements Stmt {}

    /** A raw shell command on the current host; the model cannot verify it. */
    record ShStmt(Span span, Expr.StringLit command, Trivia trivia) implements Stmt {}

    /** Raw SQL through ttIsql on a database. */
    record SqlStmt(Span span, Expr database, Expr.StringLit sql, Trivia trivia) implements Stmt {}

    /** {@code call builtin(args)} on the current database. */
    record CallStmt(Span span, Name builtin, List<Expr> args, Trivia trivia) implements Stmt {
        public CallStmt {
            args = List.copyOf(args);
        }
    }

    /** {@code run role-reversal(active = standby, standby = active)}: a runbook as a sub-procedure. */
    record RunStmt(Span span, List<Name> runbook, List<NamedArg> args, Trivia trivia) implements Stmt {
        public RunStmt {
            runbook = List.copyOf(runbook);
            args = List.copyOf(args);
        }

        public String dottedName() {
            return String.join(".", runbook.stream().map(Name::text).toList());
        }
    }

    record NamedArg(Span span, Name name, Expr value) implements Node {}

    /** {@code duplicate sub from standby using admin}: a verb of the standard library or a module. */
    record VerbStmt(Span span, Name verb, List<Expr> args, Trivia trivia) implements Stmt {
        public VerbStmt {
            args = List.copyOf(args);
        }
    }
}
