package dev.runbook.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A command as a run sends it: words (each one argument of a program) and the shell operators
 * between simple commands (a pipe, {@code &&}). A word is made of pieces: text, a variable of the
 * remote environment ({@code $TT_HOME}), the home directory, or a secret that is looked up only
 * when the command is sent. {@link ShellQuote#join} is the one place that turns it into a line.
 */
public record CommandLine(List<Token> tokens) {

    public CommandLine {
        tokens = List.copyOf(tokens);
    }

    public sealed interface Token {}

    /** One argument. */
    public record Word(List<Piece> pieces) implements Token {
        public Word {
            pieces = List.copyOf(pieces);
        }
    }

    /** A shell operator written in a command template: {@code |}, {@code &&}, {@code ||}, {@code ;}, {@code >}, {@code >>}, {@code <}. */
    public record Operator(String text) implements Token {}

    public sealed interface Piece {}

    public record Text(String text) implements Piece {}

    /** {@code $NAME}: a variable of the remote environment, expanded by the remote shell. */
    public record EnvVar(String name) implements Piece {}

    /** {@code ~/}: the remote user's home directory, at the start of a word. */
    public record Home() implements Piece {}

    /** The secret of a credential parameter, escaped for where it stands once it is known. */
    public record SecretRef(String param, Escape escape) implements Piece {}

    /** How a secret is escaped inside its word: as is, inside a SQL string literal, inside a quoted SQL identifier. */
    public enum Escape {
        NONE, SQL_LITERAL, SQL_IDENTIFIER;

        String apply(String text) {
            return switch (this) {
                case NONE -> text;
                case SQL_LITERAL -> text.replace("'", "''");
                case SQL_IDENTIFIER -> text.replace("\"", "\"\"");
            };
        }
    }

    public static CommandLine of(List<Word> words) {
        return new CommandLine(new ArrayList<Token>(words));
    }

    public static Word word(String text) {
        return new Word(List.of(new Text(text)));
    }

    /** The line a plan prints and a trace records: secrets as {@link Secret#MASK}. */
    public String masked() {
        return ShellQuote.join(this, ref -> new Secret(Secret.MASK));
    }

    /** The line a run sends, with the secrets from {@code secrets}. */
    public String line(SecretSource secrets) {
        return ShellQuote.join(this, ref -> secrets.require(ref.param()));
    }

    /**
     * The arguments a shell makes of each word, for tests and diagnostics: environment variables
     * and the home directory from {@code env} ({@code "HOME"} for the latter), secrets masked.
     */
    public List<String> words(Function<String, String> env) {
        List<String> out = new ArrayList<>();
        for (Token t : tokens) {
            if (t instanceof Operator o) {
                out.add(o.text());
                continue;
            }
            StringBuilder w = new StringBuilder();
            for (Piece p : ((Word) t).pieces()) {
                if (p instanceof Text text) w.append(text.text());
                else if (p instanceof EnvVar v) w.append(env.apply(v.name()));
                else if (p instanceof Home) w.append(env.apply("HOME")).append('/');
                else if (p instanceof SecretRef s) w.append(s.escape().apply(Secret.MASK));
            }
            out.add(w.toString());
        }
        return out;
    }

    /** Whether the command is a single simple command (no operator): its words are its argument list. */
    public boolean isSimple() {
        return tokens.stream().noneMatch(t -> t instanceof Operator);
    }
}
