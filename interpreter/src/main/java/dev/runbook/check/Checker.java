package dev.runbook.check;

import dev.runbook.ast.Expr;
import dev.runbook.ast.Header;
import dev.runbook.ast.HeaderClause;
import dev.runbook.ast.Item;
import dev.runbook.ast.Name;
import dev.runbook.ast.RunbookFile;
import dev.runbook.ast.StepNumber;
import dev.runbook.ast.Stmt;
import dev.runbook.ast.TypeRef;
import dev.runbook.ast.VerbClause;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.Parser;
import dev.runbook.source.Code;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.DiagnosticRenderer;
import dev.runbook.source.Source;
import dev.runbook.source.Span;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Name resolution, types and host placement for one file, against the vocabulary of the modules it
 * uses. Never throws on bad input: every problem is a {@link Diagnostic}.
 */
public final class Checker {

    private final Library library;

    public Checker(Library library) {
        this.library = library;
    }

    public CheckResult check(Source source) {
        return check(Parser.parse(source));
    }

    public CheckResult check(ParseResult parsed) {
        Run run = new Run(parsed.source());
        run.diagnostics.addAll(parsed.diagnostics());
        try {
            run.checkFile(parsed.file());
        } catch (RuntimeException e) {
            // a bug of ours must still reach the user as a finding with a place, never as a stack trace
            run.diagnostics.add(Diagnostic.error(Code.INTERNAL, parsed.source(), Span.NONE,
                    "internal error while checking: " + e).withHint("please report this with the file; run with --debug for details"));
            if (Boolean.getBoolean("runbook.debug")) throw e;
        }
        List<Diagnostic> sorted = new ArrayList<>(run.diagnostics);
        sorted.sort(DiagnosticRenderer.ORDER);
        java.util.Map<String, CheckResult.UsedRunbook> used = new java.util.HashMap<>();
        run.runbooks.forEach((name, r) -> used.put(name, new CheckResult.UsedRunbook(r.file(), r.source())));
        return new CheckResult(parsed.source(), parsed.file(), sorted, run.vocabulary, run.resolutions, used);
    }

    /** Findings that a module which failed to load would cause anyway. */
    private static final Set<Code> CASCADES = Set.of(Code.UNKNOWN_NAME, Code.UNKNOWN_VERB, Code.UNKNOWN_FIELD,
            Code.UNKNOWN_VALUE, Code.UNKNOWN_TYPE, Code.TYPE_MISMATCH, Code.ARITY, Code.MISSING_ARGUMENT, Code.NOT_A_CONDITION);

    /** The state of one check. */
    private final class Run {
        final Source source;
        final List<Diagnostic> diagnostics = new ArrayList<>();
        final Vocabulary vocabulary = new Vocabulary();
        final List<CheckResult.Resolution> resolutions = new ArrayList<>();
        final Map<String, UsedRunbook> runbooks = new LinkedHashMap<>();
        final Set<String> loading = new HashSet<>();
        /** Files being read, by absolute path, the checked file first: meeting one again is a cycle. */
        final Set<String> openFiles = new HashSet<>();
        Item.UseItem topUse;
        final Set<String> loaded = new HashSet<>();
        final Map<String, Boolean> usedLocalNames = new HashMap<>();
        /** A used module could not be read: unknown names are then its fault, not the file's. */
        boolean vocabularyIncomplete;
        /** Parts of the file were dropped: a parameter used only there would look unused. */
        boolean syntaxErrors;
        Scope fileScope;

        Run(Source source) {
            this.source = source;
        }

        // ------------------------------------------------------------ file

        List<Item.UseItem> currentUses = List.of();

        void checkFile(RunbookFile file) {
            currentUses = file.itemsOf(Item.UseItem.class);
            syntaxErrors = diagnostics.stream().anyMatch(d -> d.code().id().startsWith("E00"));
            Path dir = source.path() == null ? null : source.path().toAbsolutePath().getParent();
            if (source.path() != null) openFiles.add(source.path().toAbsolutePath().normalize().toString());
            List<Declared> modules = new ArrayList<>();
            for (Item.UseItem use : file.itemsOf(Item.UseItem.class)) {
                topUse = use;
                load(use, dir, modules, true);
            }
            if (file.isModule()) modules.add(new Declared(file, source));
            declare(modules, file);

            fileScope = new Scope(null);
            for (Vocabulary.Global g : vocabulary.globals.values()) {
                fileScope.define(new Scope.Binding(g.name(), Scope.Kind.GLOBAL, g.type(), g.item().span(), null));
            }

            if (file.header() == null && !syntaxErrors) {
                if (!file.items().isEmpty() || file.danglingComments().isEmpty()) {
                    Span at = file.items().isEmpty() ? source.span(0, 0) : file.items().get(0).span();
                    report(Code.BAD_HEADER, at, "a file starts with `runbook ID \"title\"` or `module NAME`",
                            "write the header on the first line, e.g. runbook my-procedure \"What it does\"");
                }
            }
            // the engine evaluates the used modules' verbs and the used runbooks too: type them for what the
            // simulation needs to know (which comparisons are of releases); their findings are their own
            silently(() -> {
                for (Declared m : modules) {
                    if (m.file() != file) m.file().itemsOf(Item.VerbItem.class).forEach(this::checkVerbDeclaration);
                }
                for (UsedRunbook used : new java.util.LinkedHashSet<>(runbooks.values())) checkRunbook(used.file());
            }, true);
            if (file.isModule()) {
                checkModule(file);
            } else {
                for (Scope.Binding b : checkRunbook(file)) vocabulary.paramTypes.put(b.name, b.type == null ? Type.UNKNOWN : b.type);
            }
            for (Item.UseItem use : file.itemsOf(Item.UseItem.class)) {
                if (Boolean.FALSE.equals(usedLocalNames.get(use.localName())) && runbooks.containsKey(use.localName())) {
                    report(Code.UNUSED_USE, use.span(), "runbook `" + use.dottedPath() + "` is used but never run",
                            "remove the `use` line, or `run " + use.localName() + "(...)` it in a step");
                }
            }
        }

        private record Declared(RunbookFile file, Source source) {}

        private record UsedRunbook(RunbookFile file, Source source) {}

