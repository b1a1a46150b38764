package dev.runbook.parse;

import dev.runbook.ast.RunbookFile;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.Source;
import java.util.List;

/** The AST of a file (as much of it as could be read) and the syntax findings. */
public record ParseResult(Source source, RunbookFile file, List<Diagnostic> diagnostics) {
    public ParseResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
