package dev.runbook.shim;

import dev.runbook.ast.VerbClause;
import dev.runbook.check.CheckResult;
import dev.runbook.check.Type;
import dev.runbook.check.Vocabulary;
import dev.runbook.engine.Command;
import dev.runbook.engine.CommandLine;
import dev.runbook.engine.CommandTemplate;
import dev.runbook.engine.Rendering;
import dev.runbook.exec.SimulatedBackend;
import dev.runbook.sim.Env;
import dev.runbook.sim.ModelState;
import dev.runbook.sim.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the verbs and queries of the stdlib whose command line an invocation of a program is,
 * the way the real program would know: from its argument list alone (and its standard input when
 * the command pipes a statement into it). Every binding of the callable's parameters to the
 * model's instances is rendered by the engine's own renderer ({@link Rendering}); a parameter that
 * is text or a number is rendered as a marker, read back from the arguments, and the whole command
 * is rendered again with the values read and compared word for word.
 */
final class CommandMatcher {

    /** A callable, its parameters bound, the command the engine renders for it, and the host that runs it. */
    record Match(Vocabulary.Callable callable, Env env, Command command) {}

    private static final String MARK = "ZzShimArg";

    private final CheckResult program;
    private final Vocabulary vocabulary;
    private final ModelState state;
    private final String host;
    private final Function<String, String> environment;
    /** Only reads the model, to render commands: nothing is performed through it. */
    private final SimulatedBackend reader;

    CommandMatcher(CheckResult program, ModelState state, String host, Function<String, String> environment) {
        this.program = program;
        this.vocabulary = program.vocabulary();
        this.state = state;
        this.host = host;
        this.environment = environment;
        this.reader = new SimulatedBackend(vocabulary, state, 0);
    }

    /** Every verb and query whose command, as the engine renders it, makes exactly this invocation (on any host). */
    List<Match> find(String programName, List<String> argv, String stdin) {
        List<Match> out = new ArrayList<>();
        List<Vocabulary.Callable> callables = new ArrayList<>(vocabulary.verbs().values());
        callables.addAll(vocabulary.queries().values());
        for (Vocabulary.Callable c : callables) {
            if (c.item().clausesOf(VerbClause.RunsClause.class).isEmpty() && c.item().clausesOf(VerbClause.SqlClause.class).isEmpty()) continue;
            List<List<Value>> choices = choices(c);
            if (choices != null) combinations(c, choices, 0, new Value[choices.size()], programName, argv, stdin, out);
        }
        if (programName.equals("ttIsql")) out.addAll(builtinCalls(argv));
        return out;
    }

    /**
     * The built-in procedures ({@code call ttRepStop()} in a runbook) whose call, in the database
     * of each DSN, is this ttIsql invocation: rendered as the engine renders a call statement.
     */
    private List<Match> builtinCalls(List<String> argv) {
        List<Match> out = new ArrayList<>();
        for (Vocabulary.Callable c : vocabulary.builtins().values()) {
            if (c.params().stream().anyMatch(p -> p.type() == Type.Prim.NUMBER)) continue; // a number is no SQL literal: not read back
            List<List<Value>> choices = choices(c);
            if (choices == null) continue;
            for (ModelState.Instance db : state.all("database")) builtinCombinations(c, choices, 0, new Value[choices.size()], db, argv, out);
        }
        return out;
    }

    private void builtinCombinations(Vocabulary.Callable c, List<List<Value>> choices, int i, Value[] chosen, ModelState.Instance db,
                                     List<String> argv, List<Match> out) {
        if (i < chosen.length) {
            for (Value v : choices.get(i)) {
                chosen[i] = v;
                builtinCombinations(c, choices, i + 1, chosen, db, argv, out);
            }
            return;
        }
        Value[] values = chosen.clone();
        Value name = db.fields().get("name");
        String dsn = name == null || name instanceof Value.Nil ? db.id() : Value.show(name);
        CommandLine marked = Rendering.ttIsql(dsn, Rendering.builtinCall(c.name(), List.of(values)));
        Invocation expected = invocationOf(marked, "ttIsql");
        Map<Integer, String> read = new LinkedHashMap<>();
        if (expected == null || expected.words.size() != argv.size() || !matches(expected, argv, null, read)) return;
        for (Map.Entry<Integer, String> r : read.entrySet()) values[r.getKey()] = new Value.Str(r.getValue());
        CommandLine exact = Rendering.ttIsql(dsn, Rendering.builtinCall(c.name(), List.of(values)));
        if (!matches(invocationOf(exact, "ttIsql"), argv, null, new LinkedHashMap<>())) return;
        Value dbHost = db.fields().getOrDefault("host", Value.NIL);
        Env env = Env.root().on(dbHost, db.ref());
        for (int k = 0; k < values.length; k++) env.define(c.params().get(k).name(), values[k]);
        out.add(new Match(c, env, new Command(Value.show(dbHost), "sql", exact, null, c.name())));
    }

