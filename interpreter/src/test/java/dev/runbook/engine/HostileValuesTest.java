package dev.runbook.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.ast.Expr;
import dev.runbook.ast.VerbClause;
import dev.runbook.check.CheckResult;
import dev.runbook.check.Vocabulary;
import dev.runbook.parse.Parser;
import dev.runbook.sim.SimRun;
import dev.runbook.sim.Value;
import dev.runbook.source.Source;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Hostile values (quotes of both kinds, ; && | $() backticks, newlines, backslashes, globs, a
 * leading -, unicode) interpolated into every command template of the standard library and into
 * sh, sql and call: a real POSIX shell ({@code /bin/sh}) reads each joined line back into exactly
 * the intended words, and each SQL statement keeps its shape, the value one literal or one
 * identifier (or the value is refused). The intended words come from the template read with a
 * marker in place of the value, never from the code under test's quoting.
 */
class HostileValuesTest {

    private static final String MARKER = "QQMARKQQ";
    private static final int VALUES = 10_000;
    private static final Map<String, String> REMOTE_ENV = Map.of("TT_HOME", "/opt/tt 22", "ORACLE_HOME", "/opt/ora",
            "TIMESTEN_HOME", "/opt/tt/inst", "LD_LIBRARY_PATH", "/usr/lib", "HOME", "/home/op");
    private static final String[] PIECES = {"'", "\"", ";", "&&", "|", "$(id)", "`id`", "\n", "\\", "*", "?", "[a]", "-rf",
            " ", "\t", "$HOME", "${x}", "--", "/*", "*/", "%", "!", "#", "~", "é", "漢字", "🙂", ")", "(", "<", ">", "''", "\"\"",
            "a", "b1", "DROP TABLE t", ",", "=", "@", ".", "$"};

    /** A command template of the library, or one written here for sh, sql and call. */
    private record Target(String name, Expr.StringLit template, boolean sql, Expr.StringLit.Interpolation hole) {}

    private record Case(Target target, String value, CommandLine rendered, List<String> intended) {}

    @Test
    void everyTemplateKeepsItsWordsAndItsStatementsShape() throws Exception {
        List<Target> targets = targets();
        assertTrue(targets.size() > 60, "the library's templates with interpolations: " + targets.size());
        Random random = new Random(20261205);
        List<Case> shellCases = new ArrayList<>();
        int refused = 0;
        int sqlChecked = 0;
        int total = Math.max(VALUES, targets.size() * 60);
        for (int n = 0; n < total; n++) {
            Target t = targets.get(n % targets.size());
            String value = hostile(random);
            Optional<CommandLine> rendered = render(t, value);
            if (rendered.isEmpty()) {
                refused++;
                continue;
            }
            CommandLine marked = render(t, MARKER).orElseThrow();
            if (t.sql()) {
                String statement = statementOf(rendered.get());
                assertSameShape(statementOf(marked), statement, value, t.name());
                sqlChecked++;
            }
            // the words from the template alone; a statement's own escaping was checked above
            List<String> intended = new ArrayList<>();
            for (String w : marked.words(REMOTE_ENV::get)) intended.add(w.replace(MARKER, value));
            if (t.sql()) intended.set(4, rendered.get().words(REMOTE_ENV::get).get(4));
            shellCases.add(new Case(t, value, rendered.get(), intended));
        }
        List<List<String>> parsed = shellWords(shellCases, p -> Optional.of(new Secret(Secret.MASK)));
        for (int i = 0; i < shellCases.size(); i++) {
            Case c = shellCases.get(i);
            assertEquals(c.intended(), parsed.get(i), () -> c.target().name() + " with " + c.value().replace("\n", "\\n")
                    + ": the shell read other words from " + c.rendered().masked());
        }
        assertTrue(shellCases.size() > VALUES / 2, "most values reach the shell: " + shellCases.size());
        assertTrue(sqlChecked > 1000 && refused > 100, "SQL statements checked " + sqlChecked + ", values refused " + refused);
    }

    @Test
    void aNulCharacterIsRefusedEverywhere() {
        for (Target t : targets()) {
            assertTrue(render(t, "a\0b").isEmpty(), t.name());
        }
        assertThrows(CommandTemplate.Refused.class, () -> Engine.sqlArgument(new Value.Str("a\0b")));
    }

