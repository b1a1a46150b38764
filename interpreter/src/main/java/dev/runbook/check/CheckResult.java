package dev.runbook.check;

import dev.runbook.ast.RunbookFile;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.Source;
import java.util.List;

/**
 * A checked file: its AST, every finding (syntax and semantic, in source order), the vocabulary
 * of the modules it uses, and where each used module or runbook was found.
 */
public record CheckResult(Source source, RunbookFile file, List<Diagnostic> diagnostics, Vocabulary vocabulary,
                          List<Resolution> resolutions, java.util.Map<String, UsedRunbook> runbooks) {

    /** A runbook run as a sub-procedure, with its text for traces. */
    public record UsedRunbook(RunbookFile file, Source source) {}

    public CheckResult {
        diagnostics = List.copyOf(diagnostics);
        resolutions = List.copyOf(resolutions);
        runbooks = java.util.Map.copyOf(runbooks);
    }

    /** The runbooks this one runs as sub-procedures, by the name a `run` statement uses. */
    public UsedRunbook runbook(String name) {
        return runbooks.get(name);
    }

    /** {@code use NAME} was read from {@code where}. */
    public record Resolution(String name, String where) {}

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