        private void load(Item.UseItem use, Path dir, List<Declared> modules, boolean fromCheckedFile) {
            String name = use.dottedPath();
            if (loaded.contains(name)) return;
            if (!loading.add(name)) {
                if (fromCheckedFile) report(Code.CYCLIC_USE, use.span(), "`" + name + "` uses itself through other modules",
                        "break the cycle: move what both need into a third module");
                return;
            }
            try {
                Optional<Library.Found> found = library.find(name, dir);
                if (found.isEmpty()) {
                    vocabularyIncomplete = true;
                    if (fromCheckedFile) {
                        report(Code.UNKNOWN_MODULE, use.span(), "no module or runbook `" + name + "`",
                                "looked for " + name.replace('.', '/') + ".rbk in " + String.join(", ", library.searchPath(dir))
                                        + "; add --lib DIR if it lives elsewhere");
                    }
                    return;
                }
                Library.Found f = found.get();
                String key = f.source().path() == null ? f.source().name() : f.source().path().toAbsolutePath().normalize().toString();
                if (openFiles.contains(key)) {
                    report(Code.CYCLIC_USE, topUse.span(), "`" + topUse.dottedPath() + "` leads back to "
                            + (f.source().path() != null && key.equals(openFiles.iterator().next()) ? "this file" : "`" + name + "`")
                            + ": modules use each other in a cycle", "move what both need into a third module");
                    return;
                }
                if (fromCheckedFile) resolutions.add(new CheckResult.Resolution(name, f.where()));
                ParseResult parsed = library.parsed(f.source());
                if (parsed.hasErrors()) {
                    vocabularyIncomplete = true;
                    if (fromCheckedFile) {
                        report(Code.UNKNOWN_MODULE, use.span(), "`" + name + "` (" + f.where() + ") has syntax errors",
                                "run `runbook check` on it");
                    }
                    return;
                }
                RunbookFile used = parsed.file();
                openFiles.add(key);
                Path usedDir = f.source().path() == null ? null : f.source().path().toAbsolutePath().getParent();
                for (Item.UseItem inner : used.itemsOf(Item.UseItem.class)) load(inner, usedDir, modules, false);
                if (used.isModule()) {
                    modules.add(new Declared(used, f.source()));
                } else if (fromCheckedFile) {
                    runbooks.put(use.localName(), new UsedRunbook(used, f.source()));
                    runbooks.putIfAbsent(use.dottedPath(), runbooks.get(use.localName()));
                    usedLocalNames.put(use.localName(), false);
                }
                loaded.add(name);
            } catch (IOException e) {
                if (fromCheckedFile) report(Code.UNKNOWN_MODULE, use.span(), "cannot read `" + name + "`: " + e.getMessage(), null);
            } finally {
                loading.remove(name);
            }
        }

        // ------------------------------------------------------------ declarations

        /** Registers the declarations of every module in passes, so declarations may refer to each other. */
        private void declare(List<Declared> modules, RunbookFile checked) {
            for (Declared m : modules) {
                boolean own = m.file() == checked;
                for (Item.TypeItem t : m.file().itemsOf(Item.TypeItem.class)) {
                    List<String> values = t.values().stream().map(Name::text).toList();
                    if (own) {
                        if (vocabulary.enums.containsKey(t.name().text()) || vocabulary.entities.containsKey(t.name().text())) {
                            report(Code.DUPLICATE_NAME, t.name().span(), "type `" + t.name().text() + "` is declared twice", null);
                        }
                        Set<String> seen = new HashSet<>();
                        for (Name v : t.values()) {
                            if (!seen.add(v.text())) report(Code.DUPLICATE_NAME, v.span(), "`" + v.text() + "` is listed twice", null);
                        }
                    }
                    vocabulary.enums.putIfAbsent(t.name().text(), new Type.Enum(t.name().text(), values));
                }
                for (Item.EntityItem e : m.file().itemsOf(Item.EntityItem.class)) {
                    if (own && vocabulary.enums.containsKey(e.name().text())) {
                        report(Code.DUPLICATE_NAME, e.name().span(), "`" + e.name().text() + "` is already a type", null);
                    }
                    vocabulary.entities.putIfAbsent(e.name().text(), new Type.Entity(e.name().text(), new LinkedHashMap<>()));
                }
            }
            for (Declared m : modules) {
                boolean own = m.file() == checked;
                for (Item.EntityItem e : m.file().itemsOf(Item.EntityItem.class)) {
                    Map<String, Type> fields = vocabulary.entities.get(e.name().text()).fields();
                    for (Item.FieldDecl f : e.fields()) {
                        Type type = resolveType(f.type(), own);
                        if (fields.containsKey(f.name().text()) && own) {
                            report(Code.DUPLICATE_NAME, f.name().span(), "field `" + f.name().text() + "` is declared twice", null);
                        }
                        fields.putIfAbsent(f.name().text(), type);
                        if (f.defaultValue() != null) {
                            vocabulary.fieldDefaults.computeIfAbsent(e.name().text(), k -> new LinkedHashMap<>())
                                    .putIfAbsent(f.name().text(), f.defaultValue());
                        }
                    }
                }
                for (Item.ParamItem p : m.file().itemsOf(Item.ParamItem.class)) {
                    if (p.type() == null) {
                        if (own) report(Code.BAD_DECLARATION, p.span(), "a module's `param` declares a model-wide value and needs a type",
                                "write param " + p.name().text() + ": ENTITY");
                        continue;
                    }
                    vocabulary.globals.putIfAbsent(p.name().text(),
                            new Vocabulary.Global(p.name().text(), resolveType(p.type(), own), p, m.source()));
                }
            }
            for (Declared m : modules) {
                boolean own = m.file() == checked;
                for (Item.VerbItem v : m.file().itemsOf(Item.VerbItem.class)) {
                    List<Vocabulary.Param> params = new ArrayList<>();
                    Set<String> names = new HashSet<>();
                    for (Item.SigParam p : v.params()) {
                        if (!names.add(p.name().text()) && own) {
                            report(Code.DUPLICATE_NAME, p.name().span(), "parameter `" + p.name().text() + "` is declared twice", null);
                        }
                        params.add(new Vocabulary.Param(p, p.keyword() == null ? null : p.keyword().text(), p.name().text(),
                                resolveType(p.type(), own)));
                    }
                    Type result = v.result() == null ? null : resolveType(v.result(), own);
                    Vocabulary.Callable callable = new Vocabulary.Callable(v, m.source(), params, result);
                    Map<String, Vocabulary.Callable> table = switch (v.kind()) {
                        case VERB -> vocabulary.verbs;
                        case QUERY -> vocabulary.queries;
                        case BUILTIN -> vocabulary.builtins;
                    };
                    if (table.containsKey(v.name().text())) {
                        if (own) report(Code.DUPLICATE_NAME, v.name().span(), "`" + v.name().text() + "` is declared twice",
                                "an earlier declaration is in " + table.get(v.name().text()).source().name());
                        continue;
                    }
                    table.put(v.name().text(), callable);
                }
            }
        }

        Type resolveType(TypeRef ref, boolean report) {
            if (ref instanceof TypeRef.ListType l) {
                Type element = resolveType(l.element(), report);
                return Type.isUnknown(element) ? Type.UNKNOWN : new Type.ListOf(element);
            }
            Name name = ((TypeRef.NamedType) ref).name();
            Type t = switch (name.text()) {
                case "string" -> Type.Prim.STRING;
                case "number" -> Type.Prim.NUMBER;
                case "duration" -> Type.Prim.DURATION;
                case "bool" -> Type.Prim.BOOL;
                case "release" -> Type.Prim.RELEASE;
                default -> {
                    Type e = vocabulary.entities.get(name.text());
                    yield e != null ? e : vocabulary.enums.get(name.text());
                }
            };
            if (t == null) {
                if (report) {
                    List<String> known = new ArrayList<>(List.of("string", "number", "duration", "bool", "release"));
                    known.addAll(vocabulary.entities.keySet());
                    known.addAll(vocabulary.enums.keySet());
                    report(Code.UNKNOWN_TYPE, name.span(), "unknown type `" + name.text() + "`",
                            Optional.ofNullable(Suggest.hint(name.text(), known)).orElse("the types are " + String.join(", ", known)));
                }
                return Type.UNKNOWN;
            }
            return t;
        }

        // ------------------------------------------------------------ modules