    @Test
    void secretsAreEscapedForWhereTheyStandAndMaskedInPrint() throws Exception {
        String text = dev.runbook.TestSecrets.HOSTILE;
        Secret hostile = new Secret(text);
        SecretSource secrets = param -> Optional.of(hostile);
        String template = "CREATE USER u IDENTIFIED BY ${u.password}; CALL f('${u.password}', \"${u.password}\")";
        List<CommandLine.Piece> sql = SqlText.read(lit(template), i -> new Value.Secret("u"));
        CommandLine line = Engine.ttIsql("master1", sql);
        assertEquals("ttIsql -connStr DSN=master1 -e 'CREATE USER u IDENTIFIED BY \"********\"; CALL f('\\''********'\\'', "
                + "\"********\"); quit;'", line.masked());
        List<String> words = shellWords(List.of(new Case(null, "", line, List.of())), secrets).get(0);
        String identifier = "\"" + text.replace("\"", "\"\"") + "\"";
        // no message: it would print the secret
        assertTrue(words.get(4).equals("CREATE USER u IDENTIFIED BY " + identifier + "; CALL f('" + text.replace("'", "''") + "', "
                + identifier + "); quit;"));
        assertSameShape(statementOf(line), words.get(4).substring(0, words.get(4).length() - "; quit;".length()), null, "secret");
        assertEquals("********", hostile.toString());
        assertEquals("x********", "x" + hostile);
    }

    @Test
    void theScriptOfShDashCTakesNoValue() {
        CommandTemplate.Refused refused = assertThrows(CommandTemplate.Refused.class,
                () -> CommandTemplate.read(lit("sh -c \"echo ${x}\""), i -> new Value.Str("a")));
        assertTrue(refused.getMessage().contains("pass it as an argument"), refused.getMessage());
        CommandTemplate.read(lit("sh -c 'echo \"$1\"' sh ${x}"), i -> new Value.Str("a"));
    }

    // ------------------------------------------------------------------ the targets

    private static List<Target> targets() {
        CheckResult program = SimRun.check("""
                runbook t "every module"
                use timesten
                use cache
                use ocms

                step 1:
                  manual "nothing"
                """);
        List<Target> out = new ArrayList<>();
        List<Vocabulary.Callable> callables = new ArrayList<>(program.vocabulary().verbs().values());
        callables.addAll(program.vocabulary().queries().values());
        for (Vocabulary.Callable c : callables) {
            for (VerbClause.RunsClause r : c.item().clausesOf(VerbClause.RunsClause.class)) add(out, c.name(), r.command(), false);
            for (VerbClause.SqlClause s : c.item().clausesOf(VerbClause.SqlClause.class)) add(out, c.name(), s.sql(), true);
        }
        // raw statements as an author writes them: sh with values in every quoting context, sql, call
        add(out, "sh", lit("ls -l ${a} '${a}' \"x${a}y\" $TT_HOME/${a} ~/${a} | grep -v ${a} && echo done > /tmp/${a}.log"), false);
        add(out, "sql", lit("DROP CACHE GROUP ${a}; INSERT INTO t VALUES ('${a}', \"${a}\")"), true);
        add(out, "call", lit("call ttRepStateSave('FAILED', '${a}', '${a}')"), true);
        return out;
    }

    private static void add(List<Target> out, String name, Expr.StringLit template, boolean sql) {
        for (Expr.StringLit.Part p : template.parts()) {
            if (p instanceof Expr.StringLit.Interpolation i && !i.path().dotted().endsWith("password")) {
                out.add(new Target(name + " ${" + i.path().dotted() + "}", template, sql, i));
            }
        }
    }

    /** The command with {@code value} in the target's hole and benign values elsewhere; empty when refused. */
    private static Optional<CommandLine> render(Target t, String value) {
        try {
            java.util.function.Function<Expr.StringLit.Interpolation, Value> values = i -> {
                if (i == t.hole()) return new Value.Str(value);
                if (i.path().dotted().endsWith("password")) return new Value.Secret(i.path().names().get(0).text());
                return new Value.Str("x1");
            };
            if (!t.sql()) return Optional.of(CommandTemplate.read(t.template(), values));
            return Optional.of(Engine.ttIsql("db1", SqlText.read(t.template(), values)));
        } catch (CommandTemplate.Refused refused) {
            return Optional.empty();
        }
    }

