package dev.runbook.lint;

import dev.runbook.ast.Item;
import dev.runbook.check.CheckResult;
import dev.runbook.check.Checker;
import dev.runbook.engine.Event;
import dev.runbook.exec.Simulation;
import dev.runbook.sim.InitialState;
import dev.runbook.source.Code;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.Severity;
import dev.runbook.source.Source;
import dev.runbook.source.Span;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code lint} of one file: the check's diagnostics, the rules of {@link Rules}, and what a
 * simulation from the runbook's defaults finds (a broken invariant, a refused precondition, a failed
 * command, a timed-out wait, an unmet expectation), each placed at the step that causes it; then the
 * {@code # lint: disable=ID -- reason} suppressions.
 */
public final class Linter {

    /** Which findings are reported: every rule, check code and simulation id unless {@code disabled}; the simulation runs when {@code simulate}. */
    public record Options(Set<String> disabled, boolean simulate) {
        public Options {
            disabled = Set.copyOf(disabled);
        }

        public static Options defaults() {
            return new Options(Set.of(), true);
        }

        boolean runs(String id) {
            return !disabled.contains(id);
        }
    }

    /** The simulation's findings: their ids, for suppressions and --disable. */
    public static final String PRECONDITION = "sim-precondition";
    public static final String COMMAND_FAILED = "sim-command-failed";
    public static final String WAIT_TIMED_OUT = "sim-wait-timeout";
    public static final String EXPECT_FAILED = "sim-expect";
    public static final String NOT_STARTED = "sim-not-started";

    private final Checker checker;
    private final Options options;

    public Linter(Checker checker, Options options) {
        this.checker = checker;
        this.options = options;
    }

    /** Every finding about {@code source}, suppressed ones left out, in source order. */
    public List<Finding> lint(Source source) {
        return lint(checker.check(source));
    }

    public List<Finding> lint(CheckResult result) {
        List<Finding> findings = new ArrayList<>();
        Set<Code> claimed = new HashSet<>();
        for (Rule rule : Rules.all()) claimed.addAll(rule.replaces());
        for (Diagnostic d : result.diagnostics()) {
            if (claimed.contains(d.code())) continue;
            findings.add(new Finding(d.code().id(), d.severity(), d.message(), d.source() == null ? result.source() : d.source(), d.span(), d.hint()));
        }
        if (result.hasErrors() || result.file() == null) return finish(result, findings);
        LintContext context = new LintContext(result);
        Findings out = new Findings(context);
        for (Rule rule : Rules.all()) {
            if (!options.runs(rule.id())) continue;
            out.start(rule);
            rule.check(context, out);
        }
        findings.addAll(out.all());
        if (options.simulate() && context.header() != null) findings.addAll(simulate(context));
        return finish(result, findings);
    }

    private List<Finding> finish(CheckResult result, List<Finding> findings) {
        List<Finding> kept = new ArrayList<>();
        for (Finding f : findings) if (options.runs(f.rule())) kept.add(f);
        List<Finding> out = result.file() == null ? kept : Suppressions.apply(new LintContext(result), kept, options);
        out.sort(Finding.ORDER);
        return out;
    }

    // ------------------------------------------------------------------ the simulation's findings

    private static List<Finding> simulate(LintContext context) {
        List<Finding> out = new ArrayList<>();
        // a shared part whose parameters have no default is simulated where a runbook runs it
        if (context.file().itemsOf(Item.ParamItem.class).stream().anyMatch(p -> p.defaultValue() == null)) return out;
        Simulation.Result sim;
        try {
            sim = Simulation.run(context.result(), Simulation.Options.defaults());
        } catch (InitialState.Problem p) {
            out.add(new Finding(NOT_STARTED, Severity.WARNING, "the simulation from the runbook's defaults cannot start: " + p.getMessage(),
                    context.source(), context.firstLine(context.header()), p.hint()));
            return out;
        }
        for (Event e : sim.events()) {
            if (e instanceof Event.InvariantViolated v) {
                out.add(at(context, v.id(), v.id() + " violated: " + v.rule() + ": " + v.message(), v.label(), v.file(), v.span()));
            } else if (e instanceof Event.PreconditionFailed p) {
                out.add(at(context, PRECONDITION, "a precondition of " + p.verb() + " does not hold: " + p.message(), p.label(), p.file(), p.span()));
            } else if (e instanceof Event.CommandFailed c) {
                out.add(at(context, COMMAND_FAILED, c.verb() + " failed: " + c.message(), c.label(), c.file(), c.span()));
            } else if (e instanceof Event.WaitTimedOut w) {
                out.add(at(context, WAIT_TIMED_OUT, "the wait for " + w.condition() + " times out" + (w.last() == null ? "" : ": " + w.last()),
                        w.label(), w.file(), w.span()));
            } else if (e instanceof Event.ExpectFailed x) {
                out.add(at(context, EXPECT_FAILED, "the expectation " + x.condition() + " is not met", x.label(), x.file(), x.span()));
            }
        }
        return out;
    }

    /** A simulation finding at its statement when it is in this file, else at the first line of the step of this file that ran it. */
    private static Finding at(LintContext context, String id, String message, String label, String file, Span span) {
        Span where = span == null ? Span.NONE : span;
        String hint = "runbook simulate " + context.source().name() + " shows the whole trace";
        if (file != null && file.equals(context.source().name()) && !where.isNone()) {
            return new Finding(id, Severity.ERROR, message, context.source(), context.firstLine(where, context.source()), hint);
        }
        String step = label == null ? "" : label.replaceFirst(" \\(.*", "");
        int slash = step.indexOf('/');
        String top = slash < 0 ? step : step.substring(0, slash);
        for (Item.StepItem s : context.steps()) {
            if (s.number().text().equals(top)) {
                return new Finding(id, Severity.ERROR, message + (slash < 0 ? "" : " (in step " + step + ", a step of the runbook it runs)"),
                        context.source(), context.firstLine(s), hint);
            }
        }
        return new Finding(id, Severity.ERROR, message, context.source(),
                context.header() == null ? Span.NONE : context.firstLine(context.header()), hint);
    }
}
