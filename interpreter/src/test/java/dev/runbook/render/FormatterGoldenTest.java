package dev.runbook.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runbook.ast.AstWalker;
import dev.runbook.parse.ParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files: {@code fmt/input/NAME.rbk} formats to {@code fmt/expected/NAME.rbk}, byte for byte.
 * The expected files are written only with {@code -Dgolden.update=true}; review their diff.
 */
class FormatterGoldenTest {

    private static final Path DIR = FmtTestSupport.repoRoot().resolve("interpreter/src/test/resources/fmt");
    private static final boolean UPDATE = "true".equals(System.getProperty("golden.update"));

    static List<Path> inputs() {
        try (Stream<Path> files = Files.list(DIR.resolve("input"))) {
            return files.filter(p -> p.toString().endsWith(".rbk")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void thereAreEnoughGoldenCases() {
        assertTrue(inputs().size() >= 18, "expected at least 18 golden cases in " + DIR + ", found " + inputs().size());
    }

    @TestFactory
    Stream<DynamicTest> goldenFiles() {
        return inputs().stream().map(input -> DynamicTest.dynamicTest(input.getFileName().toString(), () -> check(input)));
    }

    private static void check(Path input) throws IOException {
        String name = input.getFileName().toString();
        String text = Files.readString(input, StandardCharsets.UTF_8);
        ParseResult parsed = FmtTestSupport.parseClean(name, text);
        String formatted = FmtTestSupport.format(parsed);
        Path expectedFile = DIR.resolve("expected").resolve(name);
        if (UPDATE) {
            Files.createDirectories(expectedFile.getParent());
            Files.writeString(expectedFile, formatted, StandardCharsets.UTF_8);
        }
        if (!Files.exists(expectedFile)) {
            fail("no expected output " + expectedFile + "; run with -Dgolden.update=true and review it");
        }
        String expected = Files.readString(expectedFile, StandardCharsets.UTF_8);
        assertNotEquals(text, expected, name + ": a golden input must need formatting");
        assertEquals(expected, formatted, name + ": output differs from " + expectedFile);

        // the expected output is itself canonical and means what the input means
        ParseResult expectedParsed = FmtTestSupport.parseClean(name + " (expected)", expected);
        assertTrue(AstWalker.equalIgnoringSpans(parsed.file(), expectedParsed.file()),
                name + ": the expected output parses to another AST than the input");
        assertEquals(expected, FmtTestSupport.format(expectedParsed), name + ": formatting the expected output changes it");
        FmtTestSupport.assertCanonical(name, parsed.file(), formatted);
    }
}
