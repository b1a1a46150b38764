package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.ast.VerbClause;
import dev.runbook.check.CheckResult;
import dev.runbook.check.Vocabulary;
import dev.runbook.engine.Event;
import dev.runbook.engine.Secret;
import dev.runbook.engine.SecretSource;
import dev.runbook.sim.SimRun;
import dev.runbook.sim.Value;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The run backend over a scripted transport: what is sent, when the operator is asked, what a
 * failure or a dropped connection does, and how a resumed run replays the journal's actions
 * instead of sending them again (issue 8, points 7 and 8).
 */
class RemoteBackendTest {

    private static final String PAIR = """
            runbook remote "Take the standby out"
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


    private final ByteArrayOutputStream prompts = new ByteArrayOutputStream();
    private final List<String> journal = new ArrayList<>();

    private RemoteBackend.Listener listener() {
        return new RemoteBackend.Listener() {
            @Override
            public void commandStarted(String host, String maskedCommand, boolean query) {
                journal.add("started " + host + " " + maskedCommand);
            }

            @Override
            public void output(String host, Transport.Stream stream, String maskedLine) {
                journal.add("output " + host + " " + maskedLine);
            }

            @Override
            public void outcomeUnknown(String host, String maskedCommand, String why) {
                journal.add("unknown " + host + " " + maskedCommand);
            }

            @Override
            public void resolved(String host, String maskedCommand, String verdict) {
                journal.add("resolved " + maskedCommand + ": " + verdict);
            }

            @Override
            public void answered(String question, Operator.Answer answer) {
                journal.add("answered " + answer.yes() + " " + answer.how());
            }

            @Override
            public void manualDone(String instruction, Operator.Answer answer) {
                journal.add("manual " + answer.yes() + " " + answer.how());
            }

            @Override
            public void polling(String condition, long waitedMillis, long timeoutMillis, String lastAnswer) {
                journal.add("polling " + condition + " " + waitedMillis + "/" + timeoutMillis + " " + lastAnswer);
            }
        };
    }

    private boolean verify;
    private boolean stepByStep;
    private final List<Long> slept = new ArrayList<>();

    private RemoteRun.Result run(String runbook, ScriptedTransport transport, String typed, boolean terminal, boolean yes,
                                 Replay replay, SecretSource secrets) throws Exception {
        CheckResult checked = SimRun.check(runbook);
        assertFalse(checked.hasErrors(), () -> checked.diagnostics().toString());
        Operator operator = Operator.lines(new BufferedReader(new StringReader(typed)),
                new PrintStream(prompts, true, StandardCharsets.UTF_8), terminal, yes);
        RemoteRun.Setup setup = new RemoteRun.Setup(transport, secrets, operator, dev.runbook.engine.QueryReader::read, listener(),
                new RemoteBackend.Options(java.time.Duration.ofMinutes(1), yes, verify, slept::add), replay, stepByStep);
        return RemoteRun.run(checked, Map.of(), null, setup, null);
    }

    private RemoteRun.Result run(ScriptedTransport transport, String typed, boolean terminal) throws Exception {
        return run(PAIR, transport, typed, terminal, false, Replay.none(), param -> Optional.empty());
    }

    private static Event.CommandFailed failure(RemoteRun.Result result) {
        return result.events().stream().filter(e -> e instanceof Event.CommandFailed).map(e -> (Event.CommandFailed) e)
                .findFirst().orElseThrow(() -> new AssertionError("no CommandFailed in " + result.events()));
    }

    @Test
    @DisplayName("Every command goes to its host as the plan prints it; the destructive one after a typed yes, the manual step after done")
    void sendsThePlanInOrder() throws Exception {
        ScriptedTransport transport = new ScriptedTransport();
        RemoteRun.Result result = run(transport, "yes\ndone\n", true);
        assertTrue(result.ok(), () -> prompts + "\n" + journal + "\n" + result.events());
        assertEquals(List.of(
                "master2host: ttAdmin -repStop master2",
                "master1host: ttIsql -connStr DSN=master1 -e 'call ttRepStateSave('\\''FAILED'\\'', '\\''master2'\\'', '\\''master2host'\\''); quit;'",
                "master2host: ttDestroy master2"), transport.lines());
        String asked = prompts.toString(StandardCharsets.UTF_8);
        assertTrue(asked.contains("destroy on master2host: `ttDestroy master2` cannot be undone. Go ahead?"), asked);
        assertTrue(asked.contains("manual: Tell the team the standby is gone"), asked);
        assertTrue(journal.contains("answered true terminal") && journal.contains("manual true terminal"), journal.toString());
        assertEquals("false", Value.show(result.predicted().get(new Value.Ref("database", "master2"), "exists")));
    }

    @Test
    @DisplayName("A no to a destructive step sends nothing more and stops the run with what to do")
    void aNoStopsBeforeTheDestructiveCommand() throws Exception {
        ScriptedTransport transport = new ScriptedTransport();
        RemoteRun.Result result = run(transport, "no\n", true);
        assertFalse(result.ok());
        assertEquals(2, transport.sent.size(), transport.lines().toString());
        Event.CommandFailed failed = failure(result);
        assertEquals("3", failed.label());
        assertTrue(failed.message().contains("the operator did not agree to destroy"), failed.message());
        assertEquals("true", Value.show(result.predicted().get(new Value.Ref("database", "master2"), "exists")),
                "the model keeps the standby: nothing was destroyed");
    }

    @Test
    @DisplayName("Without a terminal and without --yes a destructive step stops the run; with --yes it goes ahead")
    void noTerminalNeedsYes() throws Exception {
        ScriptedTransport transport = new ScriptedTransport();
        RemoteRun.Result stopped = run(transport, "yes\ndone\n", false);
        assertFalse(stopped.ok());
        assertTrue(failure(stopped).message().contains("no terminal and no --yes"), failure(stopped).message());
        ScriptedTransport again = new ScriptedTransport();
        RemoteRun.Result yes = run(PAIR, again, "done\n", false, true, Replay.none(), param -> Optional.empty());
        assertTrue(yes.ok(), () -> prompts + "\n" + journal);
        assertTrue(journal.contains("answered true --yes") && journal.contains("manual true input"), journal.toString());
    }

    @Test
    @DisplayName("A command that fails on its host stops the run with its exit status and last error lines; the model keeps the state before it")
    void aFailedCommandStopsTheRun() throws Exception {
        ScriptedTransport transport = new ScriptedTransport()
                .on("master2host", "ttAdmin -repStop", ScriptedTransport.Reply.exit(12, "TT12027: Replication agent is not running"));
        RemoteRun.Result result = run(transport, "", true);
        Event.CommandFailed failed = failure(result);
        assertEquals("repStop", failed.verb());
        assertEquals("repStop failed on master2host with exit status 12: TT12027: Replication agent is not running", failed.message());
        assertEquals("up", Value.show(result.predicted().get(new Value.Ref("database", "master2"), "rep")));
        assertEquals(1, transport.sent.size());
    }

    @Test
    @DisplayName("A connection that drops while a command runs: outcome unknown, journaled, and the run stops saying resume probes first")
    void aDroppedConnectionLeavesTheOutcomeUnknown() throws Exception {
        ScriptedTransport transport = new ScriptedTransport().on("master2host", "ttAdmin -repStop", ScriptedTransport.Reply.dropped());
        RemoteRun.Result result = run(transport, "", true);
        assertTrue(failure(result).message().startsWith("repStop outcome unknown: master2host: the connection ended"), failure(result).message());
        assertTrue(journal.contains("unknown master2host ttAdmin -repStop master2"), journal.toString());
    }

    @Test
    @DisplayName("A secret goes to the host but never into a message, the journal or the output it echoes")
    void secretsAreSentButNeverShown() throws Exception {
        String runbook = """
                runbook secret "Create a user"
                  require state db == ACTIVE
                  require role of db == master

