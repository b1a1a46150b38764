package dev.runbook.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runbook.check.CheckResult;
import dev.runbook.check.Checker;
import dev.runbook.check.Library;
import dev.runbook.engine.Event;
import dev.runbook.exec.Simulation;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.DiagnosticRenderer;
import dev.runbook.source.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Check + simulate + events, for the model's tests: a small runbook (a text block or a file under
 * src/test/resources/sim/) is checked against the stdlib on disk (not the copy in the jar), must
 * check without errors, and is simulated from its parameters and require lines.
 */
public final class SimRun {

    /** The file name every text-block runbook is checked as. */
    public static final String NAME = "test.rbk";

    private final CheckResult checked;
    private final Simulation.Result result;

    private SimRun(CheckResult checked, Simulation.Result result) {
        this.checked = checked;
        this.result = result;
    }

    public static Path repoRoot() {
        return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }

    private static Checker checker;

    /** One checker over the files on disk, so that the tests see the stdlib under review. */
    public static synchronized Checker checker() {
        if (checker == null) {
            Path root = repoRoot();
            checker = new Checker(new Library(List.of(root.resolve("stdlib"), root.resolve("runbooks"))));
        }
        return checker;
    }

    public static CheckResult check(String text) {
        return check(Source.of(NAME, text));
    }

    public static CheckResult check(Source source) {
        CheckResult r = checker().check(source);
        List<Diagnostic> errors = r.diagnostics().stream().filter(Diagnostic::isError).toList();
        if (!errors.isEmpty()) fail("the test runbook must check without errors:\n" + new DiagnosticRenderer().renderAll(errors));
        return r;
    }

    /** Checks and simulates a runbook given as text. */
    public static SimRun of(String text) {
        return of(text, Simulation.Options.defaults());
    }

    public static SimRun of(String text, Simulation.Options options) {
        return run(check(text), options);
    }

    /** A runbook from src/test/resources/sim/ (e.g. "invariants/i04-violated.rbk"). */
    public static SimRun resource(String path) {
        return run(check(Source.of(path, readResource("sim/" + path))), Simulation.Options.defaults());
    }

