package dev.runbook.check;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.source.Diagnostic;
import dev.runbook.source.DiagnosticRenderer;
import dev.runbook.source.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every module of stdlib/ and every runbook of runbooks/ checks clean: no error, no warning. */
class StandardFilesCheckTest {

    private static Path repoRoot() {
        return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }

    private static List<Path> standardFiles(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String dir : List.of("stdlib", "runbooks")) {
            Path d = root.resolve(dir);
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> files = Files.walk(d)) {
                files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".rbk")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void everyStandardFileChecksWithoutFindings() throws IOException {
        Path root = repoRoot();
        List<Path> files = standardFiles(root);
        // the files on disk, not the copies built into the jar, so that the test checks the tree under review
        Checker checker = new Checker(new Library(List.of(root.resolve("stdlib"), root.resolve("runbooks"))));
        StringBuilder findings = new StringBuilder();
        for (Path file : files) {
            List<Diagnostic> diagnostics = checker.check(Source.read(file, root.relativize(file).toString())).diagnostics();
            if (!diagnostics.isEmpty()) findings.append(new DiagnosticRenderer().renderAll(diagnostics));
        }
        assertTrue(files.size() >= 4, "only " + files.size() + " .rbk files under " + root + "/stdlib and runbooks: " + files);
        assertTrue(findings.isEmpty(), "the standard files must check without errors or warnings:\n" + findings);
    }
}
