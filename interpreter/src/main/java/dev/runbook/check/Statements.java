package dev.runbook.check;

import dev.runbook.ast.Stmt;
import dev.runbook.source.Code;
import dev.runbook.source.Source;
import java.util.List;

/**
 * Statements: each kind of statement of a step's body, and the host or database it runs in.
 */
abstract class Statements extends Calls {

    Statements(Library library, Source source) {
        super(library, source);
    }

    void checkBody(List<Stmt> body, Scope scope, Context context) {
        for (Stmt s : body) checkStmt(s, scope, context);
    }

    void checkStmt(Stmt stmt, Scope scope, Context context) {
        if (stmt instanceof Stmt.OnStmt on) {
            Type t = typeOf(on.target(), scope, null, context);
            Context inner;
            if (isEntity(t, "database")) {
                inner = new Context(hostPlace(on.target(), scope), place(on.target(), scope), on.target());
            } else if (isEntity(t, "host") || t == Type.Prim.STRING || Type.isUnknown(t)) {
                inner = new Context(place(on.target(), scope), null, on.target());
            } else {
                report(Code.TYPE_MISMATCH, on.target().span(), "`on` names a host or a database, not a " + t.describe(), null);
                inner = new Context(Place.UNKNOWN, null, on.target());
            }
            checkBody(on.body(), scope, inner);
        } else if (stmt instanceof Stmt.ForStmt f) {
            Type t = typeOf(f.iterable(), scope, null, context);
            Type element = t instanceof Type.ListOf l ? l.element() : Type.UNKNOWN;
            if (!(t instanceof Type.ListOf) && !Type.isUnknown(t)) {
                report(Code.TYPE_MISMATCH, f.iterable().span(), "`for` goes over a list, not a " + t.describe(), null);
            }
            Scope inner = new Scope(scope);
            if (scope.lookup(f.variable().text()) != null) {
                report(Code.SHADOWED_NAME, f.variable().span(), "loop variable `" + f.variable().text() + "` hides another name",
                        "choose another name");
            }
            inner.define(new Scope.Binding(f.variable().text(), Scope.Kind.LOOP_VARIABLE, element, f.variable().span(), null));
            checkBody(f.body(), inner, context);
        } else if (stmt instanceof Stmt.IfStmt i) {
            expectCondition(i.condition(), scope, context);
            checkBody(i.then(), scope, context);
            checkBody(i.otherwise(), scope, context);
        } else if (stmt instanceof Stmt.WaitStmt w) {
            expectCondition(w.condition(), scope, context);
            long timeout = w.timeout().millis();
            if (timeout <= 0) {
                report(Code.BAD_DURATION, w.timeout().span(), "a wait needs a timeout above zero", "e.g. timeout 10m");
            }
            if (w.every() != null) {
                long every = w.every().millis();
                if (every <= 0) {
                    report(Code.BAD_DURATION, w.every().span(), "a wait cannot poll every " + w.every().text(), "e.g. every 5s");
                } else if (timeout > 0 && every > timeout) {
                    report(Code.BAD_DURATION, w.every().span(), "polls every " + w.every().text() + " but gives up after "
                            + w.timeout().text(), "poll more often than the timeout");
                }
            }
        } else if (stmt instanceof Stmt.ExpectStmt e) {
            expectCondition(e.condition(), scope, context);
        } else if (stmt instanceof Stmt.ManualStmt m) {
            typeOf(m.instruction(), scope, null, context);
        } else if (stmt instanceof Stmt.ConfirmStmt c) {
            typeOf(c.question(), scope, null, context);
        } else if (stmt instanceof Stmt.ShStmt sh) {
            typeOf(sh.command(), scope, null, context);
            if (context == null) {
                report(Code.NO_HOST, sh.span(), "`sh` runs on a host, but no `on HOST:` encloses it",
                        "write it inside on HOST: ... or as on HOST: sh \"...\"");
            }
        } else if (stmt instanceof Stmt.SqlStmt sql) {
            Type t = typeOf(sql.database(), scope, null, context);
            if (!isEntity(t, "database") && !Type.isUnknown(t)) {
                report(Code.TYPE_MISMATCH, sql.database().span(), "`sql` runs on a database, not a " + t.describe(), null);
            }
            typeOf(sql.sql(), scope, null, context);
        } else if (stmt instanceof Stmt.CallStmt call) {
            checkCall(call, scope, context);
        } else if (stmt instanceof Stmt.RunStmt run) {
            checkRun(run, scope, context);
        } else if (stmt instanceof Stmt.VerbStmt verb) {
            checkVerbCall(verb, scope, context);
        }
    }
}
