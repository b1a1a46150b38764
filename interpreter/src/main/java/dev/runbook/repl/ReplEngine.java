package dev.runbook.repl;

import dev.runbook.ast.Item;
import dev.runbook.check.Type;
import dev.runbook.check.Vocabulary;
import dev.runbook.exec.RunSetup;
import dev.runbook.render.RunText;
import dev.runbook.sim.Fault;
import dev.runbook.sim.InitialState;
import dev.runbook.sim.ModelState;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.DiagnosticRenderer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The REPL without a terminal: a {@link Request} in, a {@link Response} out. A line is a REPL
 * command ({@code step}, {@code break 7}, {@code state master2}, ...) or a statement of the language,
 * checked then run where the run is. The JLine front end ({@link ReplTerminal}) and the tests talk
 * to it the same way.
 */
public final class ReplEngine {

    /** A REPL command: its name, its arguments as help shows them, what it does, and more for {@code help NAME}. */
    record Command(String name, String args, String summary, String more) {}

    static final List<Command> COMMANDS = List.of(
            new Command("load", "FILE|ID [-p NAME=VALUE]...", "load a runbook (a file, or a standard runbook's id) and start its run",
                    "The run starts over at the first step with the runbook's parameters, or those given with -p.\n"
                            + "Breakpoints are cleared. Example: load asp-major-online-nocg -p release=22.1"),
            new Command("step", "", "run the next step; into a sub-runbook: held before its first step",
                    "Runs one step. A step that runs a sub-runbook is held before the sub-runbook's first step\n"
                            + "(step 1-6/1); step again goes one sub-step further. Alias: s"),
            new Command("next", "", "run the next step whole, over a sub-runbook",
                    "Runs the next step, with every step of a sub-runbook it runs (a breakpoint inside still holds it).\n"
                            + "Held inside a sub-runbook, next runs that sub-step and holds before the next one. Alias: n"),
            new Command("continue", "", "run until a breakpoint, a failure or the end", "Alias: c"),
            new Command("break", "STEP | line N | CONDITION", "hold the run before a step, at a line, or when a condition becomes true",
                    "break 7            before step 7 (break 1-6/3: before step 3 of the sub-runbook step 1-6 runs)\n"
                            + "break line 44      before the step line 44 of the runbook is in\n"
                            + "break state master2 == STANDBY\n"
                            + "                   before the first step at which the condition holds, after it did not"),
            new Command("breaks", "", "list the breakpoints", "Each with the number delete takes."),
            new Command("delete", "N | all", "delete breakpoint N, or all of them", "breaks lists them with their numbers."),
            new Command("restart", "", "start the run again from the first step (simulation); breakpoints stay",
                    "On real hosts it is not possible: the steps already run stay done; load starts another run."),
            new Command("back", "", "undo the last step or statement (simulation), from the state before it",
                    "The model's state is restored from the snapshot taken before the step; on real hosts it is not\n"
                            + "possible, and back says why."),
            new Command("state", "[DATABASE|HOST|PARAM]", "the cluster: every database, host and application, or one of them",
                    "state master2, state standby (a parameter), state master2host.\n"
                            + "On real hosts: the model's prediction, then the answers of the hosts to the stdlib's state queries\n"
                            + "beside it, the ones that differ marked."),
            new Command("diff", "", "what the last command changed in the cluster", ""),
            new Command("plan", "", "the commands the rest of the run sends, in order (simulated; nothing runs)", ""),
            new Command("where", "", "the runbook, the step the run is at, and its text", ""),
            new Command("set", "[NAME=VALUE]", "give a parameter a value (the run starts again with it); alone, list them",
                    "set release=22.1.1.3, set standby=master2@master2host, set subscribers=sub1@h1,sub2@h2.\n"
                            + "Parameters make the starting cluster, so the run starts again at the first step.\n"
                            + "On real hosts it is not possible: a run's parameters are given at its start (load ID -p NAME=VALUE)."),
            new Command("history", "", "the lines typed in this session", ""),
            new Command("help", "[COMMAND]", "this list, or more about one command", ""),
            new Command("quit", "", "leave the REPL (Ctrl-D too)", "Alias: exit"));

    private static final Map<String, String> ALIASES = Map.of("s", "step", "n", "next", "c", "continue", "exit", "quit", "?", "help");

    /** The words that start a statement of the language. */
    static final List<String> KEYWORDS = List.of("on", "for", "if", "wait", "expect", "manual", "confirm", "sh", "sql", "call", "run");

