package dev.runbook.render;

import dev.runbook.ast.Durations;
import dev.runbook.engine.Event;
import dev.runbook.engine.ShellQuote;
import dev.runbook.exec.Simulation;
import dev.runbook.sim.Fault;
import dev.runbook.sim.ModelState;
import dev.runbook.sim.Value;
import dev.runbook.source.DisplayWidth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trace of {@code runbook simulate} for a person: per step a header with its virtual duration,
 * then what was sent where, what changed, what was waited for; a failure as a block that says where,
 * which rule and what changed; at the end the state table, the total time and the write outage.
 */
public final class TraceText {

    /** What the trace says about the run besides its events. */
    public record Info(String file, long seed, String fromStep, List<String> faults, String replay) {}

    private TraceText() {}

    public static String render(Info info, Simulation.Result result, List<Fault> notFired) {
        StringBuilder out = new StringBuilder();
        List<Event> events = result.events();
        Map<Integer, Long> durations = stepDurations(events);
        int lastFailure = -1;
        for (int i = 0; i < events.size(); i++) if (isFailure(events.get(i))) lastFailure = i;
        int column = headerColumn(events);
        int depth = 0;
        Event failure = null;
        List<String> unverified = new ArrayList<>();
        Event.RunFinished finished = null;
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            String pad = "  ".repeat(Math.max(1, depth));
            if (e instanceof Event.RunStarted r) {
                header(out, info, r);
                out.append(Assumed.text(result.assumptions()));
            } else if (e instanceof Event.StepStarted s) {
                if (depth == 0) out.append('\n');
                String head = "  ".repeat(depth) + stepHeader(s);
                Long millis = durations.get(i);
                String when = millis == null ? "(stopped)" : "(" + duration(millis) + ")";
                out.append(head).append(" ".repeat(Math.max(3, column - DisplayWidth.of(head)))).append(when).append('\n');
                depth++;
            } else if (e instanceof Event.StepFinished) {
                depth = Math.max(0, depth - 1);
            } else if (line(e) != null) {
                out.append(pad).append(line(e)).append('\n');
                if (e instanceof Event.Unverified u) unverified.add(u.what());
            } else if (e instanceof Event.FaultInjected f) {
                if (depth == 0) out.append('\n');
                out.append("  ".repeat(depth)).append("fault injected: ").append(f.fault()).append('\n');
            } else if (e instanceof Event.RunFinished f) {
                finished = f;
            } else if (isFailure(e)) {
                failure = e;
                out.append('\n');
                // a run that stopped and left an unsafe state has two blocks: the replay once, after both
                failure(out, e, i == lastFailure ? info.replay() : null, info.faults());
            }
        }
        if (finished != null) footer(out, finished, result.finalState(), unverified, notFired, failure);
        return out.toString();
    }

    // ------------------------------------------------------------------ the parts

    private static void header(StringBuilder out, Info info, Event.RunStarted r) {
        out.append(r.runbook());
        if (!r.title().isEmpty()) out.append("  ").append(r.title());
        out.append('\n');
        out.append("simulated from ").append(info.file()).append(": ").append(r.online() ? "online, " : "")
                .append("seed ").append(info.seed()).append(", virtual time\n");
        if (!r.params().isEmpty()) out.append("params: ").append(params(r.params())).append('\n');
        if (info.fromStep() != null) {
            out.append("starting at step ").append(info.fromStep()).append(": the steps before it are taken as done\n");
        }
        for (String f : info.faults()) out.append("fault: ").append(f).append('\n');
    }

    /**
     * A duration as the language writes it ({@code 23m35s}); with {@code --seed} durations are not
     * whole seconds, and are shown to the nearest second (the JSON trace has the milliseconds).
     */
    public static String duration(long millis) {
        if (millis >= 1000 && millis % 1000 != 0) millis = Math.round(millis / 1000.0) * 1000;
        return Durations.format(millis);
    }

    public static String params(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> p : params.entrySet()) {
            if (!out.isEmpty()) out.append(' ');
            out.append(p.getKey()).append('=').append(quoted(p.getValue()));
        }
        return out.toString();
    }

    /** A value as it would be given with -p: quoted for the shell when it holds a space or a shell character. */
    private static String quoted(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || "'\"$`\\;&|<>()*?!#~{}".indexOf(c) >= 0) return ShellQuote.word(value);
        }
        return value.isEmpty() ? "''" : value;
    }

    public static String stepHeader(Event.StepStarted s) {
        return "step " + s.label() + (s.title().isEmpty() ? "" : "  " + s.title());
    }

    /**
     * The line of the trace for an event inside a step (a command sent, a change, a wait, an operator
     * action, an unverified command), without its indentation; null for the other events.
     */
    public static String line(Event e) {
        if (e instanceof Event.CommandIssued c) return command(c);
        if (e instanceof Event.StateChanged c) return c.path() + ": " + shown(c.before()) + " -> " + shown(c.after());
        if (e instanceof Event.Waited w) return waited(w);
        if (e instanceof Event.ManualAction m) return "operator: " + m.instruction();
        if (e instanceof Event.Unverified) return "unverified: the model cannot follow this command; the state after it is not known";
        return null;
    }

    /** {@code master2host$ ttAdmin -repStart master2}, or an operator's instruction for a manual verb. */
    public static String command(Event.CommandIssued c) {
        if (c.kind().equals("manual")) return operator(c.host()) + ": " + c.command();
        return c.host() + "$ " + c.command();
    }

    public static String operator(String host) {
        return host == null || host.isEmpty() || host.equals("operator") ? "operator" : "operator@" + host;
    }

    private static String shown(String value) {
        return value == null || value.isEmpty() ? "\"\"" : value;
    }

    private static String waited(Event.Waited w) {
        if (w.satisfied()) {
            return "waited " + duration(w.millis()) + " for " + w.condition() + (w.millis() == 0 ? " (held already)" : "");
        }
        return "waited " + duration(w.millis()) + " for " + w.condition() + ": still false";
    }

    /** The virtual duration of each step, by the index of its StepStarted; absent for a step that did not finish. */
    public static Map<Integer, Long> stepDurations(List<Event> events) {
        Map<Integer, Long> out = new LinkedHashMap<>();
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (e instanceof Event.StepStarted) {
                open.add(i);
            } else if (e instanceof Event.StepFinished f && !open.isEmpty()) {
                out.put(open.remove(open.size() - 1), f.millis());
            }
        }
        return out;
    }

    /** Where the durations line up: after the longest step header, within reason. */
    private static int headerColumn(List<Event> events) {
        int widest = 0;
        int depth = 0;
        for (Event e : events) {
            if (e instanceof Event.StepStarted s) {
                widest = Math.max(widest, 2 * depth + DisplayWidth.of(stepHeader(s)));
                depth++;
            } else if (e instanceof Event.StepFinished) {
                depth = Math.max(0, depth - 1);
            } else if (isFailure(e)) {
                break;
            }
        }
        return Math.min(widest, 72) + 3;
    }

    /** Whether the event says where and why a run stopped, or which rule it broke. */
    public static boolean isFailure(Event e) {
        return dev.runbook.exec.PlanSteps.isFailure(e);
    }

    /** "step 11", "the end of the runbook", "the end of step 1-6's sub-runbook", "step 7 (where the run stopped)". */
    public static String where(String label) {
        // the engine notes some checks after the label: "7 (after the fault)", "end (where the run stopped)"
        int note = label.indexOf(" (");
        if (note >= 0) return where(label.substring(0, note)) + label.substring(note);
        if (label.equals("end")) return "end of the runbook";
        if (label.endsWith("/end")) return "end of step " + label.substring(0, label.length() - 4) + "'s sub-runbook";
        return "step " + label;
    }

    private static String place(String file, dev.runbook.source.Span span) {
        return span == null || span.isNone() ? file : file + ":" + span.line() + ":" + span.column();
    }

    /** The first line of a failure block, also the last line of the trace. */
    public static String failureLine(Event e) {
        return failureLine(e, null);
    }

    /** {@code at}: where the failure happened, said instead of the step and its place (a statement typed in the REPL); null for those. */
    public static String failureLine(Event e, String at) {
        if (e instanceof Event.InvariantViolated v) {
            return at(v.label(), v.file(), v.span(), at) + v.id() + " violated: " + v.rule();
        }
        if (e instanceof Event.PreconditionFailed p) {
            return at(p.label(), p.file(), p.span(), at) + "a precondition of " + p.verb() + " does not hold";
        }
        if (e instanceof Event.ExpectFailed x) {
            return at(x.label(), x.file(), x.span(), at) + "expect failed: " + x.condition();
        }
        if (e instanceof Event.WaitTimedOut w) {
            return at(w.label(), w.file(), w.span(), at) + "timed out after " + duration(w.timeout()) + " waiting for " + w.condition();
        }
        if (e instanceof Event.CommandFailed c) {
            return at(c.label(), c.file(), c.span(), at) + (c.verb() == null ? "a command" : c.verb()) + " failed";
        }
        return e.toString();
    }

    private static String at(String label, String file, dev.runbook.source.Span span, String at) {
        return (at != null ? at : where(label) + " (" + place(file, span) + ")") + ": ";
    }

    /** The block that says where and why the run stopped. */
    public static void failure(StringBuilder out, Event e, String replay, List<String> injected) {
        failure(out, e, replay, injected, null);
    }

    /** The block, saying {@code at} instead of the step and its place when it is not null ({@link #failureLine(Event, String)}). */
    public static void failure(StringBuilder out, Event e, String replay, List<String> injected, String at) {
        out.append(failureLine(e, at)).append('\n');
        if (e instanceof Event.InvariantViolated v) {
            out.append("  ").append(v.message()).append('\n');
            List<String> diff = diff(v.before(), v.after());
            if (!diff.isEmpty()) {
                out.append("  what changed in ").append(at != null ? at : where(v.label())).append(", before (-) and after (+):\n");
                for (String line : diff) out.append("  ").append(line).append('\n');
            }
        } else if (e instanceof Event.PreconditionFailed p) {
            out.append("  ").append(p.message()).append('\n');
        } else if (e instanceof Event.ExpectFailed) {
            out.append("  the condition is false in the state below\n");
        } else if (e instanceof Event.WaitTimedOut w) {
            String by = w.forced() && injected != null ? forcedBy(w.label(), injected) : null;
            if (by != null) {
                out.append("  the wait was made to time out by --fault '").append(by).append("'\n");
            } else {
                out.append("  the condition was still false at the timeout").append(w.last() == null ? "" : ": " + w.last()).append('\n');
            }
        } else if (e instanceof Event.CommandFailed c) {
            out.append("  ").append(c.message()).append('\n');
        }
        if (replay != null) out.append("  replay: ").append(replay).append('\n');
    }

    /**
     * The {@code timeout step X} fault that forced a wait of step {@code label}: X is that step or one
     * whose sub-runbook it is in ({@code timeout step 1-6} reaches step 1-6/2); the closest one wins.
     */
    private static String forcedBy(String label, List<String> injected) {
        String by = null;
        for (String f : injected) {
            if (!f.startsWith("timeout step ")) continue;
            String step = f.substring("timeout step ".length());
            if ((label.equals(step) || label.startsWith(step + "/")) && (by == null || f.length() > by.length())) by = f;
        }
        return by;
    }

    /**
     * The lines of {@code after} that differ from {@code before}, keyed by "entity id": {@code - old}
     * then {@code + new}, each with only the fields that changed (a model line has dozens of fields;
     * the JSON trace has them all). A line that appears or disappears is shown whole.
     */
    public static List<String> diff(List<String> before, List<String> after) {
        Map<String, String> was = keyed(before);
        Map<String, String> now = keyed(after);
        List<String> out = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>(now.keySet());
        keys.addAll(was.keySet());
        for (String key : keys) {
            String a = was.get(key);
            String b = now.get(key);
            if (a != null && a.equals(b)) continue;
            if (a == null || b == null) {
                if (a != null) out.add("- " + a);
                if (b != null) out.add("+ " + b);
                continue;
            }
            Map<String, String> fa = fields(a);
            Map<String, String> fb = fields(b);
            Set<String> names = new LinkedHashSet<>(fa.keySet());
            names.addAll(fb.keySet());
            StringBuilder minus = new StringBuilder("- ").append(key).append(':');
            StringBuilder plus = new StringBuilder("+ ").append(key).append(':');
            for (String name : names) {
                String va = fa.get(name);
                String vb = fb.get(name);
                if (va != null && va.equals(vb)) continue;
                if (va != null) minus.append(' ').append(name).append('=').append(va);
                if (vb != null) plus.append(' ').append(name).append('=').append(vb);
            }
            out.add(minus.toString());
            out.add(plus.toString());
        }
        return out;
    }

    /** "database m1: host=h exists=true" -> {host=h, exists=true}; a word without '=' belongs to the value before it. */
    private static Map<String, String> fields(String line) {
        Map<String, String> out = new LinkedHashMap<>();
        int colon = line.indexOf(':');
        String last = null;
        for (String word : line.substring(colon + 1).strip().split(" ")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                last = word.substring(0, eq);
                out.put(last, word.substring(eq + 1));
            } else if (last != null) {
                out.put(last, out.get(last) + " " + word);
            }
        }
        return out;
    }

    private static Map<String, String> keyed(List<String> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            out.put(colon < 0 ? line : line.substring(0, colon), line);
        }
        return out;
    }

    private static void footer(StringBuilder out, Event.RunFinished f, ModelState state, List<String> unverified, List<Fault> notFired,
                               Event failure) {
        out.append('\n').append(f.ok() ? "state at the end" : "state when the run stopped").append('\n');
        StateTable.render(out, state, "  ");
        out.append('\n');
        out.append("total ").append(duration(f.totalMillis())).append(" (virtual)\n");
        out.append("write outage ").append(duration(f.writeOutageMillis())).append(" (no database took the applications' writes)\n");
        for (String u : unverified) out.append("unverified after ").append(u).append('\n');
        for (Fault n : notFired) out.append("note: the fault `").append(n.spec()).append("` never fired: ").append(whyNot(n)).append('\n');
        if (f.ok()) {
            out.append("ok: every step ran, every invariant held, every expect was met");
            if (!unverified.isEmpty()) out.append(" (").append(unverified.size()).append(unverified.size() == 1 ? " command" : " commands").append(" unverified)");
            out.append('\n');
        } else if (failure != null) {
            out.append("FAILED at ").append(failureLine(failure)).append('\n');
        } else {
            out.append("FAILED\n");
        }
    }

    private static String whyNot(Fault f) {
        if (f.pass() != null) {
            return "no loop of step " + f.step() + " made a pass for " + f.pass()
                    + (f.atBoundary() ? "" : f.kind() == Fault.Kind.FAIL ? ", or that pass sent no command" : ", or that pass had no wait");
        }
        return switch (f.kind()) {
            case FAIL -> "step " + f.step() + " sends no command (nor does any sub-runbook it runs)";
            case TIMEOUT -> "step " + f.step() + " has no wait (nor has any sub-runbook it runs)";
            default -> "its step was reached, but nothing was injected";
        };
    }

    /** The model as tables: databases, hosts, then every other entity (the applications). */
    public static final class StateTable {
        private StateTable() {}

        public static final List<String> DATABASE = List.of("host", "exists", "state", "rep", "role", "release");
        public static final List<String> HOST = List.of("release", "up");

        public static void render(StringBuilder out, ModelState state, String indent) {
            Map<String, List<ModelState.Instance>> byEntity = new LinkedHashMap<>();
            for (ModelState.Instance i : state.instances()) {
                if (i.entity().equals("credential")) continue;
                byEntity.computeIfAbsent(i.entity(), k -> new ArrayList<>()).add(i);
            }
            List<String> order = new ArrayList<>();
            if (byEntity.containsKey("database")) order.add("database");
            if (byEntity.containsKey("host")) order.add("host");
            for (String entity : byEntity.keySet()) if (!order.contains(entity)) order.add(entity);
            boolean first = true;
            for (String entity : order) {
                List<ModelState.Instance> instances = byEntity.get(entity);
                List<String> fields = entity.equals("database") ? DATABASE : entity.equals("host") ? HOST : fieldsOf(instances);
                List<List<String>> rows = new ArrayList<>();
                List<String> head = new ArrayList<>();
                head.add(entity);
                head.addAll(fields);
                rows.add(head);
                for (ModelState.Instance i : instances) {
                    List<String> row = new ArrayList<>();
                    row.add(i.id());
                    for (String field : fields) {
                        Value v = i.fields().get(field);
                        row.add(v == null || v instanceof Value.Nil ? "-" : Value.show(v).isEmpty() ? "\"\"" : Value.show(v));
                    }
                    rows.add(row);
                }
                if (!first) out.append('\n');
                first = false;
                table(out, rows, indent);
            }
            if (!state.partitions().isEmpty()) {
                out.append('\n').append(indent).append("partitioned: ");
                out.append(String.join(", ", state.partitions().stream().map(p -> p.replace("|", " / ")).toList())).append('\n');
            }
        }

        private static List<String> fieldsOf(List<ModelState.Instance> instances) {
            Set<String> out = new LinkedHashSet<>();
            for (ModelState.Instance i : instances) {
                for (Map.Entry<String, Value> f : i.fields().entrySet()) {
                    if (!f.getKey().equals("name") && !(f.getValue() instanceof Value.Nil)) out.add(f.getKey());
                }
            }
            return new ArrayList<>(out);
        }

        public static void table(StringBuilder out, List<List<String>> rows, String indent) {
            int columns = 0;
            for (List<String> row : rows) columns = Math.max(columns, row.size());
            int[] width = new int[columns];
            for (List<String> row : rows) {
                for (int c = 0; c < row.size(); c++) width[c] = Math.max(width[c], DisplayWidth.of(row.get(c)));
            }
            for (List<String> row : rows) {
                StringBuilder line = new StringBuilder(indent);
                for (int c = 0; c < row.size(); c++) {
                    line.append(row.get(c));
                    if (c < row.size() - 1) line.append(" ".repeat(width[c] - DisplayWidth.of(row.get(c)) + 2));
                }
                out.append(line.toString().stripTrailing()).append('\n');
            }
        }
    }
}