        private void checkModule(RunbookFile file) {
            for (Item.EntityItem e : file.itemsOf(Item.EntityItem.class)) {
                Type.Entity entity = vocabulary.entities.get(e.name().text());
                for (Item.FieldDecl f : e.fields()) {
                    if (f.defaultValue() == null) continue;
                    Type type = entity.fields().get(f.name().text());
                    Expr value = f.defaultValue();
                    boolean literal = value instanceof Expr.StringLit || value instanceof Expr.NumberLit
                            || value instanceof Expr.BoolLit || value instanceof Expr.DurationLit
                            || (value instanceof Expr.PathExpr p && p.names().size() == 1);
                    if (!literal) {
                        report(Code.BAD_DECLARATION, value.span(), "a field's default is a literal or a state name", null);
                        continue;
                    }
                    expectType(type, typeOf(value, new Scope(null), type, null), value, "the default of `" + f.name().text() + "`");
                }
            }
            for (Item item : file.items()) {
                if (item instanceof Item.StepItem s) {
                    report(Code.NOT_IN_MODULE, s.span(), "a module declares verbs and the model; it has no steps",
                        "put steps in a runbook that uses this module");
                } else if (item instanceof Item.ExpectItem e) {
                    report(Code.NOT_IN_MODULE, e.span(), "a module has no expectations",
                        "put `expect` lines in a runbook");
                } else if (item instanceof Item.VerbItem v) {
                    checkVerbDeclaration(v);
                }
            }
        }

        private void checkVerbDeclaration(Item.VerbItem v) {
            Scope scope = new Scope(fileScope);
            Vocabulary.Callable callable = switch (v.kind()) {
                case VERB -> vocabulary.verbs.get(v.name().text());
                case QUERY -> vocabulary.queries.get(v.name().text());
                case BUILTIN -> vocabulary.builtins.get(v.name().text());
            };
            if (callable == null || callable.item() != v) return; // a duplicate, already reported
            for (Vocabulary.Param p : callable.params()) {
                scope.define(new Scope.Binding(p.name(), Scope.Kind.VERB_PARAM, p.type(), p.decl().name().span(), null));
                if (p.decl().defaultValue() != null && !(p.decl().defaultValue() instanceof Expr.HereLit)) {
                    expectType(p.type(), typeOf(p.decl().defaultValue(), scope, p.type(), null), p.decl().defaultValue(), "the default");
                }
            }
            if (v.kind() == Item.VerbKind.BUILTIN && vocabulary.entities.get("database") != null && scope.lookup("connected") == null) {
                // a built-in runs in the database of the enclosing `on DATABASE:`: its declaration calls it `connected`
                Scope.Binding connected = new Scope.Binding("connected", Scope.Kind.VERB_PARAM, vocabulary.entities.get("database"),
                        v.name().span(), null);
                connected.used = true;
                scope.define(connected);
            }
            if (v.kind() == Item.VerbKind.QUERY && v.result() == null) {
                report(Code.BAD_DECLARATION, v.name().span(), "a query needs a result type", "write query " + v.name().text() + " (...) -> TYPE:");
            }
            int actions = 0;
            boolean hasModel = false;
            boolean sqlNeedsDatabase = false;
            boolean placedOnDatabase = false;
            for (VerbClause clause : v.clauses()) {
                if (clause instanceof VerbClause.RunsClause r) {
                    actions++;
                    typeOf(r.command(), scope, null, null);
                } else if (clause instanceof VerbClause.SqlClause s) {
                    actions++;
                    sqlNeedsDatabase = true;
                    typeOf(s.sql(), scope, null, null);
                } else if (clause instanceof VerbClause.ManualClause m) {
                    actions++;
                    typeOf(m.instruction(), scope, null, null);
                } else if (clause instanceof VerbClause.PlaceClause p) {
                    Type t = typeOf(p.host(), scope, null, null);
                    if (isEntity(t, "database")) placedOnDatabase = true;
                    else if (!isEntity(t, "host") && !Type.isUnknown(t)) {
                        report(Code.TYPE_MISMATCH, p.host().span(), "`on` names a host or a database, not a " + t.describe(), null);
                    }
                } else if (clause instanceof VerbClause.PromptClause p) {
                    typeOf(p.answer(), scope, null, null);
                } else if (clause instanceof VerbClause.ReadsClause r) {
                    if (v.kind() != Item.VerbKind.QUERY) {
                        report(Code.BAD_DECLARATION, r.span(), "only a query reads its output", "declare it with `query`");
                    }
                    try {
                        java.util.regex.Pattern.compile(r.pattern().value());
                    } catch (java.util.regex.PatternSyntaxException e) {
                        report(Code.BAD_DECLARATION, r.pattern().span(), "`reads` is not a valid regular expression: "
                                + e.getDescription(), null);
                    }
                } else if (clause instanceof VerbClause.ModelClause m) {
                    hasModel = true;
                    Type t = typeOf(m.value(), scope, callable.result(), null);
                    if (callable.result() != null) expectType(callable.result(), t, m.value(), "the model value");
                } else if (clause instanceof VerbClause.RequiresClause r) {
                    expectCondition(r.condition(), scope, null);
                } else if (clause instanceof VerbClause.EffectClause e) {
                    checkEffect(e, scope);
                } else if (clause instanceof VerbClause.DocClause d) {
                    // nothing to check
                } else if (clause instanceof VerbClause.DestructiveClause d) {
                    // nothing to check
                } else if (clause instanceof VerbClause.TakesClause t) {
                    // nothing to check
                }
            }
            if (v.kind() != Item.VerbKind.BUILTIN && actions != 1 && !syntaxErrors) {
                report(Code.BAD_DECLARATION, v.name().span(), actions == 0
                                ? "`" + v.name().text() + "` says neither what it runs nor what the operator does"
                                : "`" + v.name().text() + "` has more than one of runs, sql and manual",
                        "give exactly one of: runs \"COMMAND\", sql \"STATEMENT\", manual \"INSTRUCTION\"");
            }
            if (sqlNeedsDatabase && !placedOnDatabase) {
                report(Code.BAD_DECLARATION, v.name().span(), "`" + v.name().text() + "` runs SQL but does not say on which database",
                        "add `on DB` naming a database parameter");
            }
            if (v.kind() == Item.VerbKind.QUERY && !hasModel) {
                report(Code.BAD_DECLARATION, v.name().span(), "query `" + v.name().text() + "` does not say its value in the model",
                        "add `model EXPRESSION`, e.g. model db.state");
            }
        }

        private void checkEffect(VerbClause.EffectClause e, Scope scope) {
            Expr.PathExpr target = e.target();
            if (target.names().size() < 2) {
                report(Code.BAD_EFFECT, target.span(), "an effect sets a field of the model, such as db.rep",
                        "write effect PARAM.FIELD = VALUE");
                typeOf(e.value(), scope, null, null);
                return;
            }
            if (e.condition() != null) expectCondition(e.condition(), scope, null);
            Type fieldType = typeOf(target, scope, null, null);
            Type valueType = typeOf(e.value(), scope, fieldType, null);
            if (!Type.assignable(fieldType, valueType)) {
                String values = fieldType instanceof Type.Enum en ? ": " + target.dotted() + " is " + String.join(" or ", en.values()) : "";
                report(Code.BAD_EFFECT, e.value().span(), "cannot set " + target.dotted() + " (of type " + fieldType.describe()
                        + ") to a value of type " + valueType.describe() + values, null);
            }
        }

