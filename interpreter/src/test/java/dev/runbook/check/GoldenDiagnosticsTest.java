package dev.runbook.check;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runbook.source.Code;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.DiagnosticRenderer;
import dev.runbook.source.Source;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden-file tests of the diagnostics: every {@code diagnostics/input/NAME.rbk} is checked and its
 * rendered findings are compared byte for byte with {@code diagnostics/expected/NAME.err} (empty for
 * a clean input). Run with {@code -Dgolden.update=true} to (re)write the expected files, then read
 * every one of them before committing.
 */
class GoldenDiagnosticsTest {

    private static final List<String> GENERATOR_WORDS =
            List.of("mismatched", "expecting", "extraneous", "no viable", "<EOF>", "token recognition");

    private static final int MIN_CASES = 45;
    private static final int MIN_SYNTAX_CASES = 12;

    private static final boolean UPDATE = "true".equals(System.getProperty("golden.update"));

    /** The source tree's copy of the cases, so that an update writes where they are kept. */
    static Path diagnosticsDir() {
        Path root = Path.of(System.getProperty("repo.root", ".."));
        Path inTree = root.resolve("interpreter/src/test/resources/diagnostics");
        if (Files.isDirectory(inTree)) return inTree.toAbsolutePath().normalize();
        try {
            return Path.of(GoldenDiagnosticsTest.class.getResource("/diagnostics").toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot find the diagnostics test cases", e);
        }
    }

    static List<Path> inputs() throws IOException {
        Path input = diagnosticsDir().resolve("input");
        try (Stream<Path> files = Files.list(input)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".rbk")).sorted().toList();
        }
    }

    private static String caseName(Path input) {
        String file = input.getFileName().toString();
        return file.substring(0, file.length() - ".rbk".length());
    }

    static List<Diagnostic> check(Path input) throws IOException {
        Path inputDir = input.getParent();
        Source source = Source.read(input, "input/" + input.getFileName());
        return new Checker(new Library(List.of(inputDir))).check(source).diagnostics();
    }

    /** Where a message names the input directory (a search path), it says {@code input}, on every machine. */
    static String stable(String rendered, Path inputDir) {
        String out = rendered;
        for (Path p : List.of(inputDir.toAbsolutePath().normalize(), inputDir.toAbsolutePath(), inputDir)) {
            out = out.replace(p.toString(), "input");
        }
        Path cwd = Path.of("").toAbsolutePath();
        Path absolute = inputDir.toAbsolutePath().normalize();
        String relative = absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : "";
        if (!relative.isEmpty()) out = out.replace(relative, "input");
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesItsExpectedOutput() throws IOException {
        Path expectedDir = diagnosticsDir().resolve("expected");
        return inputs().stream().map(input -> DynamicTest.dynamicTest(caseName(input), () -> {
            List<Diagnostic> diagnostics = assertDoesNotThrow(() -> check(input),
                    () -> caseName(input) + ": the parser and the checker must never throw, whatever the input");
            String actual = stable(new DiagnosticRenderer().renderAll(diagnostics), input.getParent());
            Path expectedFile = expectedDir.resolve(caseName(input) + ".err");

            for (Diagnostic d : diagnostics) {
                String message = d.message() + (d.hint() == null ? "" : " " + d.hint());
                for (String word : GENERATOR_WORDS) {
                    assertFalse(message.toLowerCase(Locale.ROOT).contains(word.toLowerCase(Locale.ROOT)),
                            () -> caseName(input) + ": a message speaks the parser generator's language (`" + word + "`): "
                                    + d.message());
                }
                if (d.code() != Code.INTERNAL) {
                    assertTrue(d.span().line() > 0, () -> caseName(input) + ": " + d.code().id() + " has no place in the file: "
                            + d.message());
                }
            }

            if (UPDATE) {
                Files.createDirectories(expectedDir);
                Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.isRegularFile(expectedFile)) {
                fail("no expected output " + expectedFile + " for " + input.getFileName()
                        + "; generate it with: mvn -q -pl interpreter test -Dtest=GoldenDiagnosticsTest -Dgolden.update=true"
                        + " (then read it and check it is right)\nthe output now is:\n" + actual);
            }
            String expected = Files.readString(expectedFile, StandardCharsets.UTF_8);
            assertEquals(expected, actual, () -> caseName(input) + ": the diagnostics differ from " + expectedFile);
        }));
    }

    @Test
    void thereAreEnoughCases() throws IOException {
        List<Path> inputs = inputs();
        assertTrue(inputs.size() >= MIN_CASES, "only " + inputs.size() + " golden cases; at least " + MIN_CASES + " expected");
        List<String> syntax = new ArrayList<>();
        Path expectedDir = diagnosticsDir().resolve("expected");
        for (Path input : inputs) {
            boolean hasSyntaxError;
            try {
                hasSyntaxError = check(input).stream().anyMatch(d -> d.code().id().startsWith("E00"));
            } catch (RuntimeException e) {
                // a crash fails that case's own test; count it by what it is expected to report
                Path expected = expectedDir.resolve(caseName(input) + ".err");
                hasSyntaxError = Files.isRegularFile(expected)
                        && Files.readString(expected, StandardCharsets.UTF_8).matches("(?s).*error\\[E00\\d\\].*");
            }
            if (hasSyntaxError) syntax.add(caseName(input));
        }
        assertTrue(syntax.size() >= MIN_SYNTAX_CASES,
                "only " + syntax.size() + " cases with a syntax error (E00x): " + syntax + "; at least " + MIN_SYNTAX_CASES + " expected");
    }

    @Test
    void noExpectedFileWithoutItsInput() throws IOException {
        Path input = diagnosticsDir().resolve("input");
        try (Stream<Path> files = Files.list(diagnosticsDir().resolve("expected"))) {
            List<String> orphans = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".err"))
                    .filter(n -> !Files.isRegularFile(input.resolve(n.substring(0, n.length() - 4) + ".rbk")))
                    .toList();
            assertTrue(orphans.isEmpty(), "expected outputs without an input: " + orphans);
        }
    }
}
