package dev.runbook.engine;

import dev.runbook.ast.Expr;
import dev.runbook.sim.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads a command template ({@code runs "ttAdmin -repStart ${db.name}"}, {@code sh "..."}) the way
 * a POSIX shell reads a line, but only its literal text: blanks split words, quotes and
 * backslashes group and escape, {@code $NAME} names a variable of the remote environment, a
 * leading {@code ~/} the home directory, and {@code | && || ; > >> <} are operators. An
 * interpolated value always becomes part of the word it stands in, as it is: it can never split a
 * word, end a quote, or add an operator. {@link ShellQuote#join} quotes it when the line is sent.
 */
public final class CommandTemplate {

    /** The template cannot be read, or a value cannot go where it stands. The message says which and why. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    private static final List<String> SHELLS = List.of("sh", "bash", "dash", "ksh", "zsh");

    private final List<CommandLine.Token> tokens = new ArrayList<>();
    private final List<String> currentCommand = new ArrayList<>();
    private List<CommandLine.Piece> pieces = new ArrayList<>();
    private StringBuilder text = new StringBuilder();
    private boolean started;
    private char quote;

    private CommandTemplate() {}

    /** The command a template makes with {@code values} interpolated. */
    public static CommandLine read(Expr.StringLit template, Function<Expr.StringLit.Interpolation, Value> values) {
        CommandTemplate t = new CommandTemplate();
        for (Expr.StringLit.Part part : template.parts()) {
            if (part instanceof Expr.StringLit.Text literal) t.literal(literal.text());
            else if (part instanceof Expr.StringLit.Interpolation i) t.value(i, values.apply(i));
        }
        if (t.quote != 0) throw new Refused("the command template has an unclosed " + t.quote + " quote");
        t.endWord();
        if (!t.tokens.isEmpty() && t.tokens.get(t.tokens.size() - 1) instanceof CommandLine.Operator op && !op.text().equals(";")) {
            throw new Refused("the command template ends with the operator `" + op.text() + "`");
        }
        return new CommandLine(t.tokens);
    }

    private void value(Expr.StringLit.Interpolation at, Value v) {
        if (isScriptOfShell()) {
            throw new Refused("`${" + at.path().dotted() + "}` stands in a script for `" + currentCommand.get(0)
                    + " -c`, which would read it again as shell syntax: pass it as an argument after the script ($1)");
        }
        started = true;
        if (v instanceof Value.Secret s) {
            flushText();
            pieces.add(new CommandLine.SecretRef(s.owner(), CommandLine.Escape.NONE));
            return;
        }
        String shown = Value.show(v);
        if (shown.indexOf('\0') >= 0) throw new Refused("the value of `${" + at.path().dotted() + "}` contains a NUL character");
        text.append(shown);
    }

    /** Whether the word being read is the script of {@code sh -c}. */
    private boolean isScriptOfShell() {
        int n = currentCommand.size();
        if (n < 2 || !currentCommand.get(n - 1).equals("-c")) return false;
        String program = currentCommand.get(0);
        return SHELLS.contains(program.substring(program.lastIndexOf('/') + 1));
    }

    private void literal(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote == '\'') {
                if (c == '\'') quote = 0;
                else text.append(c);
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < s.length() && "$`\"\\".indexOf(s.charAt(i + 1)) >= 0) {
                    text.append(s.charAt(++i));
                } else if (c == '$') {
                    i = variable(s, i);
                } else if (c == '`') {
                    throw new Refused("command substitution (`) is not allowed in a command template");
                } else {
                    text.append(c);
                }
            } else if (c == ' ' || c == '\t' || c == '\n') {
                endWord();
            } else if (c == '\'' || c == '"') {
                quote = c;
                started = true;
            } else if (c == '\\') {
                if (i + 1 == s.length()) throw new Refused("the command template ends with a backslash");
                text.append(s.charAt(++i));
                started = true;
            } else if (c == '$') {
                i = variable(s, i);
            } else if (c == '~' && !started && (i + 1 == s.length() || s.charAt(i + 1) == '/')) {
                pieces.add(new CommandLine.Home());
                started = true;
                if (i + 1 < s.length()) i++;
            } else if ("|&;<>".indexOf(c) >= 0) {
                i = operator(s, i);
            } else if ("`()".indexOf(c) >= 0) {
                throw new Refused("`" + c + "` is shell syntax a command template does not allow: quote it, or run a script with sh -c '...'");
            } else {
                text.append(c);
                started = true;
            }
        }
    }

    private int variable(String s, int dollar) {
        if (dollar + 1 < s.length() && s.charAt(dollar + 1) == '{') {
            int close = s.indexOf('}', dollar);
            String name = close < 0 ? "" : s.substring(dollar + 2, close);
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new Refused("write $NAME or ${NAME} for a variable of the remote environment");
            }
            flushText();
            pieces.add(new CommandLine.EnvVar(name));
            started = true;
            return close;
        }
        int end = dollar + 1;
        while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')
                && s.charAt(end) < 128) end++;
        String name = s.substring(dollar + 1, end);
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            throw new Refused("a `$` in a command template names a variable of the remote environment, such as $TT_HOME; write \\$ for a dollar sign");
        }
        flushText();
        pieces.add(new CommandLine.EnvVar(name));
        started = true;
        return end - 1;
    }

    private int operator(String s, int i) {
        endWord();
        char c = s.charAt(i);
        boolean doubled = i + 1 < s.length() && s.charAt(i + 1) == c;
        String op = switch (c) {
            case '|' -> doubled ? "||" : "|";
            case '&' -> doubled ? "&&" : null;
            case '>' -> doubled ? ">>" : ">";
            case ';' -> doubled ? null : ";";
            case '<' -> doubled ? null : "<";
            default -> null;
        };
        if (op == null) throw new Refused("`" + s.substring(i, Math.min(s.length(), i + 2)).strip() + "` is shell syntax a command template does not allow");
        tokens.add(new CommandLine.Operator(op));
        currentCommand.clear();
        return i + op.length() - 1;
    }

    private void flushText() {
        if (text.length() > 0) pieces.add(new CommandLine.Text(text.toString()));
        text = new StringBuilder();
    }

    private void endWord() {
        if (quote != 0) return;
        flushText();
        if (started) {
            CommandLine.Word word = new CommandLine.Word(pieces);
            tokens.add(word);
            StringBuilder plain = new StringBuilder();
            for (CommandLine.Piece p : pieces) if (p instanceof CommandLine.Text t) plain.append(t.text());
            currentCommand.add(plain.toString());
        }
        pieces = new ArrayList<>();
        started = false;
    }
}
