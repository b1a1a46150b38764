package dev.runbook.check;

import dev.runbook.ast.Expr;
import dev.runbook.ast.Item;
import dev.runbook.ast.Stmt;
import dev.runbook.source.Code;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.Source;
import dev.runbook.source.Span;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Arguments: verb calls bound by the one rule of {@link Arguments}, built-in calls and sub-runbook
 * runs checked against their declarations.
 */
abstract class Calls extends Placement {

    Calls(Library library, Source source) {
        super(library, source);
    }

    void checkCall(Stmt.CallStmt call, Scope scope, Context context) {
        List<Type> argTypes = new ArrayList<>();
        for (Expr a : call.args()) argTypes.add(typeOf(a, scope, null, context));
        if (context == null || context.database() == null) {
            report(Code.NO_DATABASE, call.span(), "`call " + call.builtin().text() + "` needs a database to run in",
                    "write it inside `on DATABASE:` (not `on HOST:`)");
        }
        Vocabulary.Callable builtin = vocabulary.builtins.get(call.builtin().text());
        if (builtin == null) {
            String hint = Suggest.hint(call.builtin().text(), vocabulary.builtins.keySet());
            report(Code.UNVERIFIED, call.builtin().span(), "`" + call.builtin().text()
                    + "` is not a built-in the model knows: the simulation cannot verify its effect",
                    hint != null ? hint : "declare it with `builtin` in a module, or use a verb of the standard library");
            return;
        }
        if (builtin.params().size() != call.args().size()) {
            report(Code.ARITY, call.span(), "`" + builtin.name() + "` takes " + builtin.params().size() + " arguments, not "
                    + call.args().size(), "it is declared in " + builtin.source().name());
            return;
        }
        for (int i = 0; i < call.args().size(); i++) {
            expectArgument(builtin.params().get(i), argTypes.get(i), call.args().get(i));
        }
    }

    void checkRun(Stmt.RunStmt run, Scope scope, Context context) {
        String name = run.dottedName();
        UsedRunbook target = runbooks.get(name);
        if (target == null) {
            String alias = null;
            for (Item.UseItem use : currentUses) {
                String last = use.path().get(use.path().size() - 1).text();
                if (use.alias() != null && (last.equals(name) || use.dottedPath().equals(name))) alias = use.alias().text();
            }
            report(Code.UNKNOWN_NAME, run.span(), "no runbook `" + name + "` is used here",
                    alias != null ? "it is used as `" + alias + "`: write run " + alias + "(...)"
                            : Optional.ofNullable(Suggest.hint(name, runbooks.keySet()))
                                    .orElse("add `use PATH.TO." + name + "` at the top of the file"));
            for (Stmt.NamedArg a : run.args()) typeOf(a.value(), scope, null, context);
            return;
        }
        for (Item.UseItem use : currentUses) {
            if (use.localName().equals(name) || use.dottedPath().equals(name)) usedLocalNames.put(use.localName(), true);
        }
        Map<String, Item.ParamItem> params = new LinkedHashMap<>();
        for (Item.ParamItem p : target.file().itemsOf(Item.ParamItem.class)) params.put(p.name().text(), p);
        Set<String> given = new HashSet<>();
        for (Stmt.NamedArg a : run.args()) {
            Item.ParamItem p = params.get(a.name().text());
            if (p == null) {
                report(Code.UNKNOWN_ARGUMENT, a.name().span(), "runbook `" + name + "` has no parameter `" + a.name().text() + "`",
                        Optional.ofNullable(Suggest.hint(a.name().text(), params.keySet()))
                                .orElse("its parameters are " + String.join(", ", params.keySet())));
                typeOf(a.value(), scope, null, context);
                continue;
            }
            if (!given.add(a.name().text())) {
                report(Code.DUPLICATE_NAME, a.name().span(), "`" + a.name().text() + "` is given twice", null);
            }
            Type expected = paramType(p);
            Type actual = typeOf(a.value(), scope, expected, context);
            expectType(expected, actual, a.value(), "argument `" + a.name().text() + "`");
        }
        for (Item.ParamItem p : params.values()) {
            if (p.defaultValue() == null && !given.contains(p.name().text())) {
                report(Code.MISSING_ARGUMENT, run.span(), "runbook `" + name + "` needs `" + p.name().text() + "`",
                        "add " + p.name().text() + " = VALUE to the arguments");
            }
        }
    }

    /** The type of a used runbook's parameter, without reporting that runbook's own problems. */
    Type paramType(Item.ParamItem p) {
        if (p.type() != null) return resolveType(p.type(), false);
        if (p.defaultValue() == null) return Type.UNKNOWN;
        List<Diagnostic> saved = new ArrayList<>(diagnostics);
        Type t = typeOf(p.defaultValue(), new Scope(fileScope), null, null);
        diagnostics.clear();
        diagnostics.addAll(saved);
        return t;
    }

