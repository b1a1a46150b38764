package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.check.Library;
import dev.runbook.engine.SecretSource;
import dev.runbook.exec.RemoteBackend;
import dev.runbook.exec.RunSetup;
import dev.runbook.exec.Transport;
import dev.runbook.exec.inventory.Inventory;
import dev.runbook.exec.ssh.Sshd;
import dev.runbook.repl.HostsTarget;
import dev.runbook.repl.ReplEngine;
import dev.runbook.repl.ReplTerminal;
import dev.runbook.repl.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * `runbook repl -i` over real OpenSSH servers (issue 10, point 6): two hosts on 127.0.1.21 and
 * 127.0.1.22 (loopback only, addresses of their own), the shell shims of the TimesTen tools
 * (src/test/resources/shim-sh) keeping the databases' state in files, as RunOverSshIT has them.
 * The REPL is driven through its JLine front end, on a terminal that is typed into; `run --resume`
 * then finishes, as a process, what a REPL session left half done.
 */
class ReplOverSshIT {

    private ShimHosts hosts;
    private Path area;
    private Path runbook;
    private Path inventory;

    @BeforeEach
    void hosts() throws Exception {
        hosts = ShimHosts.start("repl-e2e", "127.0.1.21", "127.0.1.22");
        area = hosts.area;
        inventory = hosts.inventory;
        runbook = area.resolve("take-standby-out.rbk");
        Files.writeString(runbook, ReplOnHostsTest.RUNBOOK);
    }

    @AfterEach
    void stop() throws Exception {
        hosts.first.close();
        hosts.second.close();
    }

    /**
     * A REPL session on the two hosts, through the JLine front end, the keys typed into a terminal
     * ({@code ansi}: a terminal, so that questions are asked); returns what the terminal showed.
     */
    private String session(Path journal, String keys) throws Exception {
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        try (Terminal terminal = ReplTranscriptTest.typing(keys.getBytes(StandardCharsets.UTF_8), shown, "ansi");
             Transport transport = RunSetup.ssh(Inventory.load(inventory), hosts.knownHosts, false)) {
            HostsTarget target = new HostsTarget(new HostsTarget.Setup("test", Inventory.load(inventory), inventory, transport,
                    SecretSource.environment(name -> null), ReplTerminal.operator(terminal, false),
                    new RemoteBackend.Options(Duration.ofMinutes(1), false, false), journal, area.resolve("locks"), "runbook test",
                    terminal.writer(), true));
            ReplEngine engine = new ReplEngine(ReplCommand.loader(List.of(), new Library(List.of())), target);
            Response first = engine.start(runbook.toString(), Map.of(), List.of());
            ReplTerminal.run(engine, ReplTerminal.reader(engine, terminal, null), first);
        }
        String text = ReplTranscriptTest.plain(shown.toString(StandardCharsets.UTF_8));
        // kept beside the areas, which the next test clears: docs/repl.md shows a session from here
        Files.writeString(Sshd.area().resolve("repl-" + journal.getFileName() + ".screen.txt"), text);
        return text;
    }

    private record Ran(int code, String out, String err) {}

