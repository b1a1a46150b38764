package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bash completion script, driven as bash drives it: sourced, registered ({@code complete -p}),
 * then {@code _runbook} called with {@code COMP_WORDS} and {@code COMP_CWORD} set, for a command, an
 * option, an option's value, a standard runbook id and a {@code -p} parameter name (which the script
 * asks a real {@code runbook completion --params} for: here a launcher of these classes).
 */
class CompletionScriptTest {

    @TempDir
    Path dir;

    private Path script;
    private Path launcher;
    private final List<MainTest.Result> results = new ArrayList<>();

    @BeforeEach
    void writeTheScriptAndALauncher() throws IOException {
        MainTest.Result r = MainTest.runIn(results, "completion", "bash");
        assertEquals(0, r.code(), r.err());
        script = dir.resolve("runbook.bash");
        Files.writeString(script, r.out(), StandardCharsets.UTF_8);
        launcher = dir.resolve("runbook");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(launcher, "#!/bin/sh\nexec '" + java + "' -cp '" + System.getProperty("java.class.path")
                + "' dev.runbook.cli.Main \"$@\"\n", StandardCharsets.UTF_8);
        assertTrue(launcher.toFile().setExecutable(true));
    }

    @AfterEach
    void noStackTraces() {
        MainTest.assertNoStackTraces(results);
    }

    /** What bash completes for the words, the last one being the word under the cursor. */
    List<String> complete(String... words) throws IOException, InterruptedException {
        StringBuilder array = new StringBuilder();
        array.append("'").append(launcher).append("'");
        for (int i = 1; i < words.length; i++) array.append(" '").append(words[i]).append("'");
        String program = "source '" + script + "'\n"
                + "COMP_WORDS=(" + array + ")\nCOMP_CWORD=" + (words.length - 1) + "\nCOMPREPLY=()\n_runbook\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        return lines(bash(program));
    }

    String bash(String program) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", program).directory(dir.toFile()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bash did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    static List<String> lines(String out) {
        return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
    }

    @Test
    void theScriptRegistersItself() throws Exception {
        assertEquals("complete -F _runbook runbook", bash("source '" + script + "'\ncomplete -p runbook").strip());
    }

    @Test
    void aCommand() throws Exception {
        assertEquals(List.of("plan"), complete("runbook", "pl"));
        assertTrue(complete("runbook", "").containsAll(List.of("check", "simulate", "doc", "completion")));
    }

    @Test
    void anOptionAndItsValues() throws Exception {
        assertEquals(List.of("--format"), complete("runbook", "simulate", "--fo"));
        assertEquals(List.of("md", "mermaid"), complete("runbook", "doc", "--format", "m"));
        assertEquals(List.of("installPatch"), complete("runbook", "doc", "--verb", "installP"));
    }

    @Test
    void aStandardRunbookId() throws Exception {
        assertEquals(List.of("asp-major-online-nocg", "asp-major-online-readonly-cg"), complete("runbook", "plan", "asp-major-onl"));
        assertEquals(List.of("common/role-reversal"), complete("runbook", "simulate", "--seed", "3", "common/role"));
    }

    @Test
    void theParameterNamesOfTheRunbookOnTheLine() throws Exception {
        assertEquals(List.of("standby=", "subscribers="), complete("runbook", "simulate", "asp-major-online-nocg", "-p", "s"));
        assertEquals(List.of("release="), complete("runbook", "plan", "--format", "json", "asp-patch-active-role-reversal", "-p", "rel"));
        assertEquals(List.of(), complete("runbook", "plan", "-p", "x"), "no runbook on the line yet: nothing to offer");
    }

    @Test
    void zshGetsTheSameScriptThroughBashcompinit() {
        MainTest.Result r = MainTest.runIn(results, "completion", "zsh");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("#compdef runbook\n"), r.out());
        assertTrue(r.out().contains("autoload -U +X bashcompinit && bashcompinit\n"), r.out());
        assertTrue(r.out().endsWith("complete -F _runbook runbook\n"), r.out());
        assertEquals(2, MainTest.runIn(results, "completion").code());
        assertEquals(2, MainTest.runIn(results, "completion", "fish").code());
    }
}