        // ------------------------------------------------------------ runbooks

        /**
         * Checks a runbook twice: first silently, to learn which parameters of no declared type whose
         * default is a plain string are used as releases (passed to a release parameter, compared
         * with a release, ordered with {@code <}); then for real, with those parameters typed
         * {@code release}. Returns the parameters.
         */
        private List<Scope.Binding> checkRunbook(RunbookFile file) {
            Map<String, Span> releases = new HashMap<>();
            silently(() -> {
                for (Scope.Binding b : checkRunbook(file, Map.of())) {
                    if (b.untypedText && b.usedAsRelease != null) releases.put(b.name, b.usedAsRelease);
                }
            });
            return checkRunbook(file, releases);
        }

        /** Runs a check for what it learns (types), dropping its findings, marks of use and annotations. */
        private void silently(Runnable check) {
            silently(check, false);
        }

        /** Runs a check dropping its findings and marks of use; its release annotations too unless kept. */
        private void silently(Runnable check, boolean keepAnnotations) {
            List<Diagnostic> savedDiagnostics = new ArrayList<>(diagnostics);
            Map<String, Boolean> savedUses = new HashMap<>(usedLocalNames);
            Set<Expr.BinaryExpr> savedComparisons = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            savedComparisons.addAll(vocabulary.releaseComparisons);
            try {
                check.run();
            } finally {
                diagnostics.clear();
                diagnostics.addAll(savedDiagnostics);
                usedLocalNames.clear();
                usedLocalNames.putAll(savedUses);
                if (!keepAnnotations) {
                    vocabulary.releaseComparisons.clear();
                    vocabulary.releaseComparisons.addAll(savedComparisons);
                }
            }
        }

        private List<Scope.Binding> checkRunbook(RunbookFile file, Map<String, Span> releaseParams) {
            Scope scope = new Scope(fileScope);
            List<Scope.Binding> params = new ArrayList<>();
            for (Item.ParamItem p : file.itemsOf(Item.ParamItem.class)) {
                Type declared = p.type() == null ? null : resolveType(p.type(), true);
                boolean untypedText = p.type() == null && p.defaultValue() instanceof Expr.StringLit lit && lit.isPlain();
                boolean release = untypedText && releaseParams.containsKey(p.name().text());
                Type actual;
                if (release && !Releases.isRelease(((Expr.StringLit) p.defaultValue()).value())) {
                    report(Code.TYPE_MISMATCH, p.defaultValue().span(), "`" + p.name().text() + "` is used as a release (line "
                                    + releaseParams.get(p.name().text()).line() + "), but its default is not one",
                            "a release is numbers separated by dots, e.g. \"22.1.1.2\" or \"18.1\"");
                    actual = Type.Prim.RELEASE;
                } else {
                    actual = p.defaultValue() == null ? null : typeOf(p.defaultValue(), scope, release ? Type.Prim.RELEASE : declared, null);
                }
                boolean literalSecret = declared != null && isEntity(declared, "credential") && p.defaultValue() instanceof Expr.StringLit;
                if (p.defaultValue() != null && declared != null && !literalSecret) {
                    expectType(declared, actual, p.defaultValue(), "the default");
                }
                if (declared == null && actual == null && !syntaxErrors) {
                    report(Code.TYPE_MISMATCH, p.name().span(), "parameter `" + p.name().text() + "` has neither a type nor a default",
                            "write param " + p.name().text() + ": TYPE, or give it a default value");
                }
                Type type = declared != null ? declared : actual;
                if (declared != null && isEntity(declared, "credential") && p.defaultValue() instanceof Expr.StringLit s) {
                    literalSecret(s);
                }
                if (scope.lookupHere(p.name().text()) != null) {
                    report(Code.DUPLICATE_NAME, p.name().span(), "parameter `" + p.name().text() + "` is declared twice", null);
                    continue;
                }
                if (vocabulary.globals.containsKey(p.name().text())) {
                    report(Code.SHADOWED_NAME, p.name().span(), "parameter `" + p.name().text()
                            + "` hides the model's `" + p.name().text() + "`", "rename the parameter");
                }
                Scope.Binding b = new Scope.Binding(p.name().text(), Scope.Kind.PARAM, type, p.name().span(), p.defaultValue());
                b.untypedText = untypedText && !release;
                scope.define(b);
                params.add(b);
            }
            if (file.header() instanceof Header.RunbookHeader h) {
                for (HeaderClause c : h.clauses()) {
                    if (c instanceof HeaderClause.RequireClause r) expectCondition(r.condition(), scope, null);
                }
                checkOnlineTarget(h);
            }
            StepNumber previous = null;
            Map<String, Span> seen = new HashMap<>();
            for (Item item : file.items()) {
                if (item instanceof Item.StepItem s) {
                    previous = checkStepNumber(s.number(), previous, seen);
                    if (s.title() != null) typeOf(s.title(), scope, null, null); // "Stop ${standby.name}"
                    checkBody(s.body(), scope, null);
                } else if (item instanceof Item.ExpectItem e) {
                    expectCondition(e.condition(), scope, null);
                } else if (item instanceof Item.VerbItem v) {
                    report(Code.NOT_IN_RUNBOOK, v.name().span(),
                        "verbs are declared in a module, not in a runbook", "move it to a module file and `use` that module");
                } else if (item instanceof Item.EntityItem e) {
                    report(Code.NOT_IN_RUNBOOK, e.name().span(),
                        "the model's vocabulary is declared in a module, not in a runbook", "move it to a module file and `use` that module");
                } else if (item instanceof Item.TypeItem t) {
                    report(Code.NOT_IN_RUNBOOK, t.name().span(),
                        "the model's vocabulary is declared in a module, not in a runbook", "move it to a module file and `use` that module");
                }
            }
            for (Scope.Binding b : params) {
                if (!b.used && !syntaxErrors) {
                    report(Code.UNUSED_PARAM, b.declared, "parameter `" + b.name + "` is never used",
                            "remove it, or use it in a step");
                }
            }
            return params;
        }

        /**
         * An online runbook promises the applications a writable database throughout: the model can only
         * check that promise if the header names where they write (`require apps.target == active`).
         */
        private void checkOnlineTarget(Header.RunbookHeader h) {
            HeaderClause.OnlineClause online = null;
            for (HeaderClause c : h.clauses()) if (c instanceof HeaderClause.OnlineClause o) online = o;
            if (online == null) return;
            List<String> applications = new ArrayList<>();
            for (Vocabulary.Global g : vocabulary.globals.values()) {
                if (g.type() instanceof Type.Entity e && e.fields().containsKey("target")) applications.add(g.name());
            }
            if (applications.isEmpty()) return; // no module declares the applications: nothing to name
            for (HeaderClause c : h.clauses()) {
                if (c instanceof HeaderClause.RequireClause r && namesTarget(r.condition(), applications)) return;
            }
            String apps = applications.get(0);
            report(Code.ONLINE_WITHOUT_TARGET, online.span(), "an online runbook must say where the applications write when it starts",
                    "add `require " + apps + ".target == DATABASE` to the header, naming the database that takes their writes"
                            + " (usually the active master)");
        }

