package dev.runbook.render;

import dev.runbook.ast.VerbClause;
import dev.runbook.check.CheckResult;
import dev.runbook.check.Vocabulary;
import dev.runbook.engine.Command;
import dev.runbook.engine.CommandLine;
import dev.runbook.engine.Event;
import dev.runbook.engine.Secret;
import dev.runbook.exec.SimulatedBackend;
import dev.runbook.exec.Simulation;
import dev.runbook.sim.InitialState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code runbook export --format ansible}: an Ansible playbook that sends the commands the plan
 * lists, on the same hosts, in the same order. It is made from a simulation from the runbook's
 * parameters, as the plan is: each command line comes from the engine's {@link CommandLine} (quoted
 * for the remote shell by {@code ShellQuote}, the one place that does), a secret becomes the
 * Ansible variable {@code runbook_secret_<param>} filtered through {@code quote} in a task with
 * {@code no_log}, a wait re-asks its query with {@code until}/{@code retries}/{@code delay} and
 * reads the answer as the query's {@code reads} line says, an operator action or a confirmation is
 * a {@code pause}, and a destructive verb asks first, as {@code runbook run} does.
 */
public final class AnsibleExport {

    /** The simulation did not end well: no playbook of a procedure that would fail. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    private record Asked(int after, Vocabulary.Callable query, Command command) {}

    private AnsibleExport() {}

    public static String playbook(CheckResult program, Simulation.Options options) throws InitialState.Problem, Refused {
        List<Command> sent = new ArrayList<>();
        List<Asked> asked = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        Simulation.Result result = Simulation.run(program, options, events::add, new SimulatedBackend.Observer() {
            @Override
            public void sent(Command command) {
                sent.add(command);
            }

            @Override
            public void asked(Vocabulary.Callable query, Command command) {
                asked.add(new Asked(events.size(), query, command));
            }
        });
        if (!result.ok()) {
            throw new Refused("the simulation of " + program.source().name() + " does not end well: runbook simulate shows why; no playbook of a failing procedure");
        }
        Event.RunStarted started = (Event.RunStarted) events.get(0);
        Writer w = new Writer();
        w.line("# Exported by `runbook export --format ansible` from " + program.source().name() + ": the commands `runbook plan` lists,");
        w.line("# on the same hosts, in the same order. Secrets are the variables runbook_secret_<param> (e.g. from ansible-vault or");
        w.line("# --extra-vars); they are never written here, and the tasks that use them have no_log.");
        w.line("- name: " + q(started.runbook() + (started.title().isEmpty() ? "" : ": " + started.title())));
        w.line("  hosts: localhost");
        w.line("  gather_facts: false");
        w.line("  tasks:");
        String step = "";
        int next = 0;
        int n = 0;
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (e instanceof Event.StepStarted s) {
                step = "Step " + s.label() + (s.title().isEmpty() ? "" : ": " + s.title());
            } else if (e instanceof Event.CommandIssued c) {
                Command command = sent.get(next++);
                if (!command.masked().equals(c.command())) throw new IllegalStateException("the export lost the order of the commands at " + c.command());
                n++;
                if (destructive(program, c.verb())) {
                    pause(w, n, step, c.verb() + " on " + c.host() + " cannot be undone: `" + c.command() + "`. Go ahead?", true);
                }
                if (command.line() == null) {
                    pause(w, n, step, (command.host() == null || command.host().equals("operator") ? "" : "on " + command.host() + ": ") + command.instruction(), false);
                    continue;
                }
                w.line("    - name: " + q(step + " (" + c.host() + ")"));
                shell(w, command);
                w.line("      delegate_to: " + q(command.host()));
                w.line("      changed_when: true");
            } else if (e instanceof Event.ManualAction m) {
                n++;
                boolean confirm = m.instruction().startsWith("confirm: ");
                pause(w, n, step, confirm ? m.instruction().substring("confirm: ".length()) : m.instruction(), confirm);
            } else if (e instanceof Event.Waited wait) {
                n++;
                waitTask(w, n, step, wait, asked, i);
            }
        }
        return w.toString();
    }

    private static boolean destructive(CheckResult program, String verb) {
        Vocabulary.Callable v = verb == null ? null : program.vocabulary().verbs().get(verb);
        return v != null && !v.item().clausesOf(VerbClause.DestructiveClause.class).isEmpty();
    }

    private static void pause(Writer w, int n, String step, String prompt, boolean confirm) {
        w.line("    - name: " + q(step + (confirm ? " (confirm)" : " (operator)")));
        w.line("      ansible.builtin.pause:");
        w.line("        prompt: " + q(raw(prompt + (confirm ? " Answer yes to go on" : " Press return when it is done"))));
        if (!confirm) return;
        w.line("      register: runbook_answer_" + n);
        w.line("    - name: " + q(step + " (the operator said yes)"));
        w.line("      ansible.builtin.assert:");
        w.line("        that: runbook_answer_" + n + ".user_input | lower == 'yes'");
        w.line("        fail_msg: " + q("not confirmed: the playbook stops here"));
    }

    /** A wait: its query re-asked until the answer holds, every `every`, up to the timeout; the operator's word when no command asks it. */
    private static void waitTask(Writer w, int n, String step, Event.Waited wait, List<Asked> asked, int index) {
        Asked query = null;
        for (Asked a : asked) {
            if (a.after() == index && wait.condition().contains(a.query().name())) query = a;
        }
        String every = Math.max(1, wait.every() / 1000) + "";
        long retries = Math.max(1, wait.timeout() / Math.max(1000, wait.every()));
        List<VerbClause.ReadsClause> reads = query == null ? List.of() : query.query().item().clausesOf(VerbClause.ReadsClause.class);
        String until = reads.isEmpty() ? null : until(query.query(), reads.get(0).pattern().value(), wait.condition(), "runbook_wait_" + n);
        if (until == null) {
            pause(w, n, step, "wait until " + wait.condition() + " (at most " + wait.timeout() / 1000 + "s)", false);
            return;
        }
        w.line("    - name: " + q(step + " (wait: " + wait.condition() + ")"));
        shell(w, query.command());
        w.line("      delegate_to: " + q(query.command().host()));
        w.line("      register: runbook_wait_" + n);
        w.line("      changed_when: false");
        w.line("      failed_when: false");
        w.line("      until: " + q(until));
        w.line("      retries: " + retries);
        w.line("      delay: " + every);
        w.line("    - name: " + q(step + " (the wait for " + wait.condition() + " ended well)"));
        w.line("      ansible.builtin.assert:");
        w.line("        that: " + q(until));
        w.line("        fail_msg: " + q("timed out waiting for " + wait.condition()));
    }

