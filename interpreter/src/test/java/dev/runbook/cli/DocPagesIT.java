package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's tour and docs/tutorial.md, run as a reader runs them: every {@code $ COMMAND} line of
 * their code blocks, in order, by bash, in a copy of docs/examples/ with bin/ on the PATH, and what
 * it prints (stdout and stderr) compared with the lines below it on the page. A line {@code ...}
 * on the page stands for any number of lines; {@code $PWD} for the directory the commands run in.
 * Run by maven-failsafe-plugin after package, against the built jar.
 */
class DocPagesIT {

    @TempDir
    Path work;

    @BeforeAll
    static void theJarIsBuilt() {
        Assumptions.assumeTrue(Files.isRegularFile(root().resolve("interpreter/target/runbook.jar")),
                "interpreter/target/runbook.jar is not built yet: run ./mvnw verify");
    }

    static Path root() {
        return TraceGoldenTest.ROOT;
    }

    /** One {@code $ command} and the lines the page shows under it. */
    record Step(int line, String command, List<String> expected) {}

    /** The commands of a page's code blocks: the blocks with no {@code $ } line are not commands. */
    static List<List<Step>> blocks(String page) {
        List<List<Step>> out = new ArrayList<>();
        String[] lines = page.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith("```")) continue;
            List<Step> block = new ArrayList<>();
            int j = i + 1;
            Step current = null;
            for (; j < lines.length && !lines[j].startsWith("```"); j++) {
                if (lines[j].startsWith("$ ")) {
                    current = new Step(j + 1, lines[j].substring(2), new ArrayList<>());
                    block.add(current);
                } else if (current != null) {
                    current.expected().add(lines[j]);
                }
            }
            if (!block.isEmpty()) out.add(block);
            i = j;
        }
        return out;
    }

    /** Runs a page's blocks, each in a fresh copy of docs/examples/, and returns what differs. */
    List<String> run(String pageName) throws IOException, InterruptedException {
        Path page = root().resolve(pageName);
        List<String> problems = new ArrayList<>();
        int n = 0;
        for (List<Step> block : blocks(Files.readString(page, StandardCharsets.UTF_8))) {
            Path dir = work.resolve(pageName.replace('/', '_') + "-" + n++);
            copy(root().resolve("docs/examples"), dir);
            StringBuilder script = new StringBuilder("export PATH='" + root().resolve("bin") + "':\"$PATH\"\n");
            for (int k = 0; k < block.size(); k++) {
                // the marker keeps $? for `echo $?`
                script.append("__rc=$?; printf '\\036%d\\n' ").append(k).append("; (exit $__rc); ").append(block.get(k).command()).append(" 2>&1\n");
            }
            BinRunbookIT.Result r = BinRunbookIT.exec(dir, Map.of("COLUMNS", "200"), List.of("bash", "--norc", "--noprofile", "-c", script.toString()));
            String[] parts = (r.out() + r.err()).split("\u001e\\d+\n", -1);
            for (int k = 0; k < block.size(); k++) {
                Step step = block.get(k);
                String actual = k + 1 < parts.length ? parts[k + 1] : "(nothing: the script stopped)\n";
                actual = actual.replace(dir.toRealPath().toString(), "$PWD").replace(dir.toString(), "$PWD");
                List<String> got = new ArrayList<>(List.of(actual.split("\n", -1)));
                if (!got.isEmpty() && got.get(got.size() - 1).isEmpty()) got.remove(got.size() - 1);
                if (!matches(step.expected(), 0, got, 0)) {
                    problems.add(pageName + ":" + step.line() + ": `" + step.command() + "` prints\n" + String.join("\n", got)
                            + "\n  but the page shows\n" + String.join("\n", step.expected()));
                }
            }
        }
        assertTrue(n > 0, pageName + " has no commands");
        return problems;
    }

    /** Whether {@code got} from {@code j} matches {@code want} from {@code i}; a line {@code ...} matches any lines. */
    static boolean matches(List<String> want, int i, List<String> got, int j) {
        if (i == want.size()) return j == got.size();
        if (want.get(i).strip().equals("...")) {
            for (int k = j; k <= got.size(); k++) if (matches(want, i + 1, got, k)) return true;
            return false;
        }
        return j < got.size() && want.get(i).equals(got.get(j)) && matches(want, i + 1, got, j + 1);
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void theMatcher() {
        assertTrue(matches(List.of("a", "...", "d"), 0, List.of("a", "b", "c", "d"), 0));
        assertTrue(matches(List.of("a", "..."), 0, List.of("a"), 0));
        assertTrue(!matches(List.of("a", "d"), 0, List.of("a", "b", "d"), 0));
        assertEquals(2, blocks("text\n```\n$ one\nout\n$ two\n```\n```\nno command\n```\n").get(0).size());
    }

    @Test
    void theReadmeTour() throws Exception {
        List<String> problems = run("README.md");
        if (!problems.isEmpty()) fail(String.join("\n\n", problems));
    }

    @Test
    void theTutorial() throws Exception {
        List<String> problems = run("docs/tutorial.md");
        if (!problems.isEmpty()) fail(String.join("\n\n", problems));
    }
}