    private final Loader loader;
    private final Target target;
    private final Breakpoints breaks = new Breakpoints();
    private final List<String> history = new ArrayList<>();
    private Session session;

    public ReplEngine(Loader loader, Target target) {
        this.loader = loader;
        this.target = target;
    }

    /** The prompt: {@code sim}, or the inventory's name; the runbook; the next step (or end, stopped). */
    public String prompt() {
        if (session == null) return target.name() + "> ";
        return target.name() + " " + session.id() + " " + session.position() + "> ";
    }

    /** Loads the runbook the command line named, with its parameters and faults: the first thing the REPL says. */
    public Response start(String argument, Map<String, String> params, List<String> faults) {
        List<Fault> parsed = new ArrayList<>();
        for (String f : faults) {
            try {
                parsed.add(Fault.parse(f));
            } catch (IllegalArgumentException e) {
                return new Response.Error("--fault '" + f + "': " + e.getMessage(), "e.g. --fault 'crash master1host after step 12'");
            }
        }
        Response loaded = load(argument, params, parsed);
        if (!(loaded instanceof Response.Output o) || parsed.isEmpty()) return loaded;
        Response ran = session.runToFault();
        return ran instanceof Response.Output r ? new Response.Output(o.text() + r.text())
                : ran instanceof Response.Stopped s ? new Response.Stopped(o.text() + s.text()) : ran;
    }

    public Response handle(Request request) {
        if (request instanceof Request.Complete c) return new Response.Completions(complete(c.words(), c.index()));
        String input = ((Request.Eval) request).input();
        if (input.isBlank()) return new Response.Output("");
        if (incomplete(input)) return new Response.Incomplete();
        history.add(input.stripTrailing());
        try {
            return eval(input.strip());
        } catch (RuntimeException e) {
            return new Response.Error("internal error: " + (e.getMessage() == null ? e.toString() : e.getMessage()),
                    "this is a bug in runbook, not in your runbook; report the commands that led here");
        }
    }

    /** Whether the text is a statement that goes on (never a REPL command, which is one line). */
    public boolean incomplete(String input) {
        String word = firstWord(input.strip());
        if (command(word) != null) return false;
        return Statements.incomplete(input);
    }

    private static String firstWord(String input) {
        int end = 0;
        while (end < input.length() && !Character.isWhitespace(input.charAt(end))) end++;
        return input.substring(0, end);
    }

    private static Command command(String word) {
        String name = ALIASES.getOrDefault(word, word);
        for (Command c : COMMANDS) if (c.name().equals(name)) return c;
        return null;
    }

    private Response eval(String input) {
        String word = firstWord(input);
        String rest = input.substring(word.length()).strip();
        Command command = command(word);
        if (command == null) {
            if (session == null) return noRunbook();
            return session.statement(input);
        }
        switch (command.name()) {
            case "help":
                return help(rest);
            case "quit":
                return new Response.Quit();
            case "history":
                return history();
            case "load":
                return loadCommand(rest);
            default:
                break;
        }
        if (session == null) return noRunbook();
        return switch (command.name()) {
            case "step" -> noArgs(command, rest, session::step);
            case "next" -> noArgs(command, rest, session::next);
            case "continue" -> noArgs(command, rest, session::continueRun);
            case "restart" -> noArgs(command, rest, session::restart);
            case "back" -> noArgs(command, rest, session::back);
            case "diff" -> noArgs(command, rest, session::diff);
            case "plan" -> noArgs(command, rest, session::plan);
            case "where" -> noArgs(command, rest, session::where);
            case "state" -> rest.contains(" ") ? usage(command, "name one database, host or parameter") : session.state(rest.isEmpty() ? null : rest);
            case "break" -> breakCommand(rest);
            case "breaks" -> noArgs(command, rest, this::listBreaks);
            case "delete" -> delete(rest);
            case "set" -> set(rest);
            default -> throw new IllegalStateException("no handler for " + command.name());
        };
    }

    private static Response noArgs(Command command, String rest, java.util.function.Supplier<Response> run) {
        if (!rest.isEmpty()) return usage(command, command.name() + " takes no argument");
        return run.get();
    }

    private static Response usage(Command command, String what) {
        return new Response.Error(what, "write: " + command.name() + (command.args().isEmpty() ? "" : " " + command.args()) + " (help " + command.name() + ")");
    }

