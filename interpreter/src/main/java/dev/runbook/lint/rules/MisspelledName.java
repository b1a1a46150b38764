package dev.runbook.lint.rules;

import dev.runbook.ast.Expr;
import dev.runbook.lint.Findings;
import dev.runbook.lint.LintContext;
import dev.runbook.lint.Rule;
import dev.runbook.source.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * timesten-model.md L-08: a DSN or user spelled like a declared one but not it: two declared
 * database names that differ by two swapped letters ({@code dns1} and {@code dsn1}), or a word of a
 * raw {@code sh} or {@code sql} one swapped or changed letter away from a declared name.
 */
public final class MisspelledName implements Rule {

    private static final Pattern WORD = Pattern.compile("(?<![\\w$.{])[A-Za-z_][\\w]{2,}(?![\\w}])");

    @Override public String id() { return "misspelled-name"; }

    @Override public Severity severity() { return Severity.ERROR; }

    @Override public String description() {
        return "a DSN or user spelled like a declared one but not it, e.g. dns1 for dsn1 (L-08)";
    }

    @Override
    public void check(LintContext context, Findings out) {
        Map<String, Expr> declared = new LinkedHashMap<>();
        for (dev.runbook.ast.Item.ParamItem p : context.file().itemsOf(dev.runbook.ast.Item.ParamItem.class)) {
            if (p.defaultValue() instanceof Expr.PlacedExpr placed) {
                String name = context.text(placed.database());
                for (String earlier : declared.keySet()) {
                    if (swapped(earlier, name)) {
                        out.report(placed.database().span(), "database `" + name + "` is spelled like `" + earlier + "` with two letters swapped",
                                "if it is the same database, write `" + earlier + "`");
                    }
                }
                declared.put(name, placed.database());
            }
        }
        Set<String> names = new LinkedHashSet<>(declared.keySet());
        names.addAll(context.credentialParams().values());
        for (LintContext.Site site : context.sites()) {
            if (!(site.stmt() instanceof dev.runbook.ast.Stmt.ShStmt) && !(site.stmt() instanceof dev.runbook.ast.Stmt.SqlStmt)) continue;
            Expr.StringLit raw = LintContext.rawText(site.stmt());
            Matcher m = WORD.matcher(raw.value());
            while (m.find()) {
                String w = m.group();
                if (names.contains(w)) continue;
                for (String name : near(w, names)) {
                    out.report(raw.span(), "`" + w + "` is spelled like the declared name `" + name + "` but is not it",
                            "write `" + name + "`, or better interpolate the parameter that holds it");
                }
            }
        }
    }

    private static List<String> near(String w, Set<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) if (n.length() >= 4 && (swapped(n, w) || oneLetter(n, w))) out.add(n);
        return out;
    }

    /** Equal but for two adjacent characters swapped. */
    static boolean swapped(String a, String b) {
        if (a.length() != b.length() || a.equals(b)) return false;
        int i = 0;
        while (a.charAt(i) == b.charAt(i)) i++;
        return i + 1 < a.length() && a.charAt(i) == b.charAt(i + 1) && a.charAt(i + 1) == b.charAt(i)
                && a.substring(i + 2).equals(b.substring(i + 2));
    }

    /** Equal but for one letter (not a digit: master1 and master2 are two databases). */
    static boolean oneLetter(String a, String b) {
        if (a.length() != b.length()) return false;
        int diff = -1;
        for (int i = 0; i < a.length(); i++) {
            if (a.charAt(i) == b.charAt(i)) continue;
            if (diff >= 0) return false;
            diff = i;
        }
        return diff >= 0 && Character.isLetter(a.charAt(diff)) && Character.isLetter(b.charAt(diff));
    }
}
