package dev.runbook.exec.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.engine.Event;
import dev.runbook.exec.Replay;
import dev.runbook.source.Span;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal of a real run (issue 8, points 8 and 10): its lines, its locks, and what a resume reads from it. */
class JournalTest {

    @TempDir
    Path dir;

    private static final Span SPAN = new Span(0, 0, 3, 5, 3, 20);

    /** One event of every type the engine emits. */
    static List<Event> everyEvent() {
        return List.of(
                new Event.RunStarted("rb", "A title with \"quotes\"\nand a line break", true, Map.of("active", "master1"), 7),
                new Event.StepStarted("1-6/3", "Stop", "a.rbk", SPAN),
                new Event.CommandIssued("master2host", "run", "ttAdmin -repStop master2", "repStop"),
                new Event.StateChanged("master2.rep", "up", "down"),
                new Event.Waited("state standby == STANDBY", 1500, true, 60000, 10000),
                new Event.ManualAction("Tell the team"),
                new Event.Unverified("sh: echo"),
                new Event.StepFinished("1-6/3", 30),
                new Event.InvariantViolated("I-01", "never two ACTIVE", "both", "7", "a.rbk", SPAN, List.of("a"), List.of("b")),
                new Event.PreconditionFailed("repStop", "already stopped", "2", "a.rbk", SPAN, List.of("s")),
                new Event.ExpectFailed("state active == ACTIVE", "end", "a.rbk", Span.NONE, List.of()),
                new Event.WaitTimedOut("state standby == STANDBY", 100, "3", "a.rbk", SPAN, List.of(), false, "state standby is FAILED"),
                new Event.CommandFailed("destroy", "not sent", "3", "a.rbk", SPAN),
                new Event.FaultInjected("crash h after step 1"),
                new Event.RunFinished(false, 99, 5, List.of("database master1: exists=true"), List.of()));
    }

    @Test
    @DisplayName("Every event type goes to one JSON line and comes back equal")
    void everyEventRoundTrips() {
        List<Event> events = everyEvent();
        assertEquals(Event.class.getPermittedSubclasses().length, events.size(), "a new event type needs a line here");
        for (Event e : events) {
            String line = JsonLine.write(EventJson.encode(e));
            assertTrue(!line.contains("\n"), line);
            @SuppressWarnings("unchecked")
            Event back = EventJson.decode((Map<String, Object>) JsonLine.parse(line));
            assertEquals(e.toString().replace(SPAN.toString(), "S"), back.toString().replace(
                    new Span(0, 0, 3, 5, 3, 20).toString(), "S"), line);
        }
    }

    private Journal open(Path file) throws Exception {
        return Journal.open(file, Map.of("runbook", "rb", "sha256", "abc", "params", Map.of()), List.of("master1host", "master2host"),
                dir.resolve("locks"));
    }

    @Test
    @DisplayName("A journal starts with its versioned header, and every entry is a numbered line on disk at once")
    void headerAndEntries() throws Exception {
        Path file = dir.resolve("j.jsonl");
        try (Journal j = open(file)) {
            j.event(new Event.StepStarted("1", "Stop", "a.rbk", SPAN));
            j.entry("commandStarted", Map.of("host", "master2host", "command", "ttAdmin -repStop master2", "query", false));
            List<String> lines = Files.readAllLines(file);
            assertEquals(3, lines.size(), "forced to disk before the run goes on");
            assertTrue(lines.get(0).startsWith("{\"seq\":1,") && lines.get(0).contains("\"schema\":\"runbook.journal/v1\""), lines.get(0));
            assertTrue(lines.get(2).contains("\"seq\":3"), lines.get(2));
        }
    }

    @Test
    @DisplayName("Two runs never drive one journal or one host: the second is refused, naming the holder")
    void locks() throws Exception {
        Path file = dir.resolve("j.jsonl");
        try (Journal j = open(file)) {
            Journal.Refused sameJournal = assertThrows(Journal.Refused.class, () -> open(file));
            assertTrue(sameJournal.getMessage().contains("is in use by another run (pid " + ProcessHandle.current().pid()), sameJournal.getMessage());
            Journal.Refused sameHost = assertThrows(Journal.Refused.class, () -> open(dir.resolve("other.jsonl")));
            assertTrue(sameHost.getMessage().startsWith("host master1host is in use by another run"), sameHost.getMessage());
        }
        try (Journal again = open(file)) {
            assertTrue(Files.readAllLines(file).get(1).contains("\"type\":\"resumed\""));
        }
    }

    @Test
    @DisplayName("A last line cut by a killed run is reported and skipped; a resumed run starts on a line of its own")
    void tornLastLine() throws Exception {
        Path file = dir.resolve("j.jsonl");
        try (Journal j = open(file)) {
            j.entry("commandStarted", Map.of("host", "h", "command", "ttDestroy m2", "query", false));
        }
        Files.writeString(file, "{\"seq\":3,\"type\":\"comm", StandardOpenOption.APPEND);
        JournalReader.Read read = JournalReader.read(file);
        assertEquals(1, read.notes().size());
        assertTrue(read.notes().get(0).startsWith(file + ":3: a line cut short"), read.notes().get(0));
        try (Journal j = open(file)) {
            j.entry("interrupted", Map.of("why", "test"));
        }
        JournalReader.Read again = JournalReader.read(file);
        assertEquals(1, again.notes().size(), "the torn line, now before the resumed run's first, is still only reported");
        assertEquals("resumed", again.entries().get(1).get("type"));
    }

