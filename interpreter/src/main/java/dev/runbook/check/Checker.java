package dev.runbook.check;

import dev.runbook.ast.Item;
import dev.runbook.ast.Name;
import dev.runbook.ast.RunbookFile;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.Parser;
import dev.runbook.source.Code;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.DiagnosticRenderer;
import dev.runbook.source.Source;
import dev.runbook.source.Span;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        Run run = new Run(library, parsed.source());
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

    /** One check of one file: the parts of the checker joined, and the file's own order of work. */
    private static final class Run extends Modules {
        Run(Library library, Source source) {
            super(library, source);
        }

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
                    if (m.file() != file) {
                        m.file().itemsOf(Item.VerbItem.class).forEach(this::checkVerbDeclaration);
                        m.file().itemsOf(Item.InvariantItem.class).forEach(this::checkInvariant);
                    }
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
    }
}
