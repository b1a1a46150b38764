package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REPL as a person uses it: bin/runbook in a real terminal, tmux's, driven by send-keys and
 * read by capture-pane. Loads asp-major-online-nocg, breaks at a step, continues, looks at the
 * state, goes back, completes a command with Tab, types a block over two lines, quits, and finds
 * the history in the file it names. tmux must be installed (.ci/run installs it when it is missing);
 * without it the test fails rather than skip.
 */
class ReplTmuxIT {

    static Path root;
    private static final String SESSION = "runbook-repl-it-" + ProcessHandle.current().pid();

    @TempDir
    Path dir;

    @BeforeAll
    static void findTheLauncher() throws IOException {
        root = Path.of(System.getProperty("repo.root", "..")).toRealPath();
        Assumptions.assumeTrue(Files.isRegularFile(root.resolve("interpreter/target/runbook.jar")),
                "interpreter/target/runbook.jar is not built yet: run ./mvnw verify");
    }

    @AfterEach
    void killTheSession() throws Exception {
        tmux(List.of("kill-session", "-t", SESSION), true);
    }

    private static String tmux(List<String> args, boolean mayFail) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(tmuxBinary());
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "tmux did not answer: " + args);
        if (!mayFail && p.exitValue() != 0) fail("tmux " + args + " failed: " + out);
        return out;
    }

    private static String tmuxBinary() {
        for (String candidate : List.of("/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux")) {
            if (Files.isExecutable(Path.of(candidate))) return candidate;
        }
        fail("tmux is not installed: the REPL's end-to-end test runs bin/runbook in a tmux terminal (.ci/run installs it: apt-get install tmux)");
        return null;
    }

    private String screen() throws Exception {
        return tmux(List.of("capture-pane", "-p", "-J", "-S", "-2000", "-t", SESSION), false);
    }

    private void type(String keys) throws Exception {
        tmux(List.of("send-keys", "-t", SESSION, "-l", keys), false);
        tmux(List.of("send-keys", "-t", SESSION, "Enter"), false);
    }

    /** Waits until the screen shows {@code text} {@code times} times (a prompt comes back after each command). */
    private String await(String text, int times) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String shown = "";
        while (System.nanoTime() < deadline) {
            shown = screen();
            if (count(shown, text) >= times) return shown;
            Thread.sleep(100);
        }
        fail("the terminal never showed `" + text + "` " + times + " times; it shows:\n" + shown);
        return shown;
    }

    private static int count(String in, String text) {
        int n = 0;
        for (int i = in.indexOf(text); i >= 0; i = in.indexOf(text, i + 1)) n++;
        return n;
    }

    @Test
    void breakContinueStateBackQuitInARealTerminal() throws Exception {
        Path history = dir.resolve("history");
        String command = "cd " + dir + " && " + root.resolve("bin/runbook") + " repl asp-major-online-nocg --history " + history
                + "; echo \"exit code $?\"; sleep 30";
        tmux(List.of("new-session", "-d", "-s", SESSION, "-x", "160", "-y", "50", command), false);
        await("sim asp-major-online-nocg 1> ", 1);

        type("break 9");
        await("breakpoint 1: before step 9", 1);
        type("continue");
        String shown = await("sim asp-major-online-nocg 9> ", 1);
        assertTrue(shown.contains("stopped: breakpoint 1 (step 9)"), shown);
        assertTrue(shown.contains("step 8  Pause the applications  (1m)"), shown);

        type("state");
        shown = await("virtual time 59m50s, write outage 1m\n", 1);
        assertTrue(shown.contains("master2      master2host      true    STANDBY  up   master      22.1"), shown);

        type("back");
        shown = await("sim asp-major-online-nocg 8> ", 1);
        assertTrue(shown.contains("back to before step 8"), shown);
        assertTrue(shown.contains("+ applications apps: paused=false"), shown);

        // Tab completes a command; a line ending in ':' gets the continuation prompt
        tmux(List.of("send-keys", "-t", SESSION, "-l", "whe"), false);
        tmux(List.of("send-keys", "-t", SESSION, "Tab"), false);
        tmux(List.of("send-keys", "-t", SESSION, "Enter"), false);
        await("steps done; next: step 8  Pause the applications", 1);
        type("on standby.host:");
        await("...> ", 1);
        type("  repStop standby");
        type("");
        shown = await("master2.rep: up -> down", 1);

        type("quit");
        shown = await("exit code 0", 1);
        assertFalse(shown.contains("Exception"), shown);
        List<String> kept = Files.readAllLines(history, StandardCharsets.UTF_8);
        assertEquals(List.of("break 9", "continue", "state", "back", "where", "on standby.host:\\n  repStop standby", "quit"),
                kept.stream().map(l -> l.substring(l.indexOf(':') + 1)).toList(), "the history file: " + kept);
    }
}