    /** The built jar as a user runs it, standard input piped in. */
    private Ran runJar(String stdin, String... arguments) throws Exception {
        Path root = Path.of(System.getProperty("repo.root", ".."));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                root.resolve("interpreter/target/runbook.jar").toString()));
        command.addAll(List.of(arguments));
        Path out = Files.createTempFile(area, "out", ".txt");
        Path err = Files.createTempFile(area, "err", ".txt");
        Process p = new ProcessBuilder(command).directory(area.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("runbook " + arguments[0] + " did not end within 120 s");
        }
        return new Ran(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    @DisplayName("Step on the hosts, state asked of them, back refused, a typed statement, a destroy answered no, quit: run --resume finishes")
    void stepsStopsAndRunResumes() throws Exception {
        Path journal = area.resolve("repl.jsonl");
        String screen = session(journal, String.join("\n",
                "step", "state master2", "back", "on master1host: sh \"echo typed at the prompt\"", "step", "step", "maybe", "no", "quit") + "\n");
        assertTrue(screen.matches("(?s)loaded take-standby-out from \\S*take-standby-out.rbk: 4 steps, on the hosts of test\njournal: " + journal + "\n.*"), screen);
        assertTrue(screen.contains("test take-standby-out 1> "), screen);
        assertTrue(screen.contains("master2host$ ttAdmin -repStop master2\n    | RAM Residence Policy"), screen);
        assertTrue(screen.matches("(?s).*state\\s+master2\\s+STANDBY\\s+STANDBY.*"), screen);
        assertTrue(screen.matches("(?s).*repAgentRunning\\s+master2\\s+false\\s+false.*"), screen);
        assertFalse(screen.contains("query: master2host$"), "state shows the answers as a table, not each query's output: " + screen);
        assertTrue(screen.contains("error: back is not possible on real hosts"), screen);
        assertTrue(screen.contains("| typed at the prompt"), screen);
        assertTrue(screen.contains("confirm: destroy on master2host: `ttDestroy master2` cannot be undone. Go ahead? Type yes to go on, no to stop:"), screen);
        assertTrue(screen.contains("please type yes or no"), screen);
        assertTrue(screen.contains("test take-standby-out stopped> "), screen);
        assertTrue(screen.contains("continue with: runbook run " + runbook + " -i " + inventory + " --resume " + journal), screen);
        assertFalse(screen.contains("\tat ") || screen.contains("Exception in"), screen);
        assertEquals(List.of("ttAdmin -repStop master2",
                "ttIsql -connStr DSN=master1 -e call ttRepStateSave('FAILED', 'master2', 'master2host'); quit;"), hosts.calls());

        Ran resumed = runJar("done\n", "run", runbook.toString(), "-i", inventory.toString(), "--known-hosts", hosts.knownHosts.toString(),
                "--lock-dir", area.resolve("locks").toString(), "--yes", "--resume", journal.toString());
        Files.writeString(Sshd.area().resolve("repl-resume.out.txt"), resumed.out());
        assertEquals(0, resumed.code(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("resuming " + journal + " at step 3"), resumed.out());
        assertTrue(resumed.out().contains("run ended well"), resumed.out());
        assertEquals(List.of("ttAdmin -repStop master2",
                "ttIsql -connStr DSN=master1 -e call ttRepStateSave('FAILED', 'master2', 'master2host'); quit;",
                "ttDestroy master2"), hosts.calls(), "what the REPL completed is not done again");
    }

    @Test
    @DisplayName("continue to the end in the REPL on the hosts: the destroy answered yes at the prompt, the manual step done, the run ends well")
    void continuesToTheEndWithAYes() throws Exception {
        Path journal = area.resolve("whole.jsonl");
        String screen = session(journal, String.join("\n", "continue", "yes", "done", "state", "quit") + "\n");
        assertTrue(screen.contains("run ended well"), screen);
        assertTrue(screen.contains("test take-standby-out end> "), screen);
        assertTrue(screen.contains("predicted only"), screen);
        assertEquals(List.of("ttAdmin -repStop master2",
                "ttIsql -connStr DSN=master1 -e call ttRepStateSave('FAILED', 'master2', 'master2host'); quit;",
                "ttDestroy master2"), hosts.calls());
        List<String> lines = Files.readAllLines(journal);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"type\":\"answered\"") && l.contains("\"yes\":true") && l.contains("\"how\":\"terminal\"")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("RunFinished") && l.contains("\"ok\":true")), String.join("\n", lines));
        // state after the end asked the hosts: queries, journaled as such
        assertTrue(lines.get(lines.size() - 1).contains("\"query\":true"), lines.get(lines.size() - 1));
    }

    @Test
    @DisplayName("runbook repl -i as a process: a bad inventory exits 2, a failing rehearsal 1; a changed host key or an unreachable host stops the step by its name, the REPL stays, no stack trace")
    void badInventoryAndUnreachableHost() throws Exception {
        Path bad = area.resolve("bad.inventory");
        Files.writeString(bad, "host master1host adress=127.0.1.21\n");
        Ran refused = runJar("", "repl", runbook.toString(), "-i", bad.toString());
        assertEquals(2, refused.code(), refused.out() + refused.err());
        assertTrue(refused.err().startsWith("runbook: " + bad), refused.err());

        // a rehearsal that does not end well: run's message, exit 1, nothing sent
        Path failing = area.resolve("stop-after-destroy.rbk");
        Files.writeString(failing, ReplOnHostsTest.RUNBOOK + "\nstep 5 \"Stop the agent of a database that is gone\":\n  on standby.host: repStop standby\n");
        Ran rehearsal = runJar("", "repl", failing.toString(), "-i", inventory.toString(),
                "--known-hosts", hosts.knownHosts.toString(), "--lock-dir", area.resolve("locks").toString());
        assertEquals(1, rehearsal.code(), rehearsal.out() + rehearsal.err());
        assertTrue(rehearsal.out().startsWith("runbook: the simulation of stop-after-destroy.rbk does not end well, so nothing was run"), rehearsal.out());

        // master2host offers a key known_hosts does not have for it (master1host's): refused by name, nothing sent
        String[] master2 = hosts.second.knownHostsLine().split(" ");
        String[] master1 = hosts.first.knownHostsLine().split(" ");
        Path changed = area.resolve("changed_known_hosts");
        Files.writeString(changed, hosts.first.knownHostsLine() + "\n" + master2[0] + " " + master1[1] + " " + master1[2] + "\n");
        Ran mismatch = runJar("step\nquit\n", "repl", runbook.toString(), "-i", inventory.toString(), "--known-hosts", changed.toString(),
                "--lock-dir", area.resolve("locks").toString(), "--journal", area.resolve("changed.jsonl").toString());
        assertEquals(1, mismatch.code(), "the last answer was a stopped run: " + mismatch.out() + mismatch.err());
        assertTrue(mismatch.out().contains("step 1 (") && mismatch.out().contains("master2host (" + Sshd.USER + "@127.0.1.22:")
                && mismatch.out().contains("the host key has CHANGED") && mismatch.out().contains("ssh-keygen -R"), mismatch.out());
        assertFalse((mismatch.out() + mismatch.err()).contains("\tat "), mismatch.out() + mismatch.err());

        // master2host's sshd is stopped: nothing listens there
        hosts.second.close();
        String session = "step\nwhere\nquit\n";
        Ran ran = runJar(session, "repl", runbook.toString(), "-i", inventory.toString(), "--known-hosts", hosts.knownHosts.toString(),
                "--lock-dir", area.resolve("locks").toString(), "--journal", area.resolve("down.jsonl").toString());
        Files.writeString(area.resolve("unreachable.out.txt"), ran.out() + ran.err());
        assertEquals(0, ran.code(), ran.out() + ran.err());
        assertTrue(ran.out().contains("step 1 (") && ran.out().contains("master2host"), ran.out());
        assertTrue(ran.out().contains("test take-standby-out stopped> "), ran.out());
        // the transport's message names the host and what to check; no stack trace
        assertTrue(ran.out().contains("master2host (" + Sshd.USER + "@127.0.1.22:"), ran.out());
        assertFalse((ran.out() + ran.err()).contains("Exception in") || (ran.out() + ran.err()).contains("\tat "), ran.out() + ran.err());
        assertTrue(hosts.calls().isEmpty(), hosts.calls().toString());
    }
}
