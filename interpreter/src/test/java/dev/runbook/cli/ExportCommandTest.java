package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code runbook export --format ansible}: for every standard runbook, a playbook that
 * {@code ansible-playbook --syntax-check} accepts (.ci/run installs Debian's ansible), whose shell
 * tasks are the plan's commands on the same hosts in the same order, with no secret in it.
 */
class ExportCommandTest {

    static final Path ROOT = TraceGoldenTest.ROOT;
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Pattern TASK = Pattern.compile(
            "    - name: \"(?:[^\"\\\\]|\\\\.)*\"\n      ansible\\.builtin\\.shell: \"((?:[^\"\\\\]|\\\\.)*)\"\n(?:      no_log: true\n)?      delegate_to: \"([^\"]+)\"\n(      register: runbook_wait_)?");

    @TempDir
    Path dir;

    static List<Path> standard() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("runbooks"))) {
            return files.filter(p -> p.toString().endsWith(".rbk")).sorted().toList();
        }
    }

    static MainTest.Result run(String... args) {
        return MainTest.runIn(new ArrayList<>(), args);
    }

    /** host$ command of each shell task that is not a wait's query, the secrets' Jinja made the plan's mask. */
    static List<String> commands(String playbook) {
        List<String> out = new ArrayList<>();
        Matcher m = TASK.matcher(playbook);
        while (m.find()) {
            if (m.group(3) != null) continue;
            String line = m.group(1).replace("\\\"", "\"").replace("\\\\", "\\")
                    .replaceAll("'?\\{\\{ runbook_secret_\\w+( \\| replace\\([^)]*\\))? \\| quote }}'?", "********")
                    .replace("{{ '{' }}", "{").replace("{{ '}' }}", "}");
            out.add(m.group(2) + "$ " + line.replace("'********'", "********"));
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyStandardRunbookExportsThePlansCommandsAndPassesAnsiblesSyntaxCheck() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : standard()) {
            tests.add(DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                MainTest.Result export = run("export", "--format", "ansible", file.toString());
                assertEquals(0, export.code(), export.err());
                MainTest.Result plan = run("plan", "--format", "json", file.toString());
                assertEquals(0, plan.code(), plan.err());
                List<String> planned = new ArrayList<>();
                for (JsonNode step : JSON.readTree(plan.out()).get("steps")) {
                    for (JsonNode c : step.get("commands")) {
                        String kind = c.get("kind").asString();
                        if (!kind.equals("manual") && !kind.equals("wait")) planned.add(c.get("host").asString() + "$ " + c.get("command").asString().replace("'********'", "********"));
                    }
                }
                assertEquals(planned, commands(export.out()), "the playbook's commands are the plan's, in its order");
                assertFalse(export.out().contains("RUNBOOKSECRET"), "no placeholder is left");
                Path yml = dir.resolve(file.getFileName().toString().replace(".rbk", ".yml"));
                Files.writeString(yml, export.out());
                Process p = new ProcessBuilder("ansible-playbook", "--syntax-check", yml.toString()).redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ansible-playbook --syntax-check hangs");
                assertEquals(0, p.exitValue(), yml + ": ansible-playbook --syntax-check fails:\n" + output);
            }));
        }
        return tests.stream();
    }

    @Test
    void aSecretIsAVariableQuotedForTheShellInATaskWithNoLog() {
        MainTest.Result export = run("export", "--format", "ansible", "asp-major-online-nocg");
        assertEquals(0, export.code(), export.err());
        String out = export.out();
        int at = out.indexOf("-pwd {{ runbook_secret_admin | quote }}");
        assertTrue(at > 0, out);
        String task = out.substring(out.lastIndexOf("    - name:", at), out.indexOf("    - name:", at));
        assertTrue(task.contains("      no_log: true\n"), task);
        assertFalse(out.contains("********"), "the export never masks: it refers to the variable");
    }

    @Test
    void waitsAreUntilRetriesOverTheirQueryAndManualStepsPauses() {
        String out = run("export", "--format", "ansible", "asp-major-online-nocg").out();
        assertTrue(out.contains("ansible.builtin.shell: \"ttIsql -connStr DSN=master2 -e 'call ttRepStateGet; quit;'\""), out);
        assertTrue(out.contains("== 'STANDBY'\"\n      retries: 180\n      delay: 10\n") || out.contains("== 'STANDBY'\"\n      retries: "), out);
        assertTrue(out.contains("ansible.builtin.pause:\n        prompt: \"Pause every application that generates updates on master1"), out);
        assertTrue(out.contains("destroy on master2host cannot be undone: `ttDestroy master2`. Go ahead?"), out);
    }

    @Test
    void aRunbookWhoseSimulationFailsIsNotExported() {
        MainTest.Result r = run("export", "--format", "ansible", ROOT.resolve("interpreter/src/test/resources/errata/ja-asp-major-online-nocg--no-deactivate.rbk").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("does not end well"), r.err());
        assertEquals("", r.out());
        assertEquals(2, run("export", "--format", "ansible", "no-such-runbook").code());
    }
}