                use timesten

                param db = master1 on "master1host"
                param app = credential "appuser"

                step 1 "Create the user":
                  on db: createUser app at db
                """;
        String secret = dev.runbook.TestSecrets.HOSTILE;
        ScriptedTransport transport = new ScriptedTransport()
                .on("master1host", "ttIsql", ScriptedTransport.Reply.exit(1, "syntax error near " + secret));
        RemoteRun.Result result = run(runbook, transport, "", true, false, Replay.none(),
                param -> param.equals("app") ? Optional.of(new Secret(secret)) : Optional.empty());
        assertTrue(transport.sent.get(0).line().contains("Tst-Secr3t-p") && !transport.sent.get(0).line().contains(Secret.MASK),
                "the host gets the secret: " + transport.sent.get(0).line());
        String everything = result.events() + " " + journal + " " + prompts;
        assertFalse(everything.contains(secret), everything);
        assertTrue(failure(result).message().endsWith("syntax error near " + Secret.MASK), failure(result).message());
    }

    @Test
    @DisplayName("Resume: the journal's completed actions are not done again, the rest are, from where the run stopped")
    void resumeReplaysWhatWasDone() throws Exception {
        List<Replay.Action> done = List.of(
                new Replay.Action(Replay.Kind.COMMAND, "master2host", "ttAdmin -repStop master2"),
                new Replay.Action(Replay.Kind.COMMAND, "master1host",
                        "ttIsql -connStr DSN=master1 -e 'call ttRepStateSave('\\''FAILED'\\'', '\\''master2'\\'', '\\''master2host'\\''); quit;'"));
        ScriptedTransport transport = new ScriptedTransport();
        RemoteRun.Result result = run(PAIR, transport, "yes\ndone\n", true, false, new Replay(done, null), param -> Optional.empty());
        assertTrue(result.ok(), () -> prompts + "\n" + journal + "\n" + result.events());
        assertEquals(List.of("master2host: ttDestroy master2"), transport.lines());
        assertTrue(result.notReplayed().isEmpty());
    }

    @Test
    @DisplayName("Resume with a journal of another runbook or other parameters stops at the first difference, sending nothing")
    void resumeRefusesADifferentRun() throws Exception {
        List<Replay.Action> done = List.of(new Replay.Action(Replay.Kind.COMMAND, "master3host", "ttAdmin -repStop master3"));
        ScriptedTransport transport = new ScriptedTransport();
        RemoteRun.Result result = run(PAIR, transport, "", true, false, new Replay(done, null), param -> Optional.empty());
        assertFalse(result.ok());
        assertTrue(transport.sent.isEmpty(), transport.lines().toString());
        Event.CommandFailed failed = failure(result);
        assertEquals("resume", failed.verb());
        assertTrue(failed.message().contains("the journal says `ttAdmin -repStop master3` on master3host was done next"), failed.message());
    }

    @Test
    @DisplayName("Resume after an unknown outcome: the probes read the state after it, so it is not sent again")
    void unknownOutcomeFoundDone() throws Exception {
        ScriptedTransport transport = new ScriptedTransport()
                .on("master2host", "ttStatus", ScriptedTransport.Reply.ok("Daemon pid 1234 port 6624 instance tt181", "Subdaemon 5678"));
        Replay replay = new Replay(List.of(), new Replay.Action(Replay.Kind.COMMAND, "master2host", "ttAdmin -repStop master2"));
        RemoteRun.Result result = run(PAIR, transport, "yes\ndone\n", true, false, replay, param -> Optional.empty());
        assertTrue(result.ok(), () -> prompts + "\n" + journal + "\n" + result.events());
        assertFalse(transport.lines().contains("master2host: ttAdmin -repStop master2"), transport.lines().toString());
        assertTrue(transport.lines().contains("master2host: ttStatus master2"), transport.lines().toString());
        assertTrue(journal.stream().anyMatch(l -> l.startsWith("resolved ttAdmin -repStop master2: done")), journal.toString());
    }

    @Test
    @DisplayName("Resume after an unknown outcome: the probes read the state before it, so it is sent again")
    void unknownOutcomeFoundNotDone() throws Exception {
        ScriptedTransport transport = new ScriptedTransport()
                .on("master2host", "ttStatus", ScriptedTransport.Reply.ok("Daemon pid 1234 port 6624 instance tt181",
                        "Replication   12345   master2   Manually started"));
        Replay replay = new Replay(List.of(), new Replay.Action(Replay.Kind.COMMAND, "master2host", "ttAdmin -repStop master2"));
        RemoteRun.Result result = run(PAIR, transport, "yes\ndone\n", true, false, replay, param -> Optional.empty());
        assertTrue(result.ok(), () -> prompts + "\n" + journal + "\n" + result.events());
        assertTrue(transport.lines().contains("master2host: ttAdmin -repStop master2"), transport.lines().toString());
        assertTrue(journal.stream().anyMatch(l -> l.startsWith("resolved ttAdmin -repStop master2: sent again")), journal.toString());
    }

    @Test
    @DisplayName("Resume after an unknown outcome the probes cannot settle: the operator decides; a no stops the run")
    void unknownOutcomeAsksTheOperator() throws Exception {
        ScriptedTransport transport = new ScriptedTransport()
                .on("master2host", "ttStatus", ScriptedTransport.Reply.exit(1, "ttStatus: cannot connect to the daemon"));
        Replay replay = new Replay(List.of(), new Replay.Action(Replay.Kind.COMMAND, "master2host", "ttAdmin -repStop master2"));
        RemoteRun.Result result = run(PAIR, transport, "no\n", true, false, replay, param -> Optional.empty());
        assertFalse(result.ok());
        String asked = prompts.toString(StandardCharsets.UTF_8);
        assertTrue(asked.contains("The outcome of `ttAdmin -repStop master2` on master2host is unknown"), asked);
        assertTrue(asked.contains("repAgentRunning master2: repAgentRunning failed on master2host with exit status 1"), asked);
        assertFalse(transport.lines().contains("master2host: ttAdmin -repStop master2"));
    }

    @Test
    @DisplayName("--verify: after each step the hosts it acted on are asked every query about them; an answer the model did not predict stops the run there")
    void verifyStopsAtTheFirstSurprise() throws Exception {
        verify = true;
        ScriptedTransport transport = new ScriptedTransport()
                .on("master2host", "ttStatus master2", ScriptedTransport.Reply.ok("Daemon pid 1234 port 6624 instance tt181",
                        "Replication   12345   master2   Manually started"))
                .on("master2host", "ttIsql -connStr DSN=master2 -e 'call ttRepStateGet", ScriptedTransport.Reply.ok("< STANDBY >", "1 row found."));
        RemoteRun.Result result = run(transport, "yes\ndone\n", true);
        Event.InvariantViolated surprise = result.events().stream().filter(e -> e instanceof Event.InvariantViolated)
                .map(e -> (Event.InvariantViolated) e).findFirst().orElseThrow(() -> new AssertionError(result.events().toString()));
        assertEquals("VERIFY", surprise.id());
        assertEquals("1", surprise.label());
        assertTrue(surprise.message().startsWith("repAgentRunning master2 answers true on the host, the model predicts false"), surprise.message());
        assertEquals(1, transport.lines().stream().filter(l -> l.contains("ttAdmin")).count(), "nothing after step 1 was sent");
    }

    @Test
    @DisplayName("--verify with hosts that answer as predicted: the run goes through, the probes journaled like any command")
    void verifyPassesWhenTheHostsAgree() throws Exception {
        verify = true;
        ScriptedTransport transport = new ScriptedTransport()
                .on("master1host", "ttStatus", ScriptedTransport.Reply.ok("Daemon pid 1 port 6624 instance tt181", "Replication 2 master1"))
                .on("master2host", "ttStatus", ScriptedTransport.Reply.ok("Daemon pid 1234 port 6624 instance tt181"))
                .on("master1host", "ttIsql -connStr DSN=master1 -e 'call ttRepStateGet", ScriptedTransport.Reply.ok("< ACTIVE >", "1 row found."))
                .on("master1host", "ttIsql -connStr DSN=master1 -e 'repschemes", ScriptedTransport.Reply.ok("Replication Scheme _ACTIVESTANDBY."))
                .on("master2host", "ttIsql -connStr DSN=master2 -e 'repschemes", ScriptedTransport.Reply.ok("Replication Scheme _ACTIVESTANDBY."));
        transport.on("master2host", "ttIsql -connStr DSN=master2 -e 'call ttRepStateGet", sent -> ScriptedTransport.Reply.ok(
                transport.wasSent("master1host", "ttIsql -connStr DSN=master1 -e 'call ttRepStateSave") ? "< FAILED >" : "< STANDBY >"));
        RemoteRun.Result result = run(transport, "yes\ndone\n", true);
        assertTrue(result.ok(), () -> prompts + "\n" + transport.lines() + "\n" + result.events());
        assertTrue(journal.contains("started master2host ttStatus master2"), journal.toString());
    }

    @Test
    @DisplayName("--step: the operator says yes before each step; a no stops the run before that step, sending nothing of it")
    void stepByStepHoldsOnANo() throws Exception {
        stepByStep = true;
        ScriptedTransport transport = new ScriptedTransport();
        RemoteRun.Result result = run(transport, "yes\nno\n", true);
        assertFalse(result.ok());
        assertEquals("2", result.heldBefore());
        assertEquals(List.of("master2host: ttAdmin -repStop master2"), transport.lines());
        assertTrue(prompts.toString(StandardCharsets.UTF_8).contains("confirm: Run step 2?"), prompts.toString(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("A wait asks the host at each poll, sleeps the poll period between, and reports each poll with the last answer (the live line)")
    void aWaitPollsTheHost() throws Exception {
        String runbook = """
                runbook w "Wait for the standby"
                  require state active == ACTIVE and state standby == STANDBY
                  require role of [active, standby] == master

                use timesten

                param active = master1 on "master1host"
                param standby = master2 on "master2host"

                step 1 "Wait until the standby is back":
                  wait state standby == STANDBY timeout 1m every 10s
                """;
        int[] polls = {0};
        ScriptedTransport transport = new ScriptedTransport();
        transport.on("master2host", "ttIsql -connStr DSN=master2 -e 'call ttRepStateGet",
                sent -> ScriptedTransport.Reply.ok(++polls[0] < 3 ? "< RECOVERING >" : "< STANDBY >", "1 row found."));
        RemoteRun.Result result = run(runbook, transport, "", true, false, Replay.none(), param -> Optional.empty());
        assertTrue(result.ok(), () -> result.events().toString());
        assertEquals(3, polls[0]);
        assertEquals(List.of(10_000L, 10_000L), slept, "the poll period, twice");
        assertTrue(journal.contains("polling state standby == STANDBY 10000/60000 state master2host: RECOVERING"), journal.toString());
        Event.Waited waited = result.events().stream().filter(e -> e instanceof Event.Waited).map(e -> (Event.Waited) e).findFirst().orElseThrow();
        assertTrue(waited.satisfied());
    }
}