        /** Whether a condition, or one of the conditions it joins with `and`, is `APPS.target == X`. */
        private boolean namesTarget(Expr condition, List<String> applications) {
            if (!(condition instanceof Expr.BinaryExpr b)) return false;
            if (b.op() == Expr.BinaryOp.AND) return namesTarget(b.left(), applications) || namesTarget(b.right(), applications);
            return b.op() == Expr.BinaryOp.EQ && (isTarget(b.left(), applications) || isTarget(b.right(), applications));
        }

        private static boolean isTarget(Expr e, List<String> applications) {
            return e instanceof Expr.PathExpr p && p.names().size() == 2 && applications.contains(p.head().text())
                    && p.names().get(1).text().equals("target");
        }

        private StepNumber checkStepNumber(StepNumber number, StepNumber previous, Map<String, Span> seen) {
            Span earlier = seen.putIfAbsent(number.text(), number.span());
            if (earlier != null) {
                report(Code.DUPLICATE_STEP, number.span(), "step " + number.text() + " is numbered twice",
                        "the first is on line " + earlier.line() + "; number an inserted step " + number.first().text() + "a, "
                                + number.first().text() + "b, ...");
                return previous;
            }
            if (number.last().compareTo(number.first()) < 0) {
                report(Code.DECREASING_STEP, number.span(), "step range " + number.text() + " runs backwards", "write the lower number first");
                return previous;
            }
            if (previous != null && number.first().compareTo(previous.last()) <= 0) {
                report(Code.DECREASING_STEP, number.span(), "step " + number.text() + " comes after step " + previous.text(),
                        "steps follow the document's order; number an inserted step like " + previous.last().text() + "a");
            }
            return number;
        }

        // ------------------------------------------------------------ statements

        /** Where statements run: the host (and database, if {@code on DB:}) of the enclosing {@code on}. */
        private record Context(Place host, Place database, Expr target) {}

        private void checkBody(List<Stmt> body, Scope scope, Context context) {
            for (Stmt s : body) checkStmt(s, scope, context);
        }

