package dev.runbook.engine;

import dev.runbook.ast.Expr;
import dev.runbook.sim.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Builds the text of a SQL statement from a template, escaping each interpolated value for where
 * it stands, which the author says by writing it as SQL would have it:
 * <ul>
 *   <li>{@code '${x}'}: inside a string literal, the value's quotes doubled;</li>
 *   <li>{@code "${x}"}: inside a quoted identifier, its double quotes doubled;</li>
 *   <li>{@code ${x}} alone: a number as is, anything else a plain SQL name ({@code owner.name}
 *       at most), checked; a value that is not one is refused, never pasted. A secret there
 *       becomes a quoted identifier. Alone between parentheses ({@code (${columns})}) it may be a
 *       list of column definitions, checked against their grammar.</li>
 * </ul>
 * So no value can end a literal, add a clause or start another statement. The statement becomes
 * one argument of ttIsql; only {@link ShellQuote} quotes it for the shell.
 */
public final class SqlText {

    /** A name TimesTen takes without quotes: a letter, then letters, digits, _ $ #; one owner prefix at most. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_$#]*(\\.[A-Za-z][A-Za-z0-9_$#]*)?");

    /**
     * Column definitions, the one SQL fragment a value may be: {@code id NUMBER NOT NULL PRIMARY KEY,
     * name VARCHAR2(32)}: names, type names, sizes and the NOT NULL / PRIMARY KEY constraints,
     * nothing that could open a literal, a comment or another statement.
     */
    private static final Pattern COLUMN = Pattern.compile(
            "[A-Za-z][A-Za-z0-9_$#]* +[A-Za-z][A-Za-z0-9_]*( *\\( *[0-9]+( *, *[0-9]+)? *\\))?( +(NOT +NULL|NULL|PRIMARY +KEY))*");

    private SqlText() {}

    private static boolean isColumnList(String value) {
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            char c = i < value.length() ? value.charAt(i) : ',';
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ',' && depth == 0) {
                if (!COLUMN.matcher(value.substring(start, i).strip()).matches()) return false;
                start = i + 1;
            }
            if (depth < 0) return false;
        }
        return depth == 0;
    }

    /** The statement's pieces (text and secrets) for {@code template} with {@code values}. */
    public static List<CommandLine.Piece> read(Expr.StringLit template, Function<Expr.StringLit.Interpolation, Value> values) {
        List<CommandLine.Piece> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        char quote = 0;
        for (Expr.StringLit.Part part : template.parts()) {
            if (part instanceof Expr.StringLit.Text literal) {
                for (char c : literal.text().toCharArray()) {
                    // a doubled quote closes and reopens: the state after it is the same
                    if (quote == 0 && (c == '\'' || c == '"')) quote = c;
                    else if (c == quote) quote = 0;
                    text.append(c);
                }
                continue;
            }
            Expr.StringLit.Interpolation at = (Expr.StringLit.Interpolation) part;
            Value v = values.apply(at);
            String name = "${" + at.path().dotted() + "}";
            if (v instanceof Value.Secret s) {
                if (text.length() > 0) out.add(new CommandLine.Text(text.toString()));
                text = new StringBuilder();
                CommandLine.Escape escape = quote == '\'' ? CommandLine.Escape.SQL_LITERAL : CommandLine.Escape.SQL_IDENTIFIER;
                if (quote == 0) out.add(new CommandLine.Text("\""));
                out.add(new CommandLine.SecretRef(s.owner(), escape));
                if (quote == 0) out.add(new CommandLine.Text("\""));
                continue;
            }
            String shown = Value.show(v);
            if (shown.indexOf('\0') >= 0) throw new CommandTemplate.Refused("the value of `" + name + "` contains a NUL character");
            if (quote == '\'') {
                text.append(shown.replace("'", "''"));
            } else if (quote == '"') {
                text.append(shown.replace("\"", "\"\""));
            } else if (v instanceof Value.Num || NAME.matcher(shown).matches()) {
                text.append(shown);
            } else if (text.toString().stripTrailing().endsWith("(") && nextStartsWith(template, at, ')') && isColumnList(shown)) {
                text.append(shown);
            } else {
                throw new CommandTemplate.Refused("`" + printable(shown) + "` (the value of `" + name + "`) is not a plain SQL name: "
                        + "a name is a letter, then letters, digits, _ $ or #, with one owner. prefix at most");
            }
        }
        if (quote != 0) throw new CommandTemplate.Refused("the SQL template has an unclosed " + quote + " quote");
        if (text.length() > 0) out.add(new CommandLine.Text(text.toString()));
        return out;
    }

    /** Whether the literal text right after {@code at} starts with {@code c} (blanks aside). */
    private static boolean nextStartsWith(Expr.StringLit template, Expr.StringLit.Interpolation at, char c) {
        List<Expr.StringLit.Part> parts = template.parts();
        int i = parts.indexOf(at);
        return i + 1 < parts.size() && parts.get(i + 1) instanceof Expr.StringLit.Text t && t.text().stripLeading().startsWith(String.valueOf(c));
    }

    /** A SQL string literal of {@code value}, its quotes doubled. */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A value as it reads in an error message: control characters escaped. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f) out.append(String.format("\\x%02x", cp));
            else out.appendCodePoint(cp);
        });
        return out.toString();
    }
}
