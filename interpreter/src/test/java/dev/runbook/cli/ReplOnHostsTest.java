package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.check.Library;
import dev.runbook.engine.QueryReader;
import dev.runbook.engine.SecretSource;
import dev.runbook.exec.Operator;
import dev.runbook.exec.RemoteBackend;
import dev.runbook.exec.RemoteRun;
import dev.runbook.exec.ScriptedTransport;
import dev.runbook.exec.inventory.Inventory;
import dev.runbook.exec.journal.JournalReader;
import dev.runbook.repl.HostsTarget;
import dev.runbook.repl.ReplEngine;
import dev.runbook.repl.Request;
import dev.runbook.repl.Response;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REPL on real hosts (issue 10, point 6) over a scripted transport, no sshd: steps go over
 * run's backend, the journal is run's (and `run --resume` continues it), questions go to the
 * operator, `state` asks the hosts beside the prediction, `back`, `restart` and `set` say why not.
 * ReplOverSshIT does the same over real OpenSSH servers.
 */
class ReplOnHostsTest {

    static final String RUNBOOK = """
            runbook take-standby-out "Take the standby out of the pair"
              require state active == ACTIVE and state standby == STANDBY
              require role of [active, standby] == master

            use timesten
            use cache

            param active = master1 on "master1host"
            param standby = master2 on "master2host"

            step 1 "Stop the standby's agent":
              on standby.host: repStop standby

            step 2 "Tell the active the standby is gone":
              on active: markFailed standby from active

            step 3 "Destroy the standby":
              on standby.host: destroy standby

            step 4 "Tell the team":
              manual "Tell the team the standby is gone"
            """;

    @TempDir
    Path dir;

    private final StringWriter live = new StringWriter();
    private final Deque<Boolean> answers = new ArrayDeque<>();

    /** Answers the questions from {@link #answers} in order (no when none is left) and does every manual step. */
    private final Operator operator = new Operator() {
        @Override
        public Answer confirm(String question) {
            live.append("asked: ").append(question).append('\n');
            Boolean yes = answers.poll();
            return new Answer(yes != null && yes, "terminal");
        }

        @Override
        public Answer manual(String instruction) {
            return new Answer(true, "terminal");
        }
    };

    private ScriptedTransport hosts() {
        return new ScriptedTransport()
                .on("master2host", "ttIsql -connStr DSN=master2 -e 'call ttRepStateGet", ScriptedTransport.Reply.ok("< STANDBY >", "1 row found."))
                .on("master1host", "ttIsql -connStr DSN=master1 -e 'call ttRepStateGet", ScriptedTransport.Reply.ok("< ACTIVE >", "1 row found."));
    }

    private Path runbook() throws Exception {
        Path file = dir.resolve("take-standby-out.rbk");
        Files.writeString(file, RUNBOOK);
        return file;
    }

    private Path inventory() throws Exception {
        Path file = dir.resolve("test.inventory");
        Files.writeString(file, "host master1host address=127.0.1.1\nhost master2host address=127.0.1.2\n");
        return file;
    }

    private ReplEngine engine(ScriptedTransport transport, Path journal) throws Exception {
        Path inventory = inventory();
        HostsTarget target = new HostsTarget(new HostsTarget.Setup("test", Inventory.load(inventory), inventory, transport,
                param -> java.util.Optional.empty(), operator, RemoteBackend.Options.defaults(), journal, dir.resolve("locks"),
                "runbook test", new PrintWriter(live, true), false));
        return new ReplEngine(ReplCommand.loader(List.of(), new Library(List.of())), target);
    }

    private static Response eval(ReplEngine engine, String line) {
        return engine.handle(new Request.Eval(line));
    }