        private void checkStmt(Stmt stmt, Scope scope, Context context) {
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

        private void checkCall(Stmt.CallStmt call, Scope scope, Context context) {
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

        private void checkRun(Stmt.RunStmt run, Scope scope, Context context) {
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
        private Type paramType(Item.ParamItem p) {
            if (p.type() != null) return resolveType(p.type(), false);
            if (p.defaultValue() == null) return Type.UNKNOWN;
            List<Diagnostic> saved = new ArrayList<>(diagnostics);
            Type t = typeOf(p.defaultValue(), new Scope(fileScope), null, null);
            diagnostics.clear();
            diagnostics.addAll(saved);
            return t;
        }

        private void checkVerbCall(Stmt.VerbStmt call, Scope scope, Context context) {
            String name = call.verb().text();
            Vocabulary.Callable verb = vocabulary.verbs.get(name);
            if (verb == null) {
                for (Expr a : call.args()) typeOf(a, scope, null, context);
                if (vocabulary.queries.containsKey(name)) {
                    report(Code.UNKNOWN_VERB, call.verb().span(), "`" + name + "` is a query: it has a value but does nothing",
                            "use it in a condition: expect " + name + " ... == VALUE, or wait " + name + " ... == VALUE timeout T");
                    return;
                }
                List<String> known = new ArrayList<>(vocabulary.verbs.keySet());
                String hint = Suggest.hint(name, known);
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
        private Map<String, Expr> bindArguments(Vocabulary.Callable verb, List<Expr> args, Span callSpan, Scope scope, Context context) {
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

        private static boolean containsIdentical(List<Expr> list, Expr e) {
            for (Expr x : list) if (x == e) return true;
            return false;
        }

        private boolean expectArgument(Vocabulary.Param p, Type actual, Expr value) {
            if (isEntity(p.type(), "credential") && value instanceof Expr.StringLit s) {
                literalSecret(s);
                return false;
            }
            return expectType(p.type(), actual, value, "`" + p.name() + "`");
        }

        private void literalSecret(Expr.StringLit s) {
            report(Code.LITERAL_SECRET, s.span(), "a credential is expected here, not a string written in the file",
                    "declare param NAME = credential \"USER\"; the password comes from the inventory or the environment, never the file");
        }

        private String signature(Vocabulary.Callable verb) {
            StringBuilder out = new StringBuilder(verb.name());
            for (Vocabulary.Param p : verb.params()) {
                out.append(' ');
                if (p.keyword() != null) out.append(p.keyword()).append(' ');
                out.append(p.decl().defaultValue() != null ? "[" + p.name() + "]" : p.name().toUpperCase(java.util.Locale.ROOT));
            }
            return out.toString();
        }

        /** A verb declared {@code on X} must run where X is; inside {@code on HOST:} that is checked here. */
        private void checkPlacement(Vocabulary.Callable verb, Map<String, Expr> bound, Stmt.VerbStmt call, Scope scope, Context context) {
            for (Vocabulary.Param p : verb.params()) {
                if (!bound.containsKey(p.name()) && p.decl().defaultValue() instanceof Expr.HereLit && context == null) {
                    report(Code.NO_HOST, call.span(), "`" + verb.name() + "` runs on the current host, but no `on HOST:` encloses it",
                            "write it inside on HOST:, or give " + (p.keyword() == null ? p.name() : p.keyword() + " HOST"));
                }
            }
            List<VerbClause.PlaceClause> places = verb.item().clausesOf(VerbClause.PlaceClause.class);
            if (places.isEmpty() || context == null) return;
            Expr declared = places.get(0).host();
            Expr substituted = substitute(declared, bound);
            if (substituted == null) return;
            Type t = quietly(() -> typeOf(substituted, scope, null, context));
            Place required = isEntity(t, "database") ? hostPlace(substituted, scope) : place(substituted, scope);
            if (isEntity(t, "database") && context.database() != null) {
                Place db = place(substituted, scope);
                if (db.differsFrom(context.database())) {
                    report(Code.WRONG_HOST, call.verb().span(), "`" + verb.name() + "` runs in " + describe(substituted)
                                    + ", but this block is connected to " + describe(context.target()),
                            "write it under on " + describe(substituted) + ":");
                    return;
                }
            }
            if (required.differsFrom(context.host())) {
                report(Code.WRONG_HOST, call.verb().span(), "`" + verb.name() + "` runs on " + required.describe()
                                + ", but this block runs on " + context.host().describe(),
                        "move it under on " + required.describe() + ":");
            }
        }

        /** The verb's placement with its parameters replaced by the call's arguments; null if unknown. */
        private Expr substitute(Expr declared, Map<String, Expr> bound) {
            if (declared instanceof Expr.PathExpr p) {
                Expr arg = bound.get(p.head().text());
                if (arg == null) return null;
                if (p.names().size() == 1) return arg;
                if (arg instanceof Expr.PathExpr a) {
                    List<Name> names = new ArrayList<>(a.names());
                    names.addAll(p.names().subList(1, p.names().size()));
                    return new Expr.PathExpr(a.span(), names);
                }
            }
            return null;
        }

        private String describe(Expr e) {
            if (e instanceof Expr.PathExpr p) return p.dotted();
            if (e instanceof Expr.StringLit s) return "\"" + s.value() + "\"";
            return "that";
        }

        // ------------------------------------------------------------ places

        /** Where something is, as far as the checker can tell: a literal host, a symbolic path, or unknown. */
        private record Place(String literal, String symbol) {
            static final Place UNKNOWN = new Place(null, null);

            boolean differsFrom(Place other) {
                if (other == null) return false;
                if (literal != null && other.literal != null) return !literal.equals(other.literal);
                if (literal == null && other.literal == null && symbol != null && other.symbol != null) {
                    return !symbol.equals(other.symbol);
                }
                return false;
            }

            String describe() {
                return literal != null ? "\"" + literal + "\"" : symbol != null ? symbol : "another host";
            }
        }

        /** The place an expression denotes (a host, or a database's identity). */
        private Place place(Expr e, Scope scope) {
            if (e instanceof Expr.StringLit s && s.isPlain()) return new Place(s.value(), null);
            if (e instanceof Expr.QueryExpr q && q.name().text().equals("host") && q.args().size() == 1
                    && q.args().get(0) instanceof Expr.StringLit s && s.isPlain()) {
                return new Place(s.value(), null);
            }
            if (e instanceof Expr.PathExpr p) {
                Scope.Binding b = scope.lookup(p.head().text());
                if (b == null) return Place.UNKNOWN;
                if (p.names().size() == 1) {
                    if (b.value != null && b.kind == Scope.Kind.PARAM && !(b.value instanceof Expr.PlacedExpr)) {
                        return place(b.value, scope);
                    }
                    return new Place(null, p.dotted());
                }
                if (p.names().size() == 2 && p.names().get(1).text().equals("host")) {
                    if (b.value instanceof Expr.PlacedExpr placed) return place(placed.host(), scope);
                    return new Place(null, p.dotted());
                }
                return new Place(null, p.dotted());
            }
            return Place.UNKNOWN;
        }

        private Place hostPlace(Expr database, Scope scope) {
            if (database instanceof Expr.PathExpr p) {
                List<Name> names = new ArrayList<>(p.names());
                names.add(new Name(p.span(), "host"));
                return place(new Expr.PathExpr(p.span(), names), scope);
            }
            return Place.UNKNOWN;
        }

        // ------------------------------------------------------------ expressions

        private void expectCondition(Expr e, Scope scope, Context context) {
            Type t = typeOf(e, scope, Type.Prim.BOOL, context);
            if (!isCondition(t)) {
                report(Code.NOT_A_CONDITION, e.span(), "this is a " + t.describe() + ", not a condition",
                        "compare it: e.g. state db == ACTIVE");
            }
        }

        private boolean expectType(Type expected, Type actual, Expr at, String what) {
            if (expected == null || actual == null || Type.assignable(expected, actual)) return true;
            if (expected instanceof Type.ListOf l && Type.assignable(l.element(), actual)) {
                report(Code.TYPE_MISMATCH, at.span(), what + " must be a list of " + l.element().describe(),
                        "write [" + describeShort(at) + "]");
                return false;
            }
            report(Code.TYPE_MISMATCH, at.span(), what + " must be a " + expected.describe() + ", not a " + actual.describe(),
                    typeHint(expected));
            return false;
        }

        private String describeShort(Expr e) {
            return e instanceof Expr.PathExpr p ? p.dotted() : "...";
        }

        private String typeHint(Type expected) {
            if (isEntity(expected, "database")) return "a database is written NAME on \"HOST\", or is a database parameter";
            if (isEntity(expected, "host")) return "a host is written host \"NAME\", or DB.host";
            if (isEntity(expected, "credential")) return "a credential is written credential \"USER\"";
            if (expected == Type.Prim.DURATION) return "a duration has a unit: 30s, 10m, 2h";
            if (expected instanceof Type.Enum en) return en.name() + " is one of " + String.join(", ", en.values());
            return null;
        }

        /** A bool, or a [bool] from comparing every element of a list (`release of subscribers == release`). */
        private boolean isCondition(Type t) {
            return t == Type.Prim.BOOL || Type.isUnknown(t) || (t instanceof Type.ListOf l && l.element() == Type.Prim.BOOL);
        }

        private boolean isEntity(Type t, String name) {
            return t instanceof Type.Entity e && e.name().equals(name);
        }

        /**
         * The type of an expression. {@code expected} lets a bare state name ({@code ACTIVE}) be read
         * as a value of the expected enumeration. Reports unknown names and fields.
         */
        /** The context of the expression being typed, for `${here}` inside strings. */
        private Context currentContext;

        Type typeOf(Expr e, Scope scope, Type expected, Context context) {
            currentContext = context;
            if (e instanceof Expr.StringLit s) {
                for (Expr.StringLit.Part part : s.parts()) {
                    if (part instanceof Expr.StringLit.Interpolation i) typeOf(i.path(), scope, null, context);
                }
                if (expected == Type.Prim.RELEASE && s.isPlain()) {
                    // a literal takes its type from where it stands: here, a release
                    if (!Releases.isRelease(s.value())) {
                        report(Code.TYPE_MISMATCH, s.span(), "\"" + s.value() + "\" is not a release",
                                "a release is numbers separated by dots, e.g. \"22.1.1.2\" or \"18.1\"");
                    }
                    return Type.Prim.RELEASE;
                }
                return Type.Prim.STRING;
            } else if (e instanceof Expr.NumberLit n) {
                return Type.Prim.NUMBER;
            } else if (e instanceof Expr.DurationLit d) {
                return Type.Prim.DURATION;
            } else if (e instanceof Expr.BoolLit b) {
                return Type.Prim.BOOL;
            } else if (e instanceof Expr.HereLit h) {
                if (context == null) {
                    report(Code.NO_HOST, h.span(), "`here` is the host of the enclosing `on`, and there is none",
                            "write it inside on HOST:");
                }
                return vocabulary.entities.get("host");
            } else if (e instanceof Expr.ListLit l) {
                Type element = expected instanceof Type.ListOf lt ? lt.element() : null;
                Type first = null;
                for (Expr x : l.elements()) {
                    Type t = typeOf(x, scope, element, context);
                    if (first == null) first = t;
                    else if (!Type.assignable(first, t)) {
                        report(Code.TYPE_MISMATCH, x.span(), "a list holds one kind of value: this is a " + t.describe()
                                + " after a " + first.describe(), null);
                    }
                }
                return first == null ? (expected instanceof Type.ListOf ? expected : new Type.ListOf(Type.UNKNOWN))
                        : new Type.ListOf(first);
            } else if (e instanceof Expr.PathExpr p) {
                return typeOfPath(p, scope, expected);
            } else if (e instanceof Expr.QueryExpr q) {
                return typeOfQuery(q, scope, context);
            } else if (e instanceof Expr.FieldOfExpr f) {
                Type of = typeOf(f.of(), scope, null, context);
                if (of instanceof Type.ListOf l) return new Type.ListOf(field(l.element(), f.field()));
                return field(of, f.field());
            } else if (e instanceof Expr.PlacedExpr p) {
                if (!(p.database() instanceof Expr.PathExpr d && d.names().size() == 1)) {
                    report(Code.TYPE_MISMATCH, p.database().span(), "a database is named by a plain name, e.g. master1 on \"master1host\"", null);
                }
                Type host = typeOf(p.host(), scope, null, context);
                if (host != Type.Prim.STRING && !isEntity(host, "host") && !Type.isUnknown(host)) {
                    report(Code.TYPE_MISMATCH, p.host().span(), "a database is placed on a host name, not a " + host.describe(), null);
                }
                return vocabulary.entities.get("database");
            } else if (e instanceof Expr.NotExpr n) {
                Type t = typeOf(n.operand(), scope, Type.Prim.BOOL, context);
                if (!isCondition(t)) {
                    report(Code.NOT_A_CONDITION, n.operand().span(), "`not` needs a condition, not a " + t.describe(), null);
                }
                return t instanceof Type.ListOf ? t : Type.Prim.BOOL;
            } else if (e instanceof Expr.BinaryExpr b) {
                return typeOfBinary(b, scope, context);
            } else if (e instanceof Expr.QuantifiedExpr q) {
                return typeOfQuantified(q, scope, context);
            }
            throw new IllegalStateException("unreachable");
        }

        /** {@code all x in LIST: COND}: a bool ({@code count}: a number); x is each element, or each entity of a kind. */
        private Type typeOfQuantified(Expr.QuantifiedExpr q, Scope scope, Context context) {
            Type element;
            String kind = entityKind(q.over(), scope);
            if (kind != null) {
                element = vocabulary.entities.get(kind);
            } else {
                Type over = typeOf(q.over(), scope, null, context);
                element = over instanceof Type.ListOf l ? l.element() : Type.UNKNOWN;
                if (!(over instanceof Type.ListOf) && !Type.isUnknown(over)) {
                    report(Code.TYPE_MISMATCH, q.over().span(), "`" + q.quantifier().word() + "` goes over a list or every entity of a kind, not a "
                            + over.describe(), "e.g. " + q.quantifier().word() + " " + q.variable().text() + " in subscribers: ..., or "
                            + q.quantifier().word() + " " + q.variable().text() + " in databases: ...");
                }
            }
            if (scope.lookup(q.variable().text()) != null) {
                report(Code.SHADOWED_NAME, q.variable().span(), "`" + q.variable().text() + "` hides another name", "choose another name");
            }
            Scope inner = new Scope(scope);
            Scope.Binding variable = new Scope.Binding(q.variable().text(), Scope.Kind.LOOP_VARIABLE, element, q.variable().span(), null);
            inner.define(variable);
            expectCondition(q.condition(), inner, context);
            return q.quantifier() == Expr.Quantifier.COUNT ? Type.Prim.NUMBER : Type.Prim.BOOL;
        }

        /**
         * The entity kind a quantifier goes over when its list is a bare name that names no value but a
         * kind of the model, singular or plural ({@code database}, {@code databases}); else null.
         */
        private String entityKind(Expr over, Scope scope) {
            if (!(over instanceof Expr.PathExpr p) || p.names().size() != 1 || scope.lookup(p.head().text()) != null) return null;
            return Quantifiers.entityKind(p.head().text(), vocabulary.entities.keySet());
        }

        /** {@code [standby] + subscribers}: two lists of one kind of value make one. */
        private Type typeOfConcat(Expr.BinaryExpr b, Scope scope, Context context) {
            Type left = typeOf(b.left(), scope, null, context);
            Type right = typeOf(b.right(), scope, left instanceof Type.ListOf ? left : null, context);
            for (Expr side : List.of(b.left(), b.right())) {
                Type t = side == b.left() ? left : right;
                if (!(t instanceof Type.ListOf) && !Type.isUnknown(t)) {
                    report(Code.TYPE_MISMATCH, side.span(), "`+` joins lists, and this is a " + t.describe(),
                            "write [" + describeShort(side) + "] for a list of one");
                    return Type.UNKNOWN;
                }
            }
            if (Type.isUnknown(left)) return right;
            if (Type.isUnknown(right)) return left;
            Type.ListOf l = (Type.ListOf) left;
            Type.ListOf r = (Type.ListOf) right;
            if (Type.isUnknown(l.element())) return r;
            if (Type.isUnknown(r.element()) || Type.assignable(l.element(), r.element())) return l;
            report(Code.TYPE_MISMATCH, b.right().span(), "a list holds one kind of value: this is a list of " + r.element().describe()
                    + " after a list of " + l.element().describe(), null);
            return Type.UNKNOWN;
        }

        private Type typeOfBinary(Expr.BinaryExpr b, Scope scope, Context context) {
            switch (b.op()) {
                case PLUS -> {
                    return typeOfConcat(b, scope, context);
                }
                case AND, OR -> {
                    for (Expr side : List.of(b.left(), b.right())) {
                        Type t = typeOf(side, scope, Type.Prim.BOOL, context);
                        if (!isCondition(t)) {
                            report(Code.NOT_A_CONDITION, side.span(), "`" + b.op().symbol() + "` joins conditions; this is a "
                                    + t.describe(), "compare it: e.g. state db == ACTIVE");
                        }
                    }
                    return Type.Prim.BOOL;
                }
                default -> {
                    boolean ordering = b.op() != Expr.BinaryOp.EQ && b.op() != Expr.BinaryOp.NE;
                    // ordering two texts that have no declared type ("9.1" < "10.1", from < "11.2.1") compares releases
                    Type both = ordering && untypedText(b.left(), scope) && untypedText(b.right(), scope) ? Type.Prim.RELEASE : null;
                    // a bare state name or a literal on the left (`ACTIVE == state db`, `"22.1" == db.major`)
                    // is read against the right side's type
                    boolean rightFirst = b.left() instanceof Expr.PathExpr p && p.names().size() == 1
                            && scope.lookup(p.head().text()) == null
                            || b.left() instanceof Expr.StringLit s && s.isPlain();
                    Type left;
                    Type right;
                    if (both != null) {
                        left = typeOf(b.left(), scope, both, context);
                        right = typeOf(b.right(), scope, both, context);
                    } else if (rightFirst) {
                        right = typeOf(b.right(), scope, null, context);
                        left = typeOf(b.left(), scope, scalar(right), context);
                    } else {
                        left = typeOf(b.left(), scope, null, context);
                        right = typeOf(b.right(), scope, scalar(left), context);
                    }
                    Type leftScalar = scalar(left);
                    Type rightScalar = scalar(right);
                    if (rightScalar == Type.Prim.RELEASE) usedAsRelease(b.left(), scope);
                    if (leftScalar == Type.Prim.RELEASE) usedAsRelease(b.right(), scope);
                    if (leftScalar == Type.Prim.RELEASE || rightScalar == Type.Prim.RELEASE) vocabulary.releaseComparisons.add(b);
                    if (leftScalar == Type.Prim.RELEASE && rightScalar == Type.Prim.STRING
                            || leftScalar == Type.Prim.STRING && rightScalar == Type.Prim.RELEASE) {
                        Expr text = leftScalar == Type.Prim.STRING ? b.left() : b.right();
                        String name = text instanceof Expr.PathExpr p ? "`" + p.dotted() + "`" : "this";
                        report(Code.RELEASE_AS_TEXT, text.span(), "cannot compare a release with a string: " + name
                                        + " is text, and text does not order releases (\"9.1\" would come after \"10.1\")",
                                "make both releases: declare " + (text instanceof Expr.PathExpr ? name : "it")
                                        + " `release` where it is declared, or compare with a literal such as \"22.1\"");
                    } else if (!Type.assignable(leftScalar, rightScalar)) {
                        String values = leftScalar instanceof Type.Enum en ? ": it is one of " + String.join(", ", en.values()) : "";
                        report(rightScalar instanceof Type.Enum || leftScalar instanceof Type.Enum ? Code.UNKNOWN_VALUE : Code.TYPE_MISMATCH,
                                b.right().span(), "cannot compare a " + leftScalar.describe() + " with a " + rightScalar.describe() + values, null);
                    } else if (ordering) {
                        Type t = Type.isUnknown(leftScalar) ? rightScalar : leftScalar;
                        if (!(t == Type.Prim.NUMBER || t == Type.Prim.DURATION || t == Type.Prim.STRING || t == Type.Prim.RELEASE
                                || Type.isUnknown(t))) {
                            report(Code.TYPE_MISMATCH, b.span(), "`" + b.op().symbol() + "` compares numbers, durations or releases, not "
                                    + t.describe() + "s", null);
                        }
                    }
                    if (left instanceof Type.ListOf || right instanceof Type.ListOf) return new Type.ListOf(Type.Prim.BOOL);
                    return Type.Prim.BOOL;
                }
            }
        }

        private static Type scalar(Type t) {
            return t instanceof Type.ListOf l ? l.element() : t;
        }

        /** A plain string literal, or a parameter of no declared type whose default is one. */
        private boolean untypedText(Expr e, Scope scope) {
            if (e instanceof Expr.StringLit s) return s.isPlain();
            if (!(e instanceof Expr.PathExpr p) || p.names().size() != 1) return false;
            Scope.Binding b = scope.lookup(p.head().text());
            return b != null && b.untypedText;
        }

        private void usedAsRelease(Expr e, Scope scope) {
            if (e instanceof Expr.PathExpr p && p.names().size() == 1) {
                Scope.Binding b = scope.lookup(p.head().text());
                if (b != null) usedAsRelease(b, p);
            }
        }

        /** Records the first use of an untyped parameter as a release: that use makes it one. */
        private void usedAsRelease(Scope.Binding b, Expr.PathExpr use) {
            if (b.untypedText && b.usedAsRelease == null) b.usedAsRelease = use.span();
        }

        private Type typeOfPath(Expr.PathExpr p, Scope scope, Type expected) {
            Name head = p.head();
            Scope.Binding b = scope.lookup(head.text());
            if (b == null && head.text().equals("here")) {
                // `${here.name}` in a string: the host of the enclosing `on`
                Type host = typeOf(new Expr.HereLit(head.span()), scope, null, currentContext);
                Type t = host;
                for (Name field : p.names().subList(1, p.names().size())) t = field(t, field);
                return t;
            }
            Type t;
            if (b != null) {
                b.used = true;
                t = b.type == null ? Type.UNKNOWN : b.type;
                if (expected == Type.Prim.RELEASE && p.names().size() == 1) usedAsRelease(b, p);
            } else {
                if (p.names().size() == 1) {
                    if (expected instanceof Type.Enum en) {
                        if (en.values().contains(head.text())) return en;
                        report(Code.UNKNOWN_VALUE, head.span(), "`" + head.text() + "` is not a value of " + en.name(),
                                en.name() + " is one of " + String.join(", ", en.values()));
                        return Type.UNKNOWN;
                    }
                    List<Type.Enum> enums = vocabulary.enumsWithValue(head.text());
                    if (enums.size() == 1) return enums.get(0);
                    if (enums.size() > 1) return Type.UNKNOWN; // ambiguous until compared with something typed
                }
                List<String> candidates = new ArrayList<>(scope.visibleNames());
                for (Type.Enum en : vocabulary.enums.values()) candidates.addAll(en.values());
                report(Code.UNKNOWN_NAME, head.span(), "unknown name `" + head.text() + "`",
                        Optional.ofNullable(Suggest.hint(head.text(), candidates)).orElse(
                                "declare it with `param " + head.text() + " = ...`"));
                return Type.UNKNOWN;
            }
            for (Name field : p.names().subList(1, p.names().size())) {
                t = field(t, field);
                if (Type.isUnknown(t)) return t;
            }
            return t;
        }

        private Type field(Type of, Name field) {
            if (Type.isUnknown(of)) return Type.UNKNOWN;
            if (of instanceof Type.Entity e) {
                Type t = e.fields().get(field.text());
                if (t != null) return t;
                report(Code.UNKNOWN_FIELD, field.span(), e.name() + " has no field `" + field.text() + "`",
                        Optional.ofNullable(Suggest.hint(field.text(), e.fields().keySet())).orElse(
                                e.fields().isEmpty() ? "no module declares the fields of " + e.name() + ": add `use timesten`"
                                        : "its fields are " + String.join(", ", e.fields().keySet())));
                return Type.UNKNOWN;
            }
            if (of instanceof Type.ListOf) {
                report(Code.UNKNOWN_FIELD, field.span(), "a list has no field `" + field.text() + "`",
                        "for every element, write " + field.text() + " of LIST");
                return Type.UNKNOWN;
            }
            report(Code.UNKNOWN_FIELD, field.span(), "a " + of.describe() + " has no fields", null);
            return Type.UNKNOWN;
        }

        private Type typeOfQuery(Expr.QueryExpr q, Scope scope, Context context) {
            String name = q.name().text();
            if (name.equals("credential") || name.equals("host")) {
                if (q.args().size() != 1 || !(q.args().get(0) instanceof Expr.StringLit)) {
                    report(Code.ARITY, q.span(), "write " + name + " \"NAME\"", null);
                } else {
                    typeOf(q.args().get(0), scope, null, context);
                    if (name.equals("credential") && ((Expr.StringLit) q.args().get(0)).value().contains("/")) {
                        report(Code.LITERAL_SECRET, q.args().get(0).span(), "a credential names a user; its password never goes in the file",
                                "write credential \"USER\" and supply the password from the inventory or the environment");
                    }
                }
                return vocabulary.entities.get(name);
            }
            Vocabulary.Callable query = vocabulary.queries.get(name);
            if (query == null) {
                for (Expr a : q.args()) typeOf(a, scope, null, context);
                String hint = Suggest.hint(name, vocabulary.queries.keySet());
                if (vocabulary.verbs.containsKey(name)) {
                    report(Code.UNKNOWN_VERB, q.name().span(), "`" + name + "` is a verb: it does something and has no value",
                            "run it as a statement in a step");
                } else {
                    report(Code.UNKNOWN_VERB, q.name().span(), "unknown query `" + name + "`",
                            hint != null ? hint : "the queries are " + String.join(", ", vocabulary.queries.keySet()));
                }
                return Type.UNKNOWN;
            }
            Map<String, Expr> bound = bindArguments(query, q.args(), q.span(), scope, context);
            return query.result() == null || bound == null ? Type.UNKNOWN : query.result();
        }

        // ------------------------------------------------------------ reporting

        /** Types something already reported on once (a verb's placement after its arguments). */
        private Type quietly(java.util.function.Supplier<Type> typing) {
            int before = diagnostics.size();
            Type t = typing.get();
            while (diagnostics.size() > before) diagnostics.remove(diagnostics.size() - 1);
            return t;
        }

        void report(Code code, Span span, String message, String hint) {
            if (vocabularyIncomplete && CASCADES.contains(code)) return;
            Diagnostic d = Diagnostic.of(code, source, span, message);
            diagnostics.add(hint == null ? d : d.withHint(hint));
        }
    }
}