    /** Every verb whose {@code manual} instruction, as the engine renders it, is exactly {@code instruction}. */
    List<Match> findManual(String instruction) {
        List<Match> out = new ArrayList<>();
        for (Vocabulary.Callable c : vocabulary.verbs().values()) {
            if (c.item().clausesOf(VerbClause.ManualClause.class).isEmpty()) continue;
            List<List<Value>> choices = choices(c);
            if (choices != null) manualCombinations(c, choices, 0, new Value[choices.size()], instruction, out);
        }
        return out;
    }

    private void manualCombinations(Vocabulary.Callable c, List<List<Value>> choices, int i, Value[] chosen, String instruction, List<Match> out) {
        if (i < chosen.length) {
            for (Value v : choices.get(i)) {
                chosen[i] = v;
                manualCombinations(c, choices, i + 1, chosen, instruction, out);
            }
            return;
        }
        Value[] values = chosen.clone();
        Command marked = render(c, values);
        if (marked == null || marked.instruction() == null) return;
        StringBuilder regex = new StringBuilder();
        java.util.Set<Integer> named = new java.util.HashSet<>();
        regex.append(pattern(new CommandLine.Word(List.of(new CommandLine.Text(marked.instruction()))), named));
        Matcher m = Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(instruction);
        if (!m.matches()) return;
        for (int index : named) {
            Value typed = typed(c.params().get(index).type(), m.group("p" + index));
            if (typed == null) return;
            values[index] = typed;
        }
        Command exact = named.isEmpty() ? marked : render(c, values);
        if (exact != null && instruction.equals(exact.instruction())) out.add(new Match(c, env(c, values), exact));
    }

    /** The values each parameter of {@code c} can take, or null when one is of a type the shim cannot read (a list). */
    private List<List<Value>> choices(Vocabulary.Callable c) {
        List<List<Value>> choices = new ArrayList<>();
        for (Vocabulary.Param p : c.params()) {
            List<Value> values = candidates(p.type(), choices.size());
            if (values == null) return null;
            choices.add(values);
        }
        return choices;
    }

    /** The values a parameter can take: the model's instances, the enumeration's names, true and false, or a marker to read from the arguments. */
    private List<Value> candidates(Type type, int index) {
        if (type instanceof Type.Entity e) {
            List<Value> refs = new ArrayList<>();
            for (ModelState.Instance i : state.all(e.name())) refs.add(i.ref());
            return refs;
        }
        if (type instanceof Type.Enum e) return e.values().stream().map(v -> (Value) new Value.Sym(v)).toList();
        // an empty text too: an optional part of a command may be left out when a text is empty
        if (type == Type.Prim.STRING) return List.of(new Value.Str(MARK + index + "Q"), new Value.Str(""));
        // both truths of a bool: one may choose an optional part of the command (`sql "ON" if value`)
        if (type == Type.Prim.BOOL) return List.of(Value.of(true), Value.of(false));
        if (type == Type.Prim.RELEASE || type == Type.Prim.NUMBER) {
            return List.of(new Value.Str(MARK + index + "Q"));
        }
        return null;
    }

    private void combinations(Vocabulary.Callable c, List<List<Value>> choices, int i, Value[] chosen, String programName,
                              List<String> argv, String stdin, List<Match> out) {
        if (i == chosen.length) {
            Match m = tryBinding(c, chosen.clone(), programName, argv, stdin);
            if (m != null) out.add(m);
            return;
        }
        for (Value v : choices.get(i)) {
            chosen[i] = v;
            combinations(c, choices, i + 1, chosen, programName, argv, stdin, out);
        }
    }

    private Match tryBinding(Vocabulary.Callable c, Value[] values, String programName, List<String> argv, String stdin) {
        Command marked = render(c, values);
        if (marked == null) return null;
        Invocation expected = invocationOf(marked.line(), programName);
        if (expected == null || expected.words.size() != argv.size()) return null;
        Map<Integer, String> read = new LinkedHashMap<>();
        if (!matches(expected, argv, stdin, read)) return null;
        for (Map.Entry<Integer, String> r : read.entrySet()) {
            Value typed = typed(c.params().get(r.getKey()).type(), r.getValue());
            if (typed == null) return null;
            values[r.getKey()] = typed;
        }
        Command exact = read.isEmpty() ? marked : render(c, values);
        if (exact == null) return null;
        Invocation again = invocationOf(exact.line(), programName);
        if (again == null || !matches(again, argv, stdin, new LinkedHashMap<>())) return null;
        return new Match(c, env(c, values), exact);
    }

    private Env env(Vocabulary.Callable c, Value[] values) {
        Value here = host == null || host.equals("operator") ? null : new Value.Ref("host", host);
        Env env = Env.root().on(here, null);
        for (Vocabulary.Global g : vocabulary.globals().values()) env.define(g.name(), new Value.Ref(g.type().describe(), g.name()));
        for (int i = 0; i < values.length; i++) env.define(c.params().get(i).name(), values[i]);
        return env;
    }

