package dev.runbook.cli;

import dev.runbook.check.StandardRunbooks;
import dev.runbook.repl.ReplEngine;
import dev.runbook.repl.ReplTerminal;
import dev.runbook.repl.Target;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.terminal.Terminal;

/**
 * The work bin/runbook has the JVM do once, after the command it was asked for, when it records the
 * class-data archive (runbook.jsa): the main commands on a standard runbook, their output thrown away,
 * so that the archive holds the classes of every command and not only of the first one run after a
 * build. It touches no host and no file but a temporary one of its own; its failures are ignored,
 * since all it is for is loading classes.
 */
final class ClassDataTraining {

    /** The system property bin/runbook sets on the run that records the archive. */
    static final String PROPERTY = "runbook.cds.training";

    private static final String RUNBOOK = "asp-major-online-nocg";
    private static final String REPL_SCRIPT = "help\nstep\nstate\ndiff\nbreak 5\ncontinue\nwhere\nplan\nback\nquit\n";

    private ClassDataTraining() {}

    /** Runs the training; returns what failed (nothing, unless a command or the standard runbook changed). */
    static List<String> run() {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        List<String> failed = new ArrayList<>();
        Path file = null;
        try {
            file = Files.createTempFile(RUNBOOK + "-", ".rbk");
            Files.writeString(file, StandardRunbooks.find(RUNBOOK).orElseThrow().text());
            for (List<String> args : List.of(
                    List.of("check", file.toString()),
                    List.of("fmt", "--check", file.toString()),
                    List.of("lint", "--format", "sarif", file.toString()),
                    List.of("simulate", RUNBOOK),
                    List.of("plan", RUNBOOK),
                    List.of("doc", RUNBOOK, "--format", "md"),
                    List.of("list"))) {
                int code = Main.run(args.toArray(String[]::new), nowhere, nowhere);
                if (code != Main.OK) failed.add(String.join(" ", args) + ": exit " + code);
            }
            int code = repl(nowhere);
            if (code != Main.OK) failed.add("repl: exit " + code);
        } catch (IOException | RuntimeException e) {
            // training only loads classes: a failure leaves a smaller archive, never a wrong one
            failed.add(e.toString());
        } finally {
            if (file != null) deleteQuietly(file);
        }
        return failed;
    }

    /** A scripted session on a terminal over streams, as the REPL's own tests drive it. */
    private static int repl(PrintStream nowhere) throws IOException {
        ReplEngine engine = new ReplEngine(ReplCommand.loader(List.of(), new dev.runbook.check.Library(List.of())), Target.simulation());
        var first = engine.start(RUNBOOK, Map.of(), List.of());
        try (Terminal terminal = ReplTerminal.streams(new ByteArrayInputStream(REPL_SCRIPT.getBytes(StandardCharsets.UTF_8)), nowhere, "ansi")) {
            return ReplTerminal.run(engine, ReplTerminal.reader(engine, terminal, null), first);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file left behind is harmless
        }
    }
}
