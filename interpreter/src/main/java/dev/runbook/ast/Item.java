package dev.runbook.ast;

import dev.runbook.source.Span;
import java.util.List;

/** A top-level declaration or step. */
public sealed interface Item extends Node {
    Trivia trivia();

    /** {@code use timesten} or {@code use common.role-reversal as reversal}. */
    record UseItem(Span span, List<Name> path, Name alias, Trivia trivia) implements Item {
        public UseItem {
            path = List.copyOf(path);
        }

        public String dottedPath() {
            return String.join(".", path.stream().map(Name::text).toList());
        }

        /** The name the used module or runbook is known by in this file. */
        public String localName() {
            return alias != null ? alias.text() : path.get(path.size() - 1).text();
        }
    }

    /** {@code param NAME [: TYPE] [= DEFAULT]}. */
    record ParamItem(Span span, Name name, TypeRef type, Expr defaultValue, Trivia trivia) implements Item {}

    /** {@code step 17-22 "title": BODY}. */
    record StepItem(Span span, StepNumber number, Expr.StringLit title, List<Stmt> body, Trivia trivia)
            implements Item {
        public StepItem {
            body = List.copyOf(body);
        }
    }

    /** A final expectation, checked when the runbook ends. */
    record ExpectItem(Span span, Expr condition, Trivia trivia) implements Item {}

    /** {@code type agent = up | down}: an enumeration of the model's vocabulary. */
    record TypeItem(Span span, Name name, List<Name> values, Trivia trivia) implements Item {
        public TypeItem {
            values = List.copyOf(values);
        }
    }

    /** {@code entity database:} and its fields. */
    record EntityItem(Span span, Name name, List<FieldDecl> fields, Trivia trivia) implements Item {
        public EntityItem {
            fields = List.copyOf(fields);
        }
    }

    /** {@code field rep: agent = up}: the default is the value a new model starts with. */
    record FieldDecl(Span span, Name name, TypeRef type, Expr defaultValue, Trivia trivia) implements Node {}

    enum VerbKind { VERB, QUERY, BUILTIN }

    /**
     * A verb ({@code verb repStop (db: database):}), a query ({@code query state (db: database) -> repstate:})
     * or a built-in procedure reachable with {@code call} ({@code builtin ttRepStateGet() -> repstate:}).
     */
    record VerbItem(Span span, VerbKind kind, Name name, List<SigParam> params, TypeRef result,
                    List<VerbClause> clauses, Trivia trivia) implements Item {
        public VerbItem {
            params = List.copyOf(params);
            clauses = List.copyOf(clauses);
        }

        public <T extends VerbClause> List<T> clausesOf(Class<T> kind) {
            return clauses.stream().filter(kind::isInstance).map(kind::cast).toList();
        }
    }

    /**
     * A safety rule over the model's state, declared where the vocabulary is:
     * {@code invariant I-01 "never two ACTIVE masters":} with {@code doc} and {@code requires COND else "..."}
     * clauses; the simulator checks it after every step, as the rules written in Java.
     */
    record InvariantItem(Span span, String id, Span idSpan, Expr.StringLit rule, List<VerbClause> clauses, Trivia trivia)
            implements Item {
        public InvariantItem {
            clauses = List.copyOf(clauses);
        }

        public <T extends VerbClause> List<T> clausesOf(Class<T> kind) {
            return clauses.stream().filter(kind::isInstance).map(kind::cast).toList();
        }
    }

    /**
     * A verb parameter: positional ({@code keyword == null}) or introduced by a keyword at the call
     * site ({@code from (source: database)} is called as {@code from standby}).
     */
    record SigParam(Span span, Name keyword, Name name, TypeRef type, Expr defaultValue) implements Node {}
}
