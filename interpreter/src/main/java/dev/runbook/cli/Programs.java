package dev.runbook.cli;

import dev.runbook.check.CheckResult;
import dev.runbook.check.Checker;
import dev.runbook.check.Library;
import dev.runbook.check.StandardRunbooks;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.DiagnosticRenderer;
import dev.runbook.source.Severity;
import dev.runbook.source.Source;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the commands that run a runbook share ({@code simulate}, {@code plan}, and those to come):
 * finding FILE|ID, reading {@code --lib} and {@code -p}, checking, and saying why not.
 */
final class Programs {

    private Programs() {}

    /** Stops a command after it has said why: carries the exit code. */
    static final class Exit extends Exception {
        final int code;

        Exit(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    /**
     * stderr, remembered: a command with {@code --format json} that stops on a usage error before it
     * has a document to print still prints one, with the error in it ({@link #usageDocument}).
     */
    static final class RecordingErr extends PrintWriter {
        private final java.io.StringWriter seen;

        private RecordingErr(PrintWriter err, java.io.StringWriter seen) {
            super(new java.io.Writer() {
                @Override
                public void write(char[] buf, int off, int len) {
                    err.write(buf, off, len);
                    seen.write(buf, off, len);
                }

                @Override
                public void flush() {
                    err.flush();
                }

                @Override
                public void close() {
                    err.flush();
                }
            }, true);
            this.seen = seen;
        }

        static RecordingErr of(PrintWriter err) {
            return new RecordingErr(err, new java.io.StringWriter());
        }

        String seen() {
            flush();
            return seen.toString();
        }
    }

    /**
     * The JSON document of a run that stopped before it started: {@code schema}, {@code ok: false},
     * and {@code error} with the message and the hint printed on stderr.
     */
    static Map<String, Object> usageDocument(String schema, String stderr) {
        String message = null;
        List<String> hints = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            if (line.startsWith("  hint: ")) hints.add(line.substring("  hint: ".length()));
            else if (message == null && !line.isBlank()) message = line.startsWith("runbook: ") ? line.substring("runbook: ".length()) : line;
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message == null ? "bad usage" : message);
        error.put("hint", hints.isEmpty() ? null : String.join("; ", hints));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", schema);
        doc.put("ok", false);
        doc.put("error", error);
        return doc;
    }

    /** {@code runbook: MESSAGE} and its hint on stderr, for a run that cannot start. */
    static void printProblem(dev.runbook.sim.InitialState.Problem p, PrintWriter err) {
        err.println("runbook: " + p.getMessage());
        if (p.hint() != null) err.println("  hint: " + p.hint());
    }

    /** A runbook named on the command line, checked. {@code argument} is what the user typed. */
    record Loaded(String argument, Source source, CheckResult result, boolean standard) {
        String display() {
            return source.name();
        }
    }

    /** The {@code --lib} directories, or {@link Exit} after saying which one is wrong. */
    static List<Path> libDirs(List<String> libs, PrintWriter err) throws Exit {
        List<Path> dirs = new ArrayList<>();
        for (String lib : libs) {
            Path dir;
            try {
                dir = Inputs.path(lib);
            } catch (Inputs.Unreadable u) {
                err.println("runbook: --lib " + lib + ": " + u.reason);
                throw new Exit(Main.USAGE);
            }
            if (!Files.isDirectory(dir)) {
                err.println("runbook: --lib " + lib + ": " + (Files.exists(dir) ? "not a directory" : "no such directory"));
                err.println("  hint: --lib takes a directory that holds modules, e.g. --lib ./mylib for ./mylib/site.rbk");
                throw new Exit(Main.USAGE);
            }
            dirs.add(dir);
        }
        return dirs;
    }

    /**
     * {@code -p NAME=VALUE} arguments, in order. A value may hold {@code =}; a name given twice is a
     * mistake rather than a silent override.
     */
    static Map<String, String> params(List<String> args, PrintWriter err) throws Exit {
        Map<String, String> out = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                err.println("runbook: -p " + arg + ": write NAME=VALUE");
                err.println("  hint: e.g. -p release=22.1, -p standby=master2@master2host, -p subscribers=sub1@h1,sub2@h2");
                throw new Exit(Main.USAGE);
            }
            String name = arg.substring(0, eq).strip();
            if (out.containsKey(name)) {
                err.println("runbook: -p " + name + " is given twice");
                err.println("  hint: give each parameter once");
                throw new Exit(Main.USAGE);
            }
            out.put(name, arg.substring(eq + 1));
        }
        return out;
    }

    /**
     * Reads FILE, or the standard runbook ID when no such file exists, and checks it; the caller
     * decides what to do with check errors. {@link Exit} (code 2) after saying why it cannot read it.
     */
    static Loaded load(String argument, List<Path> libDirs, PrintWriter err) throws Exit {
        Source source = null;
        boolean standard = false;
        boolean exists;
        try {
            exists = Files.exists(Path.of(argument));
        } catch (InvalidPathException e) {
            exists = false;
        }
        if (!exists) {
            Optional<Source> builtin = StandardRunbooks.find(argument);
            if (builtin.isPresent()) {
                source = builtin.get();
                standard = true;
            } else {
                err.println("runbook: cannot read " + Inputs.display(argument) + ": no such file, and no standard runbook of that id");
                List<String> ids = StandardRunbooks.ids();
                err.println("  hint: give the path of a .rbk file, or one of the standard runbooks: "
                        + (ids.isEmpty() ? "(none found)" : String.join(", ", ids)));
                throw new Exit(Main.USAGE);
            }
        } else {
            try {
                source = Inputs.read(argument);
            } catch (Inputs.Unreadable u) {
                err.println(u.report("read"));
                throw new Exit(Main.USAGE);
            }
        }
        CheckResult result = new Checker(new Library(libDirs)).check(source);
        return new Loaded(argument, source, result, standard);
    }

    /** The check's findings as {@code check} prints them, then one line saying nothing ran. */
    static void printDiagnostics(CheckResult result, PrintWriter out, String what) {
        DiagnosticRenderer renderer = new DiagnosticRenderer();
        List<Diagnostic> all = new ArrayList<>(result.diagnostics());
        all.sort(DiagnosticRenderer.ORDER);
        int errors = 0;
        int warnings = 0;
        for (Diagnostic d : all) {
            out.println(renderer.render(d));
            if (d.severity() == Severity.ERROR) errors++;
            else if (d.severity() == Severity.WARNING) warnings++;
        }
        out.println(CheckCommand.count(errors, "error") + ", " + CheckCommand.count(warnings, "warning") + ": " + what);
    }

    /** The check's findings as objects of the {@code runbook.check/v1} schema. */
    static List<Object> diagnosticsJson(Loaded loaded) {
        List<Object> out = new ArrayList<>();
        for (Diagnostic d : loaded.result().diagnostics()) {
            out.add(CheckCommand.diagnostic(d.code().id(), d.severity(), d.message(), d.hint(), d.span(),
                    d.source() == null ? loaded.display() : d.source().name()));
        }
        return out;
    }
}