    @Test
    @DisplayName("Step on the hosts, state probed, back refused, a destroy answered no, quit: run --resume finishes from the journal")
    void stepsThenStopsThenRunResumes() throws Exception {
        ScriptedTransport transport = hosts();
        Path journal = dir.resolve("j.jsonl");
        ReplEngine engine = engine(transport, journal);
        Response loaded = engine.start(runbook().toString(), Map.of(), List.of());
        assertInstanceOf(Response.Output.class, loaded, Response.render(loaded));
        assertTrue(Response.render(loaded).contains("on the hosts of test") && Response.render(loaded).contains("journal: " + journal), Response.render(loaded));
        assertEquals("test take-standby-out 1> ", engine.prompt());
        assertTrue(transport.sent.isEmpty(), "loading sends nothing");

        assertInstanceOf(Response.Output.class, eval(engine, "step"));
        assertEquals(List.of("master2host: ttAdmin -repStop master2"), transport.lines());
        assertTrue(live.toString().contains("master2host$ ttAdmin -repStop master2"), live.toString());
        assertTrue(live.toString().contains("model: master2.rep: up -> down"), live.toString());
        assertEquals("test take-standby-out 2> ", engine.prompt());

        String state = Response.render(eval(engine, "state master2"));
        assertTrue(state.contains("as the model predicts it"), state);
        assertTrue(state.matches("(?s).*state\\s+master2\\s+STANDBY\\s+STANDBY.*"), state);
        assertTrue(transport.wasSent("master2host", "ttIsql -connStr DSN=master2 -e 'call ttRepStateGet"), transport.lines().toString());
        // awtFlushed is a wait (ttRepSubscriberWait, up to 120 s), not a look: state never asks it
        assertFalse(transport.lines().stream().anyMatch(l -> l.contains("ttRepSubscriberWait")), transport.lines().toString());
        assertFalse(state.contains("awtFlushed"), state);

        Response back = eval(engine, "back");
        assertInstanceOf(Response.Error.class, back);
        assertTrue(Response.render(back).contains("not possible on real hosts"), Response.render(back));
        assertInstanceOf(Response.Error.class, eval(engine, "restart"));
        assertInstanceOf(Response.Error.class, eval(engine, "set standby=master1@master1host"));
        assertInstanceOf(Response.Error.class, eval(engine, "back"));

        // a statement typed at the prompt goes to the host and into the journal, marked typed
        Response typed = eval(engine, "on master1host: sh \"echo hello\"");
        assertInstanceOf(Response.Output.class, typed, Response.render(typed));
        assertTrue(transport.wasSent("master1host", "echo hello"), transport.lines().toString());

        eval(engine, "step");
        answers.add(false);
        Response destroy = eval(engine, "step");
        assertInstanceOf(Response.Stopped.class, destroy, Response.render(destroy));
        assertFalse(transport.wasSent("master2host", "ttDestroy"), transport.lines().toString());
        assertTrue(live.toString().contains("asked: destroy on master2host: `ttDestroy master2` cannot be undone. Go ahead?"), live.toString());
        assertEquals("test take-standby-out stopped> ", engine.prompt());
        Response again = eval(engine, "load " + runbook());
        assertTrue(Response.render(again).contains("is not finished: load would start another run from step 1"), Response.render(again));
        String said = engine.close();
        assertTrue(said.contains("continue with: runbook run " + runbook() + " -i " + inventory() + " --resume " + journal), said);

        List<String> lines = Files.readAllLines(journal);
        assertTrue(lines.get(0).contains("\"type\":\"header\"") && lines.get(0).contains("\"runbook\":\"take-standby-out\""), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"type\":\"statement\"") && l.contains("echo hello") && l.contains("\"typed\":true")));
        assertTrue(lines.stream().filter(l -> l.contains("echo hello")).allMatch(l -> l.contains("\"typed\":true")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"type\":\"answered\"") && l.contains("\"yes\":false")));

        // run --resume: what the session completed is replayed, the typed statement is not met, the destroy is asked again
        JournalReader.Read read = JournalReader.read(journal);
        assertEquals("3", read.lastStep());
        ScriptedTransport resumed = hosts();
        answers.add(true);
        RemoteRun.Setup setup = new RemoteRun.Setup(resumed, SecretSource.environment(name -> null), operator, QueryReader::read,
                RemoteBackend.Listener.NONE, RemoteBackend.Options.defaults(), read.replay());
        RemoteRun.Result result = RemoteRun.run(dev.runbook.sim.SimRun.check(RUNBOOK), Map.of(), null, setup, e -> { });
        assertTrue(result.ok(), result.events().toString());
        assertEquals(List.of("master2host: ttDestroy master2"), resumed.lines());
    }

    @Test
    @DisplayName("A whole run in the REPL on the hosts: continue, the destroy answered yes, the manual step done, the run ends well")
    void continuesToTheEnd() throws Exception {
        ScriptedTransport transport = hosts();
        ReplEngine engine = engine(transport, dir.resolve("whole.jsonl"));
        engine.start(runbook().toString(), Map.of(), List.of());
        answers.add(true);
        Response end = eval(engine, "continue");
        assertInstanceOf(Response.Output.class, end, Response.render(end) + live);
        assertEquals(List.of("master2host: ttAdmin -repStop master2",
                "master1host: ttIsql -connStr DSN=master1 -e 'call ttRepStateSave('\\''FAILED'\\'', '\\''master2'\\'', '\\''master2host'\\''); quit;'",
                "master2host: ttDestroy master2"), transport.lines());
        assertTrue(live.toString().contains("run ended well"), live.toString());
        assertEquals("test take-standby-out end> ", engine.prompt());
        assertEquals("journal: " + dir.resolve("whole.jsonl") + "\n", engine.close());
        List<String> lines = Files.readAllLines(dir.resolve("whole.jsonl"));
        assertTrue(lines.get(lines.size() - 1).contains("RunFinished") && lines.get(lines.size() - 1).contains("\"ok\":true"), lines.get(lines.size() - 1));
    }

    @Test
    @DisplayName("A runbook whose rehearsal fails is not run on the hosts: the message of run, nothing sent, no journal")
    void refusesWhatTheSimulationSaysFails() throws Exception {
        ScriptedTransport transport = hosts();
        Path journal = dir.resolve("never.jsonl");
        ReplEngine engine = engine(transport, journal);
        Response r = engine.start(runbook().toString(), Map.of("standby", "master1@master1host"), List.of());
        assertFalse(r instanceof Response.Output, Response.render(r));
        assertTrue(transport.sent.isEmpty());
        assertFalse(Files.exists(journal));
    }
}