    void checkVerbCall(Stmt.VerbStmt call, Scope scope, Context context) {
        String name = call.verb().text();
        Vocabulary.Callable verb = vocabulary.verbs.get(name);
        if (verb == null) {
            for (Expr a : call.args()) typeOf(a, scope, null, context);
            if (vocabulary.queries.containsKey(name)) {
                report(Code.UNKNOWN_VERB, call.verb().span(), "`" + name + "` is a query: it has a value but does nothing",
                        "use it in a condition: expect " + name + " ... == VALUE, or wait " + name + " ... == VALUE timeout T");
                return;
            }
            Map<String, String> about = new java.util.LinkedHashMap<>();
            for (Vocabulary.Callable v : vocabulary.verbs.values()) {
                about.put(v.name(), v.item().clausesOf(dev.runbook.ast.VerbClause.DocClause.class).stream()
                        .map(d -> d.text().value()).findFirst().orElse(""));
            }
            String hint = Suggest.verbHint(name, about);
            if (hint == null) {
                hint = vocabulary.verbs.isEmpty() ? "no module is used: add `use timesten` (or your own module)"
                        : "declare it in a module, or run the command with sh \"...\" on a host";
            }
            report(Code.UNKNOWN_VERB, call.verb().span(), "unknown verb `" + name + "`", hint);
            return;
        }
        Map<String, Expr> bound = bindArguments(verb, call.args(), call.span(), scope, context);
        if (bound == null) return;
        checkPlacement(verb, bound, call, scope, context);
    }

    /**
     * Matches call-site arguments to a signature by the one rule of {@link Arguments} (the engine
     * binds by the same), reports what cannot be bound, and types every argument. The parameters
     * the call gives (not those left to their defaults), or null if the call is wrong.
     */
    Map<String, Expr> bindArguments(Vocabulary.Callable verb, List<Expr> args, Span callSpan, Scope scope, Context context) {
        Arguments.Binding binding = Arguments.match(verb, args, word -> scope.lookup(word) != null);
        Set<Expr> notValues = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Expr a : args) if (Arguments.keywordParam(a, verb) != null) notValues.add(a);
        binding.arguments().values().forEach(notValues::remove);
        boolean stopped = false;
        for (Arguments.Problem problem : binding.problems()) {
            if (stopped) break;
            Vocabulary.Param p = problem.param();
            switch (problem.kind()) {
                case MISSING_POSITIONAL, KEYWORD_FOR_POSITIONAL -> {
                    report(Code.MISSING_ARGUMENT, callSpan, "`" + verb.name() + "` needs `" + p.name() + "` first",
                            "its form is: " + signature(verb));
                    if (problem.kind() == Arguments.Kind.KEYWORD_FOR_POSITIONAL) {
                        notValues.add(problem.at());
                        stopped = true;
                    }
                }
                case MISSING_KEYWORD -> report(Code.MISSING_ARGUMENT, callSpan,
                        "`" + verb.name() + "` needs `" + p.keyword() + " " + p.name() + "`", "its form is: " + signature(verb));
                case KEYWORD_WITHOUT_VALUE -> {
                    report(Code.MISSING_ARGUMENT, problem.at().span(), "`" + p.keyword() + "` needs a value after it",
                            "write " + p.keyword() + " " + p.name().toUpperCase(java.util.Locale.ROOT));
                    stopped = true;
                }
                case DUPLICATE_KEYWORD -> {
                    report(Code.DUPLICATE_NAME, problem.at().span(), "`" + p.keyword() + "` is given twice",
                            "its form is: " + signature(verb));
                    stopped = true;
                }
                case EXTRA -> {
                    report(Code.ARITY, problem.at().span().to(args.get(args.size() - 1).span()),
                            "`" + verb.name() + "` takes no more arguments here", "its form is: " + signature(verb));
                    stopped = true;
                }
                case AMBIGUOUS -> {
                    String word = ((Expr.PathExpr) problem.at()).dotted();
                    report(Code.AMBIGUOUS_ARGUMENT, problem.at().span(), "`" + word + "` is both a keyword of `" + verb.name()
                                    + "` and a name here: it is read as the keyword, and `" + p.name() + "` takes its default",
                            "rename `" + word + "` where it is declared, so that the call reads one way");
                    stopped = true;
                }
            }
        }
        boolean ok = binding.ok();
        Set<Expr> typed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Vocabulary.Param p : verb.params()) {
            Expr value = binding.arguments().get(p.name());
            if (value == null || notValues.contains(value) || !containsIdentical(args, value) || !typed.add(value)) continue;
            ok &= expectArgument(p, typeOf(value, scope, p.type(), context), value);
        }
        for (Expr a : args) {
            if (!notValues.contains(a) && !typed.contains(a)) typeOf(a, scope, null, context);
        }
        if (!ok) return null;
        Map<String, Expr> given = new LinkedHashMap<>(binding.arguments());
        given.values().removeIf(value -> !containsIdentical(args, value)); // defaults are not the call's
        return given;
    }

    static boolean containsIdentical(List<Expr> list, Expr e) {
        for (Expr x : list) if (x == e) return true;
        return false;
    }

    boolean expectArgument(Vocabulary.Param p, Type actual, Expr value) {
        if (isEntity(p.type(), "credential") && value instanceof Expr.StringLit s) {
            literalSecret(s);
            return false;
        }
        return expectType(p.type(), actual, value, "`" + p.name() + "`");
    }

    void literalSecret(Expr.StringLit s) {
        report(Code.LITERAL_SECRET, s.span(), "a credential is expected here, not a string written in the file",
                "declare param NAME = credential \"USER\"; the password comes from the inventory or the environment, never the file");
    }

    String signature(Vocabulary.Callable verb) {
        StringBuilder out = new StringBuilder(verb.name());
        for (Vocabulary.Param p : verb.params()) {
            // an argument with a default may be left out: [standbyPort STANDBYPORT], [DB]
            String part = (p.keyword() != null ? p.keyword() + " " : "") + p.name().toUpperCase(java.util.Locale.ROOT);
            out.append(' ').append(p.decl().defaultValue() != null ? "[" + part + "]" : part);
        }
        return out.toString();
    }
}