    /** The Jinja test that the query's answer makes the condition true: a bool query found, or an enum read as the value compared. */
    static String until(Vocabulary.Callable query, String regex, String condition, String var) {
        String pattern = "'" + regex.replace("\\", "\\\\").replace("'", "\\'") + "'";
        if ("bool".equals(query.result().describe())) {
            boolean negated = condition.startsWith("not ");
            return (negated ? "not (" : "(") + var + ".stdout is search(" + pattern + "))";
        }
        int eq = condition.indexOf(" == ");
        if (eq < 0) return null;
        String value = condition.substring(eq + 4).strip();
        if (!value.matches("[A-Za-z0-9_.]+")) return null;
        return "(" + var + ".stdout | regex_search(" + pattern + ", '\\\\1') | default([''], true) | first) == '" + value + "'";
    }

    /** A shell task: the command line as ShellQuote joins it, each secret an Ansible variable quoted for the shell where it stands. */
    private static void shell(Writer w, Command command) {
        List<CommandLine.SecretRef> refs = new ArrayList<>();
        for (CommandLine.Token t : command.line().tokens()) {
            if (t instanceof CommandLine.Word word) {
                for (CommandLine.Piece p : word.pieces()) if (p instanceof CommandLine.SecretRef r) refs.add(r);
            }
        }
        int[] k = {0};
        String line = command.line().line(param -> java.util.Optional.of(new Secret(placeholder(k[0]++))));
        StringBuilder out = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        boolean single = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            int at = placeholderAt(line, i, refs.size());
            if (at >= 0) {
                out.append(raw(literal.toString()));
                literal.setLength(0);
                String jinja = "{{ " + variable(refs.get(at)) + " | quote }}";
                out.append(single ? "'" + jinja + "'" : jinja);
                i += placeholder(at).length() - 1;
                continue;
            }
            if (!single && c == '\\' && i + 1 < line.length()) {
                literal.append(c).append(line.charAt(++i));
                continue;
            }
            if (c == '\'') single = !single;
            literal.append(c);
        }
        out.append(raw(literal.toString()));
        w.line("      ansible.builtin.shell: " + q(out.toString()));
        if (!refs.isEmpty()) w.line("      no_log: true");
    }

    private static String placeholder(int i) {
        return "RUNBOOKSECRET" + i + "X";
    }

    private static int placeholderAt(String line, int i, int count) {
        if (!line.startsWith("RUNBOOKSECRET", i)) return -1;
        for (int k = 0; k < count; k++) if (line.startsWith(placeholder(k), i)) return k;
        return -1;
    }

    /** The variable of a secret, escaped for where the template put it (a SQL literal doubles its quotes). */
    private static String variable(CommandLine.SecretRef ref) {
        String name = "runbook_secret_" + ref.param().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return switch (ref.escape()) {
            case NONE -> name;
            case SQL_LITERAL -> name + " | replace(\"'\", \"''\")";
            case SQL_IDENTIFIER -> name + " | replace('\"', '\"\"')";
        };
    }

    /** Text Ansible must not template: each brace of Jinja's syntax written as an expression that prints it. */
    static String raw(String text) {
        if (!text.contains("{") && !text.contains("}")) return text;
        return text.replace("{", "\u0000").replace("}", "{{ '}' }}").replace("\u0000", "{{ '{' }}");
    }

    /** A YAML double-quoted scalar. */
    static String q(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\x%02x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }

    private static final class Writer {
        private final StringBuilder out = new StringBuilder("---\n");

        void line(String s) {
            out.append(s).append('\n');
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
