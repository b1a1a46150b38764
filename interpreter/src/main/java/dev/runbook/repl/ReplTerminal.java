package dev.runbook.repl;

import dev.runbook.exec.Operator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jline.reader.Candidate;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * The JLine front end of the {@link ReplEngine}: line editing, history kept in a file, completion,
 * highlighting, and a continuation prompt for a statement that goes on. It only reads lines and
 * prints the engine's answers.
 */
public final class ReplTerminal {

    /** Where the history lives unless told otherwise: ~/.runbook/repl_history. */
    public static Path defaultHistory() {
        return Path.of(System.getProperty("user.home"), ".runbook", "repl_history");
    }

    private ReplTerminal() {}

    /**
     * The terminal the process runs in, through JLine's JNI provider; a dumb one when standard input
     * or output is not a terminal. Not the exec provider: it runs {@code test -t N} and {@code stty}
     * from the PATH, which is not safe to trust (with the repository's bin/ on the PATH, `test` is
     * bin/test, the whole test suite).
     */
    public static Terminal system() throws IOException {
        trustedCommands();
        return TerminalBuilder.builder().system(true).providers("jni").dumb(true).encoding(StandardCharsets.UTF_8).build();
    }

    /**
     * JLine still asks {@code test -t N} whether a stream is a terminal, by the name found on the
     * PATH; the system's own commands are named by their paths instead.
     */
    private static void trustedCommands() {
        org.jline.utils.OSUtils.TEST_COMMAND = firstOf(org.jline.utils.OSUtils.TEST_COMMAND, "/usr/bin/test", "/bin/test");
        org.jline.utils.OSUtils.STTY_COMMAND = firstOf(org.jline.utils.OSUtils.STTY_COMMAND, "/bin/stty", "/usr/bin/stty");
        org.jline.utils.OSUtils.TTY_COMMAND = firstOf(org.jline.utils.OSUtils.TTY_COMMAND, "/usr/bin/tty", "/bin/tty");
        org.jline.utils.OSUtils.INFOCMP_COMMAND = firstOf(org.jline.utils.OSUtils.INFOCMP_COMMAND, "/usr/bin/infocmp", "/bin/infocmp");
    }

    private static String firstOf(String otherwise, String... paths) {
        for (String p : paths) if (java.nio.file.Files.isExecutable(Path.of(p))) return p;
        return otherwise;
    }

    /**
     * A terminal over streams (scripted sessions): {@code type} {@code dumb} for a plain transcript (no
     * colours, no completion), {@code ansi} for one that completes; it does not echo what it reads,
     * so that what it shows is what the line reader draws.
     */
    public static Terminal streams(InputStream in, OutputStream out, String type) throws IOException {
        trustedCommands();
        Terminal terminal = TerminalBuilder.builder().system(false).provider("exec").streams(in, out).type(type).size(new org.jline.terminal.Size(200, 50))
                .encoding(StandardCharsets.UTF_8).build();
        terminal.echo(false);
        return terminal;
    }