    private static Response noRunbook() {
        return new Response.Error("no runbook is loaded", "load one first: load FILE or load ID, e.g. load asp-major-online-nocg");
    }

    // ------------------------------------------------------------------ load and set

    private Response loadCommand(String rest) {
        if (rest.isEmpty()) return usage(command("load"), "name a runbook");
        String[] words = rest.split("\\s+");
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < words.length; i++) {
            String w = words[i];
            String value;
            if (w.equals("-p") && i + 1 < words.length) value = words[++i];
            else if (w.startsWith("-p") && w.length() > 2) value = w.substring(2);
            else return usage(command("load"), "`" + w + "` is not a -p NAME=VALUE");
            int eq = value.indexOf('=');
            if (eq <= 0) return usage(command("load"), "-p " + value + ": write NAME=VALUE");
            params.put(value.substring(0, eq), value.substring(eq + 1));
        }
        return load(words[0], params, List.of());
    }

    private Response load(String argument, Map<String, String> params, List<Fault> faults) {
        Loader.Loaded loaded;
        try {
            loaded = loader.load(argument);
        } catch (Loader.Failed f) {
            return new Response.Error(f.getMessage(), f.hint());
        }
        if (loaded.result().hasErrors()) {
            List<Diagnostic> errors = loaded.result().diagnostics().stream().filter(Diagnostic::isError).toList();
            return new Response.Rejected(new DiagnosticRenderer().renderAll(errors),
                    "nothing was loaded: fix the runbook (runbook check " + loaded.display() + ") and load it again");
        }
        if (!(loaded.result().file().header() instanceof dev.runbook.ast.Header.RunbookHeader)) {
            return new Response.Error(loaded.display() + " is a module, not a runbook: it has no steps to run", "load a runbook; its `use` lines bring the modules in");
        }
        if (!target.simulated() && session != null && session.started() && !session.position().equals("end")) {
            // a new run would begin at step 1 on hosts that already went some way: never by accident
            return new Response.Error("the run of " + session.id() + " on " + target.name() + " is not finished: load would start another run"
                    + " from step 1 on the same hosts", "quit, then continue this run with the run --resume line quit prints;"
                    + " or quit and start runbook repl again for a new run");
        }
        String closing = "";
        if (!target.simulated() && session != null) {
            // a run on real hosts holds its journal and its hosts' locks: the next one takes them over
            closing = session.close();
            session = null;
            breaks.clear();
        }
        Session opened;
        try {
            opened = Session.open(loader, loaded, params, faults, target, breaks);
        } catch (InitialState.Problem p) {
            return new Response.Error(p.getMessage(), p.hint());
        } catch (RunSetup.NotWell n) {
            return new Response.Stopped(closing + RunText.notRun(loaded.display(), loaded.argument(), n.result()).replaceFirst("^runbook: ", "") + "\n");
        } catch (RunSetup.Refusal r) {
            String[] said = r.getMessage().split("\n  hint: ", 2);
            return new Response.Error(closing + said[0], said.length > 1 ? said[1] : null);
        }
        if (session != null) session.close();
        breaks.clear();
        session = opened;
        return new Response.Output(closing + banner());
    }

    private String banner() {
        StringBuilder out = new StringBuilder();
        out.append("loaded ").append(session.id()).append(" from ").append(session.loaded.display()).append(": ")
                .append(steps(session)).append(", ").append(target.simulated() ? "simulated (nothing touches a host)" : "on the hosts of " + target.name())
                .append('\n');
        if (!session.params.isEmpty()) {
            out.append("params: ").append(String.join(" ", session.params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())).append('\n');
        }
        for (Fault f : session.faults) out.append("fault: ").append(f.spec()).append('\n');
        out.append(target.opened());
        out.append("type help for the commands, or a statement to run it here\n");
        return out.toString();
    }

    private static String steps(Session s) {
        int top = s.program.file().itemsOf(Item.StepItem.class).size();
        int all = s.labels().size();
        return top + (top == 1 ? " step" : " steps") + (all > top ? " (" + all + " with those of its sub-runbooks)" : "");
    }

    private Response set(String rest) {
        if (rest.isEmpty()) {
            StringBuilder out = new StringBuilder();
            for (Map.Entry<String, String> p : session.shownParams().entrySet()) out.append("  ").append(p.getKey()).append(" = ").append(p.getValue()).append('\n');
            return new Response.Output(out.toString());
        }
        int eq = rest.indexOf('=');
        if (eq <= 0) return usage(command("set"), "write NAME=VALUE");
        if (!target.simulated()) {
            return new Response.Error("set is not possible on real hosts: the parameters of a run are given at its start, and its journal records them",
                    "load " + session.loaded.argument() + " -p " + rest.strip() + " starts another run with it (after a rehearsal)");
        }
        String name = rest.substring(0, eq).strip();
        Map<String, String> params = new LinkedHashMap<>(session.params);
        params.put(name, rest.substring(eq + 1).strip());
        Session opened;
        try {
            opened = Session.open(loader, session.loaded, params, session.faults, target, breaks);
        } catch (InitialState.Problem | RunSetup.Refusal p) {
            return new Response.Error(p.getMessage(), p instanceof InitialState.Problem problem ? problem.hint() : null);
        }
        boolean started = session.started();
        session.close();
        session = opened;
        return new Response.Output(name + " = " + session.shownParams().getOrDefault(name, params.get(name)) + "\n"
                + (started ? "parameters make the starting cluster: the run starts again at step " + session.position() + "\n" : ""));
    }

    // ------------------------------------------------------------------ breakpoints

    private Response breakCommand(String rest) {
        if (rest.isEmpty()) return usage(command("break"), "say where to stop");
        List<String> labels = session.labels();
        if (labels.contains(rest)) {
            Breakpoints.AtStep b = breaks.atStep(rest, "step " + rest);
            return new Response.Output("breakpoint " + b.id() + ": before step " + rest + "\n");
        }
        java.util.regex.Matcher line = java.util.regex.Pattern.compile("(?:line\\s+|:)(\\d+)").matcher(rest);
        if (line.matches()) {
            int n = Integer.parseInt(line.group(1));
            String label = session.stepAtLine(n);
            if (label == null) {
                return new Response.Error("line " + n + " of " + session.loaded.display() + " is in no step, and no step follows it",
                        "break at a line of a step; where shows the step the run is at with its lines");
            }
            Breakpoints.AtStep b = breaks.atStep(label, "line " + n + ", step " + label);
            return new Response.Output("breakpoint " + b.id() + ": before step " + label + " (line " + n + ")\n");
        }
        if (rest.matches("[0-9][0-9a-z.\\-/]*")) {
            return new Response.Error("there is no step " + rest + " in " + session.id(), "its steps are " + String.join(", ", labels));
        }
        String condition = rest.startsWith("if ") ? rest.substring(3).strip() : rest;
        String wrong = session.checkCondition(condition);
        if (wrong != null) {
            return new Response.Rejected(wrong, "`" + condition + "` is not a step, a line, or a condition that checks: no breakpoint"
                    + " (break 7, break line 44, break state master2 == STANDBY)");
        }
        Breakpoints.When b = breaks.when(condition);
        return new Response.Output("breakpoint " + b.id() + ": when " + condition + " becomes true\n");
    }

    private Response listBreaks() {
        if (breaks.all().isEmpty()) return new Response.Output("no breakpoints (break 7, break line 44, break state master2 == STANDBY)\n");
        StringBuilder out = new StringBuilder();
        for (Breakpoints.Break b : breaks.all()) out.append("  ").append(b.id()).append("  ").append(b.shown()).append('\n');
        return new Response.Output(out.toString());
    }

    private Response delete(String rest) {
        if (rest.equals("all")) {
            int n = breaks.all().size();
            breaks.clear();
            return new Response.Output("deleted " + n + (n == 1 ? " breakpoint" : " breakpoints") + "\n");
        }
        if (!rest.matches("\\d{1,9}")) return usage(command("delete"), "name a breakpoint by its number, or all");
        if (!breaks.delete(Integer.parseInt(rest))) {
            return new Response.Error("there is no breakpoint " + rest, breaks.all().isEmpty() ? "there are none" : "breaks lists them");
        }
        return new Response.Output("deleted breakpoint " + rest + "\n");
    }

    // ------------------------------------------------------------------ help and history

    private Response help(String rest) {
        if (!rest.isEmpty()) {
            Command c = command(rest);
            if (c == null) return new Response.Error("no command `" + rest + "`", "help lists them");
            StringBuilder out = new StringBuilder(c.name()).append(c.args().isEmpty() ? "" : " " + c.args()).append('\n');
            out.append("  ").append(c.summary()).append('\n');
            if (!c.more().isEmpty()) for (String line : c.more().split("\n")) out.append("  ").append(line).append('\n');
            return new Response.Output(out.toString());
        }
        List<List<String>> rows = new ArrayList<>();
        for (Command c : COMMANDS) rows.add(List.of(c.name() + (c.args().isEmpty() ? "" : " " + c.args()), c.summary()));
        StringBuilder out = new StringBuilder("commands:\n");
        dev.runbook.render.TraceText.StateTable.table(out, rows, "  ");
        out.append("any other line is a statement of the language, checked then run where the run is:\n");
        out.append("  on standby.host: repStop standby\n");
        out.append("  expect state master2 == STANDBY\n");
        out.append("a line ending in ':' opens a block: indent its lines, and end it with an empty line\n");
        return new Response.Output(out.toString());
    }

    private Response history() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < history.size(); i++) {
            String[] lines = history.get(i).split("\n");
            out.append(String.format(Locale.ROOT, "%4d  %s%n", i + 1, lines[0]));
            for (int j = 1; j < lines.length; j++) out.append("      ").append(lines[j]).append('\n');
        }
        return new Response.Output(out.toString());
    }

    // ------------------------------------------------------------------ completion

    /** The candidates for word {@code index} of {@code words}, sorted. */
    List<String> complete(List<String> words, int index) {
        TreeSet<String> out = new TreeSet<>();
        String first = words.isEmpty() ? "" : words.get(0);
        Command command = index == 0 ? null : command(first);
        if (index == 0) {
            for (Command c : COMMANDS) out.add(c.name());
            if (session != null) {
                out.addAll(KEYWORDS);
                out.addAll(verbs());
            }
        } else if (command != null) {
            switch (command.name()) {
                case "help" -> {
                    if (index == 1) for (Command c : COMMANDS) out.add(c.name());
                }
                case "load" -> {
                    if (index == 1) out.addAll(loader.ids());
                }
                case "break" -> {
                    if (session != null && index == 1) {
                        out.addAll(session.labels());
                        out.add("line");
                        out.addAll(session.program.vocabulary().queries().keySet());
                    } else if (session != null) {
                        out.addAll(names());
                        out.addAll(stateNames());
                    }
                }
                case "delete" -> {
                    if (index == 1) {
                        for (Breakpoints.Break b : breaks.all()) out.add(Integer.toString(b.id()));
                        out.add("all");
                    }
                }
                case "state" -> {
                    if (session != null && index == 1) out.addAll(session.stateNames());
                }
                case "set" -> {
                    if (session != null && index == 1) for (String p : session.shownParams().keySet()) out.add(p + "=");
                }
                default -> { }
            }
        } else if (session != null) {
            out.addAll(names());
            out.addAll(stateNames());
            out.addAll(verbs());
            out.addAll(session.program.vocabulary().queries().keySet());
        }
        String prefix = index < words.size() ? words.get(index) : "";
        return out.stream().filter(c -> c.startsWith(prefix)).toList();
    }

    private List<String> verbs() {
        return new ArrayList<>(session.program.vocabulary().verbs().keySet());
    }

    /** Parameters, databases and hosts: what a statement or state can name. */
    private List<String> names() {
        List<String> out = new ArrayList<>();
        for (Item.ParamItem p : session.program.file().itemsOf(Item.ParamItem.class)) out.add(p.name().text());
        for (ModelState.Instance i : session.model().instances()) if (!i.entity().equals("credential")) out.add(i.id());
        return out;
    }

    /** The values of the model's enumerations: ACTIVE, STANDBY, up, down, ... */
    private List<String> stateNames() {
        List<String> out = new ArrayList<>();
        Vocabulary v = session.program.vocabulary();
        for (Type.Enum e : v.enums().values()) out.addAll(e.values());
        return out;
    }

    /** Whether {@code word} is a verb or query of the loaded runbook's vocabulary (for highlighting). */
    boolean isVerb(String word) {
        if (session == null) return false;
        Vocabulary v = session.program.vocabulary();
        return v.verbs().containsKey(word) || v.queries().containsKey(word) || v.builtins().containsKey(word);
    }

    /** Ends the session: a held step is unwound, a real target closes its journal. Returns what to say then (how to continue a run on real hosts). */
    public String close() {
        if (session == null) return "";
        String said = session.close();
        session = null;
        return said;
    }
}