    @Test
    @DisplayName("A damaged line in the middle is an error with its place: the journal cannot be resumed safely")
    void damagedMiddleLine() throws Exception {
        Path file = dir.resolve("j.jsonl");
        try (Journal j = open(file)) {
            j.entry("answered", Map.of("question", "q", "yes", true));
        }
        List<String> lines = Files.readAllLines(file);
        Files.write(file, List.of(lines.get(0), "not json", lines.get(1)), StandardCharsets.UTF_8);
        JournalReader.Unreadable e = assertThrows(JournalReader.Unreadable.class, () -> JournalReader.read(file));
        assertTrue(e.getMessage().startsWith(file + ":2: this line is not a journal entry"), e.getMessage());
        Files.writeString(file, "{\"type\":\"event\"}\n");
        assertThrows(JournalReader.Unreadable.class, () -> JournalReader.read(file));
    }

    @Test
    @DisplayName("What a resume replays: completed actions in order (not queries, not failed commands), and the command left without an end")
    void replayFromEntries() throws Exception {
        Path file = dir.resolve("j.jsonl");
        try (Journal j = open(file)) {
            j.event(new Event.StepStarted("1", "Stop", "a.rbk", SPAN));
            j.entry("commandStarted", Map.of("host", "h2", "command", "ttAdmin -repStop m2", "query", false));
            j.entry("commandEnded", Map.of("host", "h2", "command", "ttAdmin -repStop m2", "query", false, "exit", 0L));
            j.entry("commandStarted", Map.of("host", "h2", "command", "ttStatus m2", "query", true));
            j.entry("commandEnded", Map.of("host", "h2", "command", "ttStatus m2", "query", true, "exit", 0L));
            j.event(new Event.StepFinished("1", 5));
            j.event(new Event.StepStarted("2", "Destroy", "a.rbk", SPAN));
            j.entry("commandStarted", Map.of("host", "h2", "command", "bad", "query", false));
            j.entry("commandEnded", Map.of("host", "h2", "command", "bad", "query", false, "exit", 1L));
            j.entry("answered", Map.of("question", "destroy?", "yes", true, "how", "terminal"));
            j.entry("manual", Map.of("instruction", "call", "done", false, "how", "end of input"));
            j.entry("commandStarted", Map.of("host", "h2", "command", "ttDestroy m2", "query", false));
        }
        JournalReader.Read read = JournalReader.read(file);
        assertEquals("2", read.lastStep());
        assertEquals(java.util.Set.of("1"), read.finishedSteps());
        Replay replay = read.replay();
        assertEquals(List.of(new Replay.Action(Replay.Kind.COMMAND, "h2", "ttAdmin -repStop m2"),
                new Replay.Action(Replay.Kind.CONFIRM, "", "destroy?")), replay.remaining());
        assertEquals(new Replay.Action(Replay.Kind.COMMAND, "h2", "ttDestroy m2"), replay.unknown());
    }


    @Test
    @DisplayName("What a statement typed at the REPL's prompt did is marked typed, and a resume neither replays it nor counts its step")
    void typedStatementsAreLeftOutOfTheReplay() throws Exception {
        Path file = dir.resolve("typed.jsonl");
        try (Journal j = open(file)) {
            j.event(new Event.StepStarted("1", "Stop", "a.rbk", SPAN));
            j.entry("commandStarted", Map.of("host", "master2host", "command", "ttAdmin -repStop master2", "query", false));
            j.entry("commandEnded", Map.of("host", "master2host", "command", "ttAdmin -repStop master2", "query", false, "exit", 0L, "millis", 5L));
            j.event(new Event.StepFinished("1", 5));
            j.typed(true);
            j.entry("statement", Map.of("input", "on master1host: sh \"echo hi\""));
            j.event(new Event.StepStarted("0", "", "<input>", SPAN));
            j.entry("commandStarted", Map.of("host", "master1host", "command", "echo hi", "query", false));
            j.entry("commandEnded", Map.of("host", "master1host", "command", "echo hi", "query", false, "exit", 0L, "millis", 1L));
            j.typed(false);
            j.entry("commandStarted", Map.of("host", "master1host", "command", "ttAdmin -repStop master1", "query", false));
        }
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.stream().filter(l -> l.contains("echo hi")).allMatch(l -> l.contains("\"typed\":true")), String.join("\n", lines));
        assertTrue(lines.get(lines.size() - 1).contains("repStop master1") && !lines.get(lines.size() - 1).contains("typed"), lines.get(lines.size() - 1));
        JournalReader.Read read = JournalReader.read(file);
        assertEquals(null, read.lastStep(), "the statement's step is not the runbook's");
        Replay replay = read.replay();
        assertEquals(List.of(new Replay.Action(Replay.Kind.COMMAND, "master2host", "ttAdmin -repStop master2")), replay.remaining());
        assertEquals(new Replay.Action(Replay.Kind.COMMAND, "master1host", "ttAdmin -repStop master1"), replay.unknown());
    }
}
