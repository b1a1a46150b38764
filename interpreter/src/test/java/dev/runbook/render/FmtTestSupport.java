package dev.runbook.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.ast.AstWalker;
import dev.runbook.ast.RunbookFile;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.Parser;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Shared helpers of the formatter tests. */
final class FmtTestSupport {
    private FmtTestSupport() {}

    /** The repository root: surefire's {@code repo.root}, else the parent of the module directory. */
    static Path repoRoot() {
        String property = System.getProperty("repo.root");
        if (property != null && !property.isBlank() && !property.contains("${")) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        Path parent = Path.of("..").toAbsolutePath().normalize();
        if (Files.isDirectory(parent.resolve("interpreter"))) return parent;
        return Path.of(".").toAbsolutePath().normalize();
    }

    static ParseResult parse(String name, String text) {
        return Parser.parse(Source.of(name, text));
    }

    /** Parses, failing the test on a syntax error. */
    static ParseResult parseClean(String name, String text) {
        ParseResult result = parse(name, text);
        assertFalse(result.hasErrors(), () -> name + " does not parse:\n" + errors(result));
        return result;
    }

    static String errors(ParseResult result) {
        return result.diagnostics().stream().filter(Diagnostic::isError)
                .map(d -> d.span() + " " + d.message()).collect(Collectors.joining("\n"));
    }

    static String format(ParseResult result) {
        return new Formatter().format(result.file(), result.source());
    }

    /**
     * What every formatted text must satisfy: it parses cleanly to the same AST as the original
     * (comments and their attachment included), and formatting it again changes nothing.
     */
    static void assertCanonical(String name, RunbookFile original, String formatted) {
        ParseResult again = parse(name + " (formatted)", formatted);
        assertFalse(again.hasErrors(), () -> name + ": the formatted text does not parse:\n" + errors(again)
                + "\n--- formatted ---\n" + formatted);
        assertTrue(AstWalker.equalIgnoringSpans(original, again.file()), () -> name
                + ": the formatted text parses to another AST\n--- before ---\n" + AstWalker.describe(original)
                + "\n--- after ---\n" + AstWalker.describe(again.file()) + "\n--- formatted ---\n" + formatted);
        assertEquals(formatted, format(again), () -> name + ": formatting is not idempotent");
        for (String line : formatted.split("\n", -1)) {
            assertEquals(line.stripTrailing(), line, () -> name + ": trailing whitespace in `" + line + "`");
            assertFalse(line.startsWith("\t"), () -> name + ": a tab in the indentation of `" + line + "`");
        }
        assertTrue(formatted.isEmpty() || formatted.endsWith("\n"), () -> name + ": no final line break");
        assertFalse(formatted.endsWith("\n\n"), () -> name + ": blank lines at the end");
        assertFalse(formatted.contains("\n\n\n"), () -> name + ": two blank lines in a row");
    }
}
