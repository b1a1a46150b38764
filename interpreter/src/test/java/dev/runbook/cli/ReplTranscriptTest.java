package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runbook.check.Library;
import dev.runbook.repl.ReplEngine;
import dev.runbook.repl.ReplTerminal;
import dev.runbook.repl.Response;
import dev.runbook.repl.Target;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jline.reader.LineReader;
import org.jline.terminal.Terminal;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Scripted REPL sessions through JLine's line reader on a dumb terminal over piped streams, byte for
 * byte against golden transcripts: {@code repl/NAME.in} holds the keys typed (after {@code #!}
 * header lines that say what the command line gave: {@code #! load ID}, {@code #! fault SPEC},
 * {@code #! param NAME=VALUE}), {@code repl/NAME.out} what the terminal showed, prompts, the
 * continuation prompt and the answers. Regenerated only with {@code -Dgolden.update=true}: review
 * the diff before committing it.
 */
class ReplTranscriptTest {

    static final Path DIR = TraceGoldenTest.ROOT.resolve("interpreter/src/test/resources/repl");
    private static final boolean UPDATE = "true".equals(System.getProperty("golden.update"));

    /** The transcript of one scripted session: what a person at the terminal would have seen. */
    static String session(String script) throws IOException {
        String load = null;
        List<String> faults = new ArrayList<>();
        Map<String, String> params = new LinkedHashMap<>();
        StringBuilder keys = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            if (line.startsWith("#! load ")) load = line.substring(8).strip();
            else if (line.startsWith("#! fault ")) faults.add(line.substring(9).strip());
            else if (line.startsWith("#! param ")) {
                String p = line.substring(9).strip();
                params.put(p.substring(0, p.indexOf('=')), p.substring(p.indexOf('=') + 1));
            } else {
                keys.append(line).append('\n');
            }
        }
        ReplEngine engine = new ReplEngine(ReplCommand.loader(List.of(), new Library(List.of())), Target.simulation());
        Response first = load == null ? null : engine.start(load, params, faults);
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        String typed = keys.toString().stripTrailing() + "\n";
        try (Terminal terminal = ReplTranscriptTest.typing(typed.getBytes(StandardCharsets.UTF_8), shown, "dumb")) {
            LineReader reader = ReplTerminal.reader(engine, terminal, null);
            ReplTerminal.run(engine, reader, first);
        }
        return plain(shown.toString(StandardCharsets.UTF_8));
    }

    /**
     * A terminal that the keys are typed into once it stops echoing: the keys go through a pipe
     * written after the terminal is built, so that none is echoed before the line reader draws it.
     */
    static Terminal typing(byte[] keys, java.io.OutputStream shown, String type) throws IOException {
        java.io.PipedInputStream in = new java.io.PipedInputStream(keys.length + 1024);
        java.io.PipedOutputStream writer = new java.io.PipedOutputStream(in);
        Terminal terminal = ReplTerminal.streams(in, shown, type);
        writer.write(keys);
        writer.close();
        return terminal;
    }

    /** The text without the terminal's escape sequences (colours, bracketed paste) and carriage returns. */
    static String plain(String screen) {
        return screen.replaceAll("\u001b\\[[0-9;?]*[A-Za-z]|\u001b[=>]", "").replace("\r\n", "\n").replace("\r", "");
    }

    @TestFactory
    Stream<DynamicTest> transcripts() throws IOException {
        List<Path> inputs;
        try (Stream<Path> files = Files.list(DIR)) {
            inputs = files.filter(p -> p.toString().endsWith(".in")).sorted().toList();
        }
        assertFalse(inputs.isEmpty(), "no scripts in " + DIR);
        return inputs.stream().map(in -> DynamicTest.dynamicTest(in.getFileName().toString(), () -> {
            String actual = session(Files.readString(in, StandardCharsets.UTF_8));
            Path expected = Path.of(in.toString().replaceAll("\\.in$", ".out"));
            if (UPDATE) {
                Files.writeString(expected, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(expected)) fail("no golden transcript " + expected + ": run with -Dgolden.update=true and review it");
            assertEquals(Files.readString(expected, StandardCharsets.UTF_8), actual, "transcript of " + in.getFileName());
            assertFalse(actual.contains("Exception"), "a stack trace reached the user:\n" + actual);
        }));
    }

    static String read(String name) {
        try {
            return Files.readString(DIR.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCommandIsInSomeTranscript() {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(DIR)) {
            files.filter(p -> p.toString().endsWith(".in")).forEach(p -> all.append(read(p.getFileName().toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> commands = List.of("load", "step", "next", "continue", "break", "breaks", "delete", "restart", "back", "state", "diff",
                "plan", "where", "set", "history", "help", "quit");
        return commands.stream().map(c -> DynamicTest.dynamicTest(c, () -> assertTrue(
                java.util.regex.Pattern.compile("(?m)^" + c + "\\b").matcher(all).find(), "no transcript types `" + c + "`")));
    }
}
