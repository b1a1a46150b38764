package dev.runbook.render;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.parse.ParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code .rbk} of the repository formats idempotently to a text with the same AST. The
 * standard library and the standard runbooks must parse cleanly; other files (test inputs of other
 * packages) with syntax errors are skipped, as {@code runbook fmt} would refuse them.
 */
class RepoFilesFormatTest {

    private static final Set<String> SKIPPED_DIRS = Set.of("target", "node_modules", "build", "out");

    @Test
    void everyRunbookInTheRepositoryFormatsCanonically() throws IOException {
        Path root = FmtTestSupport.repoRoot();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".rbk") && Files.isRegularFile(p))
                    .filter(p -> !inSkippedDir(root.relativize(p)))
                    .sorted().toList();
        }
        int checked = 0;
        List<String> skipped = new ArrayList<>();
        List<String> notCanonical = new ArrayList<>();
        for (Path file : files) {
            String rel = root.relativize(file).toString().replace('\\', '/');
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.startsWith("\uFEFF")) text = text.substring(1);
            boolean shipped = rel.startsWith("stdlib/") || rel.startsWith("runbooks/");
            ParseResult parsed;
            try {
                parsed = FmtTestSupport.parse(rel, text);
            } catch (RuntimeException e) {
                // the parser promises never to throw; that is the parser's bug, not the formatter's
                if (shipped) throw e;
                skipped.add(rel + " (the parser threw " + e.getClass().getSimpleName() + ")");
                continue;
            }
            if (parsed.hasErrors()) {
                String errors = FmtTestSupport.errors(parsed);
                assertFalse(shipped, () -> rel + " does not parse:\n" + errors);
                skipped.add(rel);
                continue;
            }
            String formatted = FmtTestSupport.format(parsed);
            FmtTestSupport.assertCanonical(rel, parsed.file(), formatted);
            if (shipped && !formatted.equals(text)) notCanonical.add(rel);
            checked++;
        }
        System.out.println("fmt: checked " + checked + " .rbk files under " + root
                + (skipped.isEmpty() ? "" : "; skipped " + skipped.size() + " that do not parse: " + skipped));
        if (!notCanonical.isEmpty()) {
            System.out.println("fmt: shipped files not in canonical layout (run `runbook fmt` on them): " + notCanonical);
        }
        assertTrue(checked >= 4, "expected at least 4 .rbk files under " + root + ", checked " + checked);
    }

    private static boolean inSkippedDir(Path relative) {
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            String part = relative.getName(i).toString();
            if (part.startsWith(".") || SKIPPED_DIRS.contains(part)) return true;
        }
        return false;
    }
}
