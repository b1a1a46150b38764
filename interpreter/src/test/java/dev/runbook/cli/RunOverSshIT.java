package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestSecrets;
import dev.runbook.exec.ssh.Sshd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * `runbook run` end to end (issue 8): the built jar as a real process, two real OpenSSH servers on
 * 127.0.1.1 and 127.0.1.2, and shell shims of the TimesTen tools (src/test/resources/shim-sh) that
 * keep the databases' state in files. A dropped connection mid-step and `--resume`: nothing that
 * completed runs twice, and the command of unknown outcome is probed before it is sent again.
 */
class RunOverSshIT {

    private static final String RUNBOOK = """
            runbook take-standby-out "Take the standby out of the pair"
              require state active == ACTIVE and state standby == STANDBY
              require role of [active, standby] == master

            use timesten
            use cache

            param active = master1 on "master1host"
            param standby = master2 on "master2host"
            ## the application's user; its password comes from RUNBOOK_SECRET_APP
            param app = credential "appuser"

            step 1 "Stop the standby's agent":
              on standby.host: repStop standby

            step 2 "Tell the active the standby is gone":
              on active: markFailed standby from active

            step 3 "Destroy the standby":
              on standby.host: destroy standby

            step 4 "Tell the team":
              manual "Tell the team the standby is gone"

            step 5 "Create the application's user on the active":
              on active: createUser app at active
            """;

    private Sshd first;
    private Sshd second;
    private Path area;
    private Path state;
    private Path runbook;
    private Path inventory;
    private Path knownHosts;
    private Calls calls;

    private interface Calls {
        List<String> get() throws IOException;
    }

    @BeforeEach
    void hosts() throws Exception {
        ShimHosts hosts = ShimHosts.start("run-e2e", "127.0.1.1", "127.0.1.2");
        first = hosts.first;
        second = hosts.second;
        area = hosts.area;
        state = hosts.state;
        inventory = hosts.inventory;
        knownHosts = hosts.knownHosts;
        calls = hosts::calls;
        runbook = area.resolve("take-standby-out.rbk");
        Files.writeString(runbook, RUNBOOK);
    }

    @AfterEach
    void stop() throws Exception {
        if (first != null) first.close();
        if (second != null) second.close();
        // a command the run left behind (a slow ttDestroy after SIGTERM runs on, as on a real host) must not reach the next test
        Process kill = new ProcessBuilder("pkill", "-KILL", "-u", Sshd.USER).start();
        kill.waitFor(10, TimeUnit.SECONDS);
    }

    private record Ran(int code, String out, String err) {}

    /** Each run's output is kept (out-1.txt, err-1.txt, ...): docs/running.md shows a transcript. */
    private int runs;

