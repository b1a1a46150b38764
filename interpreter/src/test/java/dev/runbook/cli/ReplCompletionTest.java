package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.check.Library;
import dev.runbook.repl.ReplEngine;
import dev.runbook.repl.ReplTerminal;
import dev.runbook.repl.Request;
import dev.runbook.repl.Response;
import dev.runbook.repl.Target;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.junit.jupiter.api.Test;

/**
 * Tab completion: the candidates the REPL engine offers for each kind of word (commands, verbs,
 * hosts, databases, parameters, state names, step numbers, breakpoints, runbook ids), against the
 * golden list {@code repl/completion.txt}; and Tab on a real line reader completing a command.
 */
class ReplCompletionTest {

    private static final boolean UPDATE = "true".equals(System.getProperty("golden.update"));

    static ReplEngine engine() {
        return new ReplEngine(ReplCommand.loader(List.of(), new Library(List.of())), Target.simulation());
    }

    /** The candidates for the last word of {@code line} ("state m" completes "m"; "state " a new word). */
    static List<String> candidates(ReplEngine engine, String line) {
        List<String> words = Arrays.asList(line.split(" ", -1));
        Response r = engine.handle(new Request.Complete(words, words.size() - 1));
        return ((Response.Completions) r).candidates();
    }

    static final List<String> LINES = List.of("", "b", "he", "help br", "load asp-major", "break ", "break 1", "break state m",
            "state ", "state master", "set ", "delete ", "on master2host: rep", "on st", "expect state master2 == ST", "wait state master2 == AC");

    @Test
    void candidatesForEachKindOfWord() throws Exception {
        ReplEngine engine = engine();
        StringBuilder out = new StringBuilder();
        out.append("before a runbook is loaded:\n");
        out.append("  `` -> ").append(String.join(" ", candidates(engine, ""))).append('\n');
        engine.start("asp-major-online-nocg", Map.of(), List.of());
        engine.handle(new Request.Eval("break 9"));
        out.append("with asp-major-online-nocg loaded and a breakpoint at step 9:\n");
        for (String line : LINES) {
            List<String> c = candidates(engine, line);
            out.append("  `").append(line).append("` -> ").append(c.size() > 40 ? c.size() + " candidates, from " + c.get(0) + " to " + c.get(c.size() - 1)
                    : String.join(" ", c)).append('\n');
        }
        Path golden = ReplTranscriptTest.DIR.resolve("completion.txt");
        if (UPDATE) Files.writeString(golden, out.toString(), StandardCharsets.UTF_8);
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), out.toString());
        List<String> stepWords = candidates(engine, "break 1");
        assertTrue(stepWords.containsAll(List.of("1", "10", "10a", "17-22")), stepWords.toString());
        assertTrue(candidates(engine, "on master2host: rep").containsAll(List.of("repStart", "repStop")));
        assertTrue(candidates(engine, "state master").containsAll(List.of("master1", "master1host", "master2", "master2host")));
        assertTrue(candidates(engine, "expect state master2 == ST").contains("STANDBY"));
        assertTrue(candidates(engine, "set ").contains("release="));
    }

    @Test
    void tabCompletesOnALineReader() throws Exception {
        ReplEngine engine = engine();
        engine.start("asp-major-online-nocg", Map.of(), List.of());
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        // "wh" Tab completes the one command that starts so; "brea" Tab "s" is breaks
        byte[] typed = "wh\t\nbrea\ts\nhistory\n".getBytes(StandardCharsets.UTF_8);
        try (Terminal terminal = ReplTranscriptTest.typing(typed, shown, "ansi")) {
            ReplTerminal.run(engine, ReplTerminal.reader(engine, terminal, null), null);
        }
        String screen = ReplTranscriptTest.plain(shown.toString(StandardCharsets.UTF_8));
        assertTrue(screen.contains("   1  where\n   2  breaks\n   3  history\n"), screen);
        assertTrue(screen.contains("steps done; next: step 1  "), "where ran: " + screen);
        assertFalse(screen.contains("error"), screen);
    }
}