    private static String hostile(Random random) {
        StringBuilder out = new StringBuilder();
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) out.append(PIECES[random.nextInt(PIECES.length)]);
        return out.toString();
    }

    static Expr.StringLit lit(String text) {
        Source source = Source.of("t.rbk", "runbook t \"t\"\nstep 1:\n  sh \"" + text.replace("\\", "\\\\").replace("\"", "\\\"")
                .replace("\n", "\\n") + "\"\n");
        var parsed = Parser.parse(source);
        var step = parsed.file().itemsOf(dev.runbook.ast.Item.StepItem.class).get(0);
        return ((dev.runbook.ast.Stmt.ShStmt) step.body().get(0)).command();
    }

    // ------------------------------------------------------------------ SQL shape

    private static String statementOf(CommandLine ttIsql) {
        String script = ttIsql.words(REMOTE_ENV::get).get(4);
        return script.substring(0, script.length() - "; quit;".length());
    }

    /** Same tokens, except that each token holding the marker holds the value instead, decoded. */
    private static void assertSameShape(String marked, String actual, String value, String where) {
        List<String> a = sqlTokens(marked);
        List<String> b = sqlTokens(actual);
        assertEquals(a.size(), b.size(), () -> where + ": the statement changed shape: " + actual);
        for (int i = 0; i < a.size(); i++) {
            String m = a.get(i);
            String v = b.get(i);
            if (value != null && m.contains(MARKER)) {
                assertEquals(decode(m).replace(MARKER, value), decode(v), where);
                assertEquals(m.charAt(0) == '\'' || m.charAt(0) == '"' ? m.charAt(0) : 'w', v.charAt(0) == '\'' || v.charAt(0) == '"' ? v.charAt(0) : 'w', where);
            } else if (!m.equals(v)) {
                assertEquals(m.charAt(0), v.charAt(0), () -> where + ": token " + v + " for " + m);
                assertFalse(m.charAt(0) != '\'' && m.charAt(0) != '"', () -> where + ": token " + v + " for " + m);
            }
        }
    }

    private static String decode(String token) {
        char q = token.charAt(0);
        if (q != '\'' && q != '"') return token;
        return token.substring(1, token.length() - 1).replace(String.valueOf(q) + q, String.valueOf(q));
    }

    /** A SQL lexer for the test: literals, quoted identifiers, words, and each other character. */
    private static List<String> sqlTokens(String sql) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'' || c == '"') {
                int j = i + 1;
                while (true) {
                    if (j >= sql.length()) throw new AssertionError("unclosed " + c + " in " + sql);
                    if (sql.charAt(j) == c) {
                        if (j + 1 < sql.length() && sql.charAt(j + 1) == c) j += 2;
                        else break;
                    } else {
                        j++;
                    }
                }
                out.add(sql.substring(i, j + 1));
                i = j + 1;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '#' || c == '.') {
                int j = i;
                while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || "_$#.".indexOf(sql.charAt(j)) >= 0)) j++;
                out.add(sql.substring(i, j));
                i = j;
            } else {
                out.add(String.valueOf(c));
                i++;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ the real shell

    /** Each case's simple commands joined by ShellQuote, read back by /bin/sh: the words of each case, in order. */
    private static List<List<String>> shellWords(List<Case> cases, SecretSource secrets) throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder();
        for (Case c : cases) {
            List<CommandLine.Token> simple = new ArrayList<>();
            List<CommandLine.Token> all = new ArrayList<>(c.rendered().tokens());
            all.add(null);
            for (CommandLine.Token t : all) {
                if (t == null || t instanceof CommandLine.Operator) {
                    if (!simple.isEmpty()) {
                        script.append("printf '%s\\0' ").append(new CommandLine(simple).line(secrets))
                                .append('\n');
                    }
                    if (t != null) script.append("printf '%s\\0' ").append(ShellQuote.word(((CommandLine.Operator) t).text())).append('\n');
                    simple.clear();
                } else {
                    simple.add(t);
                }
            }
            script.append("printf '%s\\0' @@END@@\n");
        }
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-s");
        pb.environment().clear();
        pb.environment().putAll(REMOTE_ENV);
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        Thread writer = new Thread(() -> {
            try (var in = p.getOutputStream()) {
                in.write(script.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the shell's output says what went wrong
            }
        });
        writer.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "sh finished");
        writer.join();
        assertEquals(0, p.exitValue(), () -> "sh failed: " + out.toString(StandardCharsets.UTF_8));
        List<List<String>> result = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String w : out.toString(StandardCharsets.UTF_8).split("\0", -1)) {
            if (w.equals("@@END@@")) {
                result.add(current);
                current = new ArrayList<>();
            } else {
                current.add(w);
            }
        }
        assertEquals(cases.size(), result.size(), "one answer per case");
        return result;
    }
}
