package dev.runbook.check;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.source.Code;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/diagnostics.md documents every diagnostic code, and only codes that exist. */
class DiagnosticsDocTest {

    private static final Pattern TABLE_ROW_ID = Pattern.compile("(?m)^\\|\\s*`?([EW]\\d{3})`?\\s*\\|");

    private static final Pattern EXAMPLE = Pattern.compile("(?s)```text\\n(input/([^:\\s]+)\\.rbk:.*?)```");

    private static Path root() {
        return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }

    private static String doc() throws IOException {
        Path root = root();
        Path doc = root.resolve("docs/diagnostics.md");
        assertTrue(Files.isRegularFile(doc), "missing " + doc);
        return Files.readString(doc, StandardCharsets.UTF_8);
    }

    private static Set<String> documentedIds(String doc) {
        Set<String> ids = new java.util.TreeSet<>();
        Matcher m = TABLE_ROW_ID.matcher(doc);
        while (m.find()) ids.add(m.group(1));
        return ids;
    }

    @Test
    void everyCodeHasARowInTheTable() throws IOException {
        Set<String> documented = documentedIds(doc());
        List<String> missing = new ArrayList<>();
        for (Code code : Code.values()) {
            if (!documented.contains(code.id())) missing.add(code.id() + " (" + code.title() + ")");
        }
        assertTrue(missing.isEmpty(), "docs/diagnostics.md has no table row for " + missing);
    }

    @Test
    void theTableNamesNoCodeThatDoesNotExist() throws IOException {
        Set<String> known = Arrays.stream(Code.values()).map(Code::id).collect(Collectors.toSet());
        List<String> stale = documentedIds(doc()).stream().filter(id -> !known.contains(id)).toList();
        assertTrue(stale.isEmpty(), "docs/diagnostics.md documents codes that dev.runbook.source.Code does not have: " + stale);
    }

    /** The examples are copied from the golden outputs, and must stay what the checker prints. */
    @Test
    void everyExampleIsAGoldenOutput() throws IOException {
        Path expected = root().resolve("interpreter/src/test/resources/diagnostics/expected");
        Matcher m = EXAMPLE.matcher(doc());
        int examples = 0;
        List<String> stale = new ArrayList<>();
        while (m.find()) {
            examples++;
            Path golden = expected.resolve(m.group(2) + ".err");
            String output = Files.isRegularFile(golden) ? Files.readString(golden, StandardCharsets.UTF_8) : "";
            if (!output.contains(m.group(1))) stale.add(m.group(2));
        }
        assertTrue(examples >= 7, "docs/diagnostics.md should show an example per category; found " + examples);
        assertTrue(stale.isEmpty(), "examples in docs/diagnostics.md that are not in their golden output any more: " + stale
                + "; copy them again from " + expected);
    }
}