    /** A runbook of the repository (e.g. "runbooks/asp-major-online-nocg.rbk"). */
    public static SimRun file(String relative) {
        try {
            return run(check(Source.read(repoRoot().resolve(relative), relative)), Simulation.Options.defaults());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String readResource(String path) {
        try (var in = SimRun.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("no test resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SimRun run(CheckResult checked, Simulation.Options options) {
        try {
            return new SimRun(checked, Simulation.run(checked, options));
        } catch (InitialState.Problem e) {
            throw new AssertionError("the starting state cannot be built: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ reading the run

    public boolean ok() {
        return result.ok();
    }

    public List<Event> events() {
        return result.events();
    }

    public ModelState state() {
        return result.finalState();
    }

    public <T extends Event> List<T> events(Class<T> kind) {
        List<T> out = new ArrayList<>();
        for (Event e : result.events()) if (kind.isInstance(e)) out.add(kind.cast(e));
        return out;
    }

    /** The events, one a line, for failure messages. */
    public String trace() {
        StringBuilder out = new StringBuilder();
        for (Event e : result.events()) {
            if (e instanceof Event.RunFinished f) {
                out.append("RunFinished ok=").append(f.ok()).append('\n');
                for (String line : f.finalState()) out.append("    ").append(line).append('\n');
            } else if (e instanceof Event.InvariantViolated v) {
                out.append("InvariantViolated ").append(v.id()).append(" at ").append(v.label()).append(": ").append(v.message()).append('\n');
            } else if (e instanceof Event.PreconditionFailed p) {
                out.append("PreconditionFailed ").append(p.verb()).append(" at ").append(p.label()).append(": ").append(p.message()).append('\n');
            } else {
                out.append(e).append('\n');
            }
        }
        return out.toString();
    }

    /** A field of an entity instance in the final state, as a trace shows it ("ACTIVE", "true", "22.1"). */
    public String field(String id, String field) {
        for (ModelState.Instance i : state().instances()) {
            if (i.id().equals(id)) return Value.show(i.fields().getOrDefault(field, Value.NIL));
        }
        throw new AssertionError("no `" + id + "` in the final state:\n" + trace());
    }

    public Map<String, Value> fields(String id) {
        for (ModelState.Instance i : state().instances()) if (i.id().equals(id)) return i.fields();
        throw new AssertionError("no `" + id + "` in the final state");
    }

    // ------------------------------------------------------------------ assertions

    /** The run ends well: every step ran, no invariant broke, every expectation held. */
    public SimRun assertOk() {
        assertTrue(ok(), "the run must end ok:\n" + trace());
        return this;
    }

    /**
     * Every step ran to its end: no precondition refused, no command failed, no wait timed out, no
     * invariant broke after a step. Checks at the end of the run (final expectations, end-of-run
     * invariants such as I-27) may still fail: a command test looks at one command, not at a
     * whole procedure.
     */
    public SimRun assertStepsRan() {
        for (Event e : result.events()) {
            boolean stopped = e instanceof Event.PreconditionFailed || e instanceof Event.CommandFailed || e instanceof Event.WaitTimedOut
                    || e instanceof Event.ExpectFailed && !((Event.ExpectFailed) e).label().equals("end")
                    || e instanceof Event.InvariantViolated v && !v.label().equals("end");
            if (stopped) fail("every step must run:\n" + trace());
        }
        return this;
    }

    public SimRun assertField(String id, String field, String expected) {
        assertEquals(expected, field(id, field), id + "." + field + " after the run:\n" + trace());
        return this;
    }

    /** The run stopped on a refused precondition of {@code verb} whose message contains {@code text}. */
    public Event.PreconditionFailed assertRefused(String verb, String text) {
        List<Event.PreconditionFailed> refused = events(Event.PreconditionFailed.class);
        assertEquals(1, refused.size(), "one precondition must fail:\n" + trace());
        Event.PreconditionFailed p = refused.get(0);
        assertEquals(verb, p.verb(), "the refused command:\n" + trace());
        assertTrue(p.message().contains(text), "the message `" + p.message() + "` must say `" + text + "`");
        assertFalse(ok(), "a refused command fails the run");
        return p;
    }

    /** The run stopped on a broken invariant {@code id}, after the step {@code label}, which starts at line:col. */
    public Event.InvariantViolated assertViolated(String id, String label, String lineCol) {
        List<Event.InvariantViolated> broken = events(Event.InvariantViolated.class);
        assertEquals(1, broken.size(), "one invariant must break:\n" + trace());
        Event.InvariantViolated v = broken.get(0);
        assertEquals(id, v.id(), "the broken invariant:\n" + trace());
        assertEquals(label, v.label(), "the step after which " + id + " broke:\n" + trace());
        if (lineCol != null) assertEquals(lineCol, v.span().line() + ":" + v.span().column(), "where the step is");
        assertFalse(ok(), "a broken invariant fails the run");
        return v;
    }

    /** No invariant with this id broke (the run may still fail for another reason). */
    public SimRun assertKept(String id) {
        for (Event.InvariantViolated v : events(Event.InvariantViolated.class)) {
            if (v.id().equals(id)) fail(id + " must hold, but: " + v.message() + "\n" + trace());
        }
        return this;
    }

    public Optional<Event.InvariantViolated> violation() {
        return events(Event.InvariantViolated.class).stream().findFirst();
    }

    /** "LINE:1", where {@code step LABEL} starts in a runbook's text. */
    public static String stepPosition(String text, String label) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("step " + label + " ") || lines[i].startsWith("step " + label + ":")) return (i + 1) + ":1";
        }
        throw new AssertionError("no step " + label + " in:\n" + text);
    }

    /** A runbook under src/test/resources/sim/ that breaks {@code id} after step {@code label}, where that step starts. */
    public static Event.InvariantViolated assertResourceViolates(String path, String id, String label) {
        return resource(path).assertViolated(id, label, stepPosition(readResource("sim/" + path), label));
    }

    /** Reads a file of the repository (for docs/model.md and the stdlib). */
    public static String readRepoFile(String relative) {
        try {
            return Files.readString(repoRoot().resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
