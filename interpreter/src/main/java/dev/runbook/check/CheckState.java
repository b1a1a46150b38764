package dev.runbook.check;

import dev.runbook.ast.Expr;
import dev.runbook.ast.Item;
import dev.runbook.ast.RunbookFile;
import dev.runbook.source.Code;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.Source;
import dev.runbook.source.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of one check, shared by the parts of the checker: the findings, the vocabulary being
 * built, the used runbooks, and how a finding is reported. The checker is split by concern into a
 * chain of classes, each adding one concern to the ones before it: {@link Declarations} (modules and
 * their declarations), {@link Expressions} (names and types), {@link Placement} (where a verb runs),
 * {@link Calls} (arguments of verbs, built-ins and sub-runbooks), {@link Statements}, {@link Steps}
 * (a runbook: parameters, header, steps) and {@link Modules} (a module's verbs and entities).
 */
abstract class CheckState {

    /** Findings that a module which failed to load would cause anyway. */
    static final Set<Code> CASCADES = Set.of(Code.UNKNOWN_NAME, Code.UNKNOWN_VERB, Code.UNKNOWN_FIELD,
            Code.UNKNOWN_VALUE, Code.UNKNOWN_TYPE, Code.TYPE_MISMATCH, Code.ARITY, Code.MISSING_ARGUMENT, Code.NOT_A_CONDITION);

    final Library library;
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
    List<Item.UseItem> currentUses = List.of();

    CheckState(Library library, Source source) {
        this.library = library;
        this.source = source;
    }

    record Declared(RunbookFile file, Source source) {}

    record UsedRunbook(RunbookFile file, Source source) {}

    /** Runs a check for what it learns (types), dropping its findings, marks of use and annotations. */
    void silently(Runnable check) {
        silently(check, false);
    }

    /** Runs a check dropping its findings and marks of use; its release annotations too unless kept. */
    void silently(Runnable check, boolean keepAnnotations) {
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

    /** Where statements run: the host (and database, if {@code on DB:}) of the enclosing {@code on}. */
    record Context(Place host, Place database, Expr target) {}

    /** Where something is, as far as the checker can tell: a literal host, a symbolic path, or unknown. */
    record Place(String literal, String symbol) {
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

    /** The context of the expression being typed, for `${here}` inside strings. */
    Context currentContext;

    /** Types something already reported on once (a verb's placement after its arguments). */
    Type quietly(java.util.function.Supplier<Type> typing) {
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