    /** The line reader the REPL reads with: completion, highlighting, history in {@code history} (null: none kept). */
    public static LineReader reader(ReplEngine engine, Terminal terminal, Path history) {
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("runbook")
                .parser(new StatementParser(engine))
                .completer((reader, line, candidates) -> {
                    Response r = engine.handle(new Request.Complete(line.words(), line.wordIndex()));
                    if (r instanceof Response.Completions c) {
                        for (String s : c.candidates()) candidates.add(new Candidate(s, s, null, null, null, null, !s.endsWith("=")));
                    }
                })
                .highlighter(new Colours(engine))
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P...> ")
                .variable(LineReader.INDENTATION, 2)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.INSERT_BRACKET, false);
        if (history != null) builder.variable(LineReader.HISTORY_FILE, history).variable(LineReader.HISTORY_SIZE, 2000);
        return builder.build();
    }

    /** Whether the terminal is one a person types at (not a dumb one over piped lines). */
    public static boolean typedAt(Terminal terminal) {
        return !Terminal.TYPE_DUMB.equals(terminal.getType()) && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
    }

    /**
     * The operator of a run on real hosts, asked at the REPL's terminal, with `run`'s rules
     * ({@link Operator#asking}): on a line reader of its own, so that the answers stay out of the
     * history. Ctrl-C at a question is no.
     */
    public static Operator operator(Terminal terminal, boolean assumeYes) {
        LineReader answers = LineReaderBuilder.builder().terminal(terminal).appName("runbook")
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true).build();
        return Operator.asking(new Operator.Prompter() {
            @Override
            public String ask(String prompt) {
                try {
                    return answers.readLine(prompt);
                } catch (UserInterruptException | EndOfFileException e) {
                    return null;
                }
            }

            @Override
            public void say(String line) {
                terminal.writer().println(line);
                terminal.writer().flush();
            }
        }, typedAt(terminal), assumeYes);
    }

    /**
     * Reads and answers lines until quit or the end of input; {@code first} (the loading of the
     * runbook the command line named) is said before the first prompt. Returns 0, or 1 when the last
     * answer was a failed run or an error (for a script that pipes lines in).
     */
    public static int run(ReplEngine engine, LineReader reader, Response first) {
        Terminal terminal = reader.getTerminal();
        Response last = first;
        if (first != null) say(terminal, first);
        while (true) {
            String line;
            try {
                line = reader.readLine(engine.prompt());
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            Response r = engine.handle(new Request.Eval(line));
            if (r instanceof Response.Quit) break;
            if (!(r instanceof Response.Incomplete)) last = r;
            say(terminal, r);
        }
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            terminal.writer().println("note: the history could not be saved: " + e.getMessage());
        }
        terminal.writer().print(engine.close());
        terminal.writer().flush();
        return last instanceof Response.Stopped || last instanceof Response.Error || last instanceof Response.Rejected ? 1 : 0;
    }

    private static void say(Terminal terminal, Response r) {
        String text = Response.render(r);
        if (text.isEmpty()) return;
        boolean colour = !Terminal.TYPE_DUMB.equals(terminal.getType()) && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
        if (colour && (r instanceof Response.Stopped || r instanceof Response.Error || r instanceof Response.Rejected)) {
            AttributedStyle style = r instanceof Response.Error ? AttributedStyle.DEFAULT.foreground(AttributedStyle.RED)
                    : AttributedStyle.BOLD.foreground(AttributedStyle.RED);
            terminal.writer().print(new AttributedString(text, style).toAnsi(terminal));
        } else {
            terminal.writer().print(text);
        }
        terminal.writer().flush();
    }

    /** Words as JLine's default parser splits them, and "go on" for a statement the engine calls incomplete. */
    static final class StatementParser extends DefaultParser {
        private final ReplEngine engine;

        StatementParser(ReplEngine engine) {
            this.engine = engine;
            setEscapeChars(null);
        }

        @Override
        public ParsedLine parse(String line, int cursor, ParseContext context) {
            if (context == ParseContext.ACCEPT_LINE && engine.incomplete(line)) {
                throw new EOFError(-1, cursor, "the statement goes on", "");
            }
            return super.parse(line, cursor, context);
        }
    }

    /** Highlighting: REPL commands bold, statement keywords and verbs coloured, strings and comments apart. */
    static final class Colours implements Highlighter {
        private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
        private static final Set<String> COMMANDS = Set.copyOf(ReplEngine.COMMANDS.stream().map(ReplEngine.Command::name).toList());
        private final ReplEngine engine;

        Colours(ReplEngine engine) {
            this.engine = engine;
        }

        @Override
        public AttributedString highlight(LineReader reader, String buffer) {
            AttributedStringBuilder out = new AttributedStringBuilder();
            boolean first = true;
            int i = 0;
            while (i < buffer.length()) {
                char c = buffer.charAt(i);
                if (c == '#') {
                    out.styled(AttributedStyle.DEFAULT.faint(), buffer.substring(i));
                    break;
                }
                if (c == '"' || c == '\'') {
                    int end = i + 1;
                    while (end < buffer.length() && buffer.charAt(end) != c) end++;
                    end = Math.min(buffer.length(), end + 1);
                    out.styled(AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW), buffer.substring(i, end));
                    i = end;
                    first = false;
                    continue;
                }
                java.util.regex.Matcher m = WORD.matcher(buffer).region(i, buffer.length());
                if (m.lookingAt()) {
                    String word = m.group();
                    out.styled(style(word, first), word);
                    i = m.end();
                    first = false;
                    continue;
                }
                if (!Character.isWhitespace(c)) first = false;
                out.append(c);
                i++;
            }
            return out.toAttributedString();
        }

        private AttributedStyle style(String word, boolean first) {
            if (first && COMMANDS.contains(word)) return AttributedStyle.BOLD;
            if (ReplEngine.KEYWORDS.contains(word) || List.of("and", "or", "not", "in", "timeout", "every", "from", "using", "else").contains(word)) {
                return AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE);
            }
            if (engine.isVerb(word)) return AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
            if (word.chars().allMatch(ch -> Character.isUpperCase(ch) || ch == '_')) return AttributedStyle.DEFAULT.foreground(AttributedStyle.MAGENTA);
            return AttributedStyle.DEFAULT;
        }

        @Override
        public void setErrorPattern(Pattern errorPattern) {}

        @Override
        public void setErrorIndex(int errorIndex) {}
    }
}