    private Ran run(String stdin, String... extra) throws Exception {
        Process p = start(stdin, extra);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("runbook run did not end within 120 s");
        }
        return new Ran(p.exitValue(), Files.readString(area.resolve("out-" + runs + ".txt")), Files.readString(area.resolve("err-" + runs + ".txt")));
    }

    private Process start(String stdin, String... extra) throws Exception {
        Path root = Path.of(System.getProperty("repo.root", ".."));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                root.resolve("interpreter/target/runbook.jar").toString(), "run", runbook.toString(), "-i", inventory.toString(),
                "--known-hosts", knownHosts.toString(), "--lock-dir", area.resolve("locks").toString(), "--yes"));
        command.addAll(List.of(extra));
        runs++;
        Path out = area.resolve("out-" + runs + ".txt");
        Path err = area.resolve("err-" + runs + ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(area.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("RUNBOOK_SECRET_APP", TestSecrets.HOSTILE);
        Process p = builder.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        return p;
    }

    private void awaitCall(String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(state.resolve("calls.log")).contains(what)) {
            if (System.nanoTime() > deadline) throw new AssertionError(what + " was never called");
            Thread.sleep(50);
        }
        Thread.sleep(300);
    }

    /** The commands the shims logged, without the queries ({@link ShimHosts#calls}). */
    private List<String> calls() throws IOException {
        return calls.get();
    }

    @Test
    @DisplayName("A runbook runs over SSH on two hosts: the commands the plan prints, in order, output beneath them, a journal of every event")
    void runsOverSsh() throws Exception {
        Path journal = area.resolve("j1.jsonl");
        Ran ran = run("done\n", "--journal", journal.toString());
        assertEquals(0, ran.code(), ran.out() + ran.err());
        assertEquals(List.of("ttAdmin -repStop master2",
                "ttIsql -connStr DSN=master1 -e call ttRepStateSave('FAILED', 'master2', 'master2host'); quit;",
                "ttDestroy master2"), calls());
        assertTrue(ran.out().contains("master2host$ ttAdmin -repStop master2\n    | RAM Residence Policy            : inUse"), ran.out());
        assertTrue(ran.out().contains("run ended well"), ran.out());
        List<String> lines = Files.readAllLines(journal);
        assertTrue(lines.get(0).contains("\"schema\":\"runbook.journal/v1\"") && lines.get(0).contains("\"type\":\"header\""), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"type\":\"commandEnded\"") && l.contains("ttDestroy master2") && l.contains("\"exit\":0")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"type\":\"answered\"") && l.contains("\"how\":\"--yes\"")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"type\":\"manual\"") && l.contains("\"how\":\"input\"")));
        assertTrue(lines.get(lines.size() - 1).contains("RunFinished") && lines.get(lines.size() - 1).contains("\"ok\":true"));
        // the password went through the remote shell and reached ttIsql whole, as one SQL identifier; nothing here wrote it
        String statement = "CREATE USER appuser IDENTIFIED BY \"" + TestSecrets.HOSTILE.replace("\"", "\"\"") + "\"; GRANT CREATE SESSION TO appuser; quit;";
        String digest = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(statement.getBytes(StandardCharsets.UTF_8)));
        assertTrue(Files.readString(state.resolve("calls.log")).contains("ttIsql -connStr DSN=master1 -e sha256:" + digest), Files.readString(state.resolve("calls.log")));
        assertTrue(ran.out().contains("IDENTIFIED BY \"********\""), ran.out());
    }

    @Test
    @DisplayName("sshd dies during ttDestroy: the run stops, outcome unknown; --resume probes the host, sends only that command again, and finishes")
    void droppedConnectionThenResume() throws Exception {
        Files.writeString(state.resolve("slow"), "20\n");
        Path journal = area.resolve("j2.jsonl");
        Thread killer = new Thread(() -> {
            try {
                awaitCall("ttDestroy");
                second.kill();
            } catch (Exception e) {
                Thread.currentThread().interrupt();
            }
        });
        killer.start();
        Ran broken = run("done\n", "--journal", journal.toString());
        killer.join(10_000);
        assertEquals(1, broken.code(), broken.out() + broken.err());
        assertTrue(broken.out().contains("outcome unknown"), broken.out());
        assertTrue(broken.out().contains("--resume " + journal), broken.out());

        second = second.restart();
        Files.delete(state.resolve("slow"));
        Ran resumed = run("done\n", "--resume", journal.toString());
        assertEquals(0, resumed.code(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("resume: `ttDestroy master2` on master2host: sent again"), resumed.out());
        assertEquals(List.of("ttAdmin -repStop master2",
                "ttIsql -connStr DSN=master1 -e call ttRepStateSave('FAILED', 'master2', 'master2host'); quit;",
                "ttDestroy master2", "ttDestroy master2"), calls(), "only the command of unknown outcome runs again");
        assertTrue(Files.readAllLines(journal).stream().anyMatch(l -> l.contains("\"type\":\"resumed\"")));
    }

    @Test
    @DisplayName("SIGTERM (as Ctrl-C) during ttDestroy: the journal says so, and --resume probes and finishes without repeating a completed step")
    void sigtermThenResume() throws Exception {
        Files.writeString(state.resolve("slow"), "15\n");
        Path journal = area.resolve("j4.jsonl");
        Process p = start("done\n", "--journal", journal.toString());
        awaitCall("ttDestroy");
        p.destroy();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the run ends on SIGTERM");
        List<String> lines = Files.readAllLines(journal);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"type\":\"interrupted\"")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"type\":\"commandStarted\"") && l.contains("ttDestroy master2")));
        Files.delete(state.resolve("slow"));
        Ran resumed = run("done\n", "--resume", journal.toString());
        assertEquals(0, resumed.code(), resumed.out() + resumed.err());
        List<String> calls = calls();
        assertEquals(1, calls.stream().filter(c -> c.startsWith("ttAdmin -repStop")).count(), calls.toString());
        assertEquals(1, calls.stream().filter(c -> c.contains("ttRepStateSave")).count(), calls.toString());
    }

    @Test
    @DisplayName("--fleet: two pairs of an inventory group run in parallel, each with its own journal and log, and a summary table at the end")
    void fleetOfTwoPairs() throws Exception {
        for (String db : List.of("master3", "master4")) {
            Files.writeString(state.resolve(db + ".exists"), "");
            Files.writeString(state.resolve(db + ".rep"), "");
        }
        Files.writeString(state.resolve("master3.state"), "ACTIVE\n");
        Files.writeString(state.resolve("master4.state"), "STANDBY\n");
        Sshd.run("chown", "-R", Sshd.USER, state.toString());
        Files.writeString(inventory, Files.readString(inventory)
                + "host master3host address=127.0.1.1 port=" + first.port + "\n"
                + "host master4host address=127.0.1.2 port=" + second.port + "\n"
                + "group pair1 master1host master2host\n"
                + "vars pair1 param_active=master1@master1host param_standby=master2@master2host\n"
                + "group pair2 master3host master4host\n"
                + "vars pair2 param_active=master3@master3host param_standby=master4@master4host\n"
                + "children pairs pair1 pair2\n");
        Ran ran = run("done\ndone\n", "--fleet", "pairs", "--concurrency", "2", "--journal-dir", area.resolve("fleet").toString());
        assertEquals(0, ran.code(), ran.out() + ran.err());
        assertTrue(ran.out().contains("fleet pairs: 2 pairs, at most 2 at a time"), ran.out());
        assertTrue(ran.out().matches("(?s).*pair1 +5 +ok .*") && ran.out().matches("(?s).*pair2 +5 +ok .*"), ran.out());
        List<String> calls = calls();
        assertTrue(calls.contains("ttDestroy master2") && calls.contains("ttDestroy master4"), calls.toString());
        try (Stream<Path> files = Files.list(area.resolve("fleet"))) {
            assertEquals(4, files.filter(f -> f.toString().endsWith(".jsonl") || f.toString().endsWith(".log")).count());
        }
    }

    @Test
    @DisplayName("A host the inventory lacks is refused before anything runs")
    void unknownHostRefusedBeforeAnything() throws Exception {
        Files.writeString(inventory, "host master1host address=127.0.1.1 port=" + first.port + " user=" + Sshd.USER + "\n");
        Ran ran = run("", "--journal", area.resolve("j3.jsonl").toString());
        assertEquals(2, ran.code(), ran.out() + ran.err());
        assertTrue(ran.err().contains("has no host master2host, which the runbook runs commands on; nothing was run"), ran.err());
        assertEquals(List.of(), calls());
    }
}