    private Command render(Vocabulary.Callable c, Value[] values) {
        try {
            return Rendering.command(program, reader, c, env(c, values));
        } catch (CommandTemplate.Refused refused) {
            return null;
        }
    }

    private static Value typed(Type type, String text) {
        if (type == Type.Prim.NUMBER) {
            try {
                return new Value.Num(Double.parseDouble(text));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (type == Type.Prim.BOOL) return text.equals("true") || text.equals("false") ? Value.of(text.equals("true")) : null;
        return new Value.Str(text);
    }

    /** The words this program receives in a command (after `env` and its assignments), and what is piped into it by `echo`. */
    private record Invocation(List<CommandLine.Word> words, List<CommandLine.Word> piped) {}

    private Invocation invocationOf(CommandLine line, String programName) {
        List<List<CommandLine.Word>> commands = new ArrayList<>();
        List<String> operators = new ArrayList<>();
        List<CommandLine.Word> current = new ArrayList<>();
        for (CommandLine.Token t : line.tokens()) {
            if (t instanceof CommandLine.Operator op) {
                commands.add(current);
                operators.add(op.text());
                current = new ArrayList<>();
            } else {
                current.add((CommandLine.Word) t);
            }
        }
        commands.add(current);
        for (int i = 0; i < commands.size(); i++) {
            List<CommandLine.Word> words = new ArrayList<>(commands.get(i));
            if (!words.isEmpty() && literal(words.get(0)).equals("env")) {
                words.remove(0);
                while (!words.isEmpty() && literal(words.get(0)).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) words.remove(0);
            }
            if (words.isEmpty()) continue;
            String first = literal(words.get(0));
            if (!first.substring(first.lastIndexOf('/') + 1).equals(programName)) continue;
            List<CommandLine.Word> piped = null;
            if (i > 0 && operators.get(i - 1).equals("|") && !commands.get(i - 1).isEmpty()
                    && literal(commands.get(i - 1).get(0)).equals("echo")) {
                piped = commands.get(i - 1).subList(1, commands.get(i - 1).size());
            }
            return new Invocation(words.subList(1, words.size()), piped);
        }
        return null;
    }

    /** A word as the remote shell makes it, with the environment of this process; secrets and markers as they stand. */
    private String literal(CommandLine.Word w) {
        StringBuilder out = new StringBuilder();
        for (CommandLine.Piece p : w.pieces()) {
            if (p instanceof CommandLine.Text t) out.append(t.text());
            else if (p instanceof CommandLine.EnvVar v) out.append(envValue(v.name()));
            else if (p instanceof CommandLine.Home) out.append(envValue("HOME")).append('/');
        }
        return out.toString();
    }

    private String envValue(String name) {
        String v = environment.apply(name);
        return v == null ? "" : v;
    }

    private boolean matches(Invocation expected, List<String> argv, String stdin, Map<Integer, String> read) {
        StringBuilder regex = new StringBuilder();
        StringBuilder subject = new StringBuilder();
        java.util.Set<Integer> named = new java.util.HashSet<>();
        for (int i = 0; i < expected.words.size(); i++) {
            if (i > 0) {
                regex.append("\\x{0}");
                subject.append('\0');
            }
            regex.append(pattern(expected.words.get(i), named));
            subject.append(argv.get(i));
        }
        if (expected.piped != null) {
            regex.append("\\x{0}");
            subject.append('\0').append(stdin == null ? "" : stdin.strip());
            for (int i = 0; i < expected.piped.size(); i++) {
                if (i > 0) regex.append(' ');
                regex.append(pattern(expected.piped.get(i), named));
            }
        }
        Matcher m = Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(subject);
        if (!m.matches()) return false;
        for (int index : named) read.put(index, m.group("p" + index));
        return true;
    }

    /** A word as a regular expression: its text as is, a marker as a group (a back-reference when seen before), a secret as anything. */
    private String pattern(CommandLine.Word w, java.util.Set<Integer> named) {
        StringBuilder out = new StringBuilder();
        for (CommandLine.Piece p : w.pieces()) {
            if (p instanceof CommandLine.Text t) {
                Matcher m = Pattern.compile(MARK + "(\\d+)Q").matcher(t.text());
                int at = 0;
                while (m.find()) {
                    out.append(quote(t.text().substring(at, m.start())));
                    int index = Integer.parseInt(m.group(1));
                    out.append(named.add(index) ? "(?<p" + index + ">.*?)" : "\\k<p" + index + ">");
                    at = m.end();
                }
                out.append(quote(t.text().substring(at)));
            } else if (p instanceof CommandLine.EnvVar v) {
                out.append(quote(envValue(v.name())));
            } else if (p instanceof CommandLine.Home) {
                out.append(quote(envValue("HOME") + "/"));
            } else if (p instanceof CommandLine.SecretRef) {
                out.append(".*?"); // the shim cannot know a secret: any value stands for it
            }
        }
        return out.toString();
    }

    private static String quote(String s) {
        return s.isEmpty() ? "" : Pattern.quote(s);
    }
}
