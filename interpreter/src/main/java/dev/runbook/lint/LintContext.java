package dev.runbook.lint;

import dev.runbook.ast.Expr;
import dev.runbook.ast.Header;
import dev.runbook.ast.Item;
import dev.runbook.ast.Node;
import dev.runbook.ast.RunbookFile;
import dev.runbook.ast.Stmt;
import dev.runbook.ast.VerbClause;
import dev.runbook.check.CheckResult;
import dev.runbook.check.Vocabulary;
import dev.runbook.source.Source;
import dev.runbook.source.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a rule reads: the checked file, its vocabulary, and its statements flattened in source
 * order, each with its step and the {@code on} target it runs under.
 */
public final class LintContext {

    /** A statement of a step: {@code on} is the text of the nearest enclosing {@code on} target, or null; {@code conditional}: inside an if. */
    public record Site(Item.StepItem step, Stmt stmt, String on, boolean conditional, Map<String, String> loops) {
        /** A name as the rules track it: a loop variable stands for the list it runs over ({@code sub} for {@code subscribers}). */
        public String key(String name) {
            return name == null ? null : loops.getOrDefault(name, name);
        }
    }

    private final CheckResult result;
    private final List<Site> sites = new ArrayList<>();

    public LintContext(CheckResult result) {
        this.result = result;
        if (result.file() == null) return;
        for (Item.StepItem step : file().itemsOf(Item.StepItem.class)) collect(step, step.body(), null, false, Map.of());
    }

    private void collect(Item.StepItem step, List<Stmt> body, String on, boolean conditional, Map<String, String> loops) {
        for (Stmt s : body) {
            sites.add(new Site(step, s, on, conditional, loops));
            if (s instanceof Stmt.OnStmt o) collect(step, o.body(), text(o.target()), conditional, loops);
            else if (s instanceof Stmt.ForStmt f) {
                Map<String, String> inner = new LinkedHashMap<>(loops);
                inner.put(f.variable().text(), text(f.iterable()));
                collect(step, f.body(), on, conditional, Map.copyOf(inner));
            } else if (s instanceof Stmt.IfStmt i) {
                collect(step, i.then(), on, true, loops);
                collect(step, i.otherwise(), on, true, loops);
            }
        }
    }

    public CheckResult result() {
        return result;
    }

    public Source source() {
        return result.source();
    }

    public RunbookFile file() {
        return result.file();
    }

    public Vocabulary vocabulary() {
        return result.vocabulary();
    }

    public List<Item.StepItem> steps() {
        return file().itemsOf(Item.StepItem.class);
    }

    /** Every statement of every step, parents before children, in source order. */
    public List<Site> sites() {
        return sites;
    }

    /** The runbook header, or null in a module. */
    public Header.RunbookHeader header() {
        return file().header() instanceof Header.RunbookHeader h ? h : null;
    }

    /** The source text of a node, whitespace runs made one space. */
    public String text(Node node) {
        return node == null ? "" : text(node.span());
    }

    public String text(Span span) {
        return source().slice(span).replaceAll("\\s+", " ").strip();
    }

    /** The declaration of a verb statement's verb, or null. */
    public Vocabulary.Callable verb(Stmt.VerbStmt stmt) {
        return vocabulary().verbs().get(stmt.verb().text());
    }

    /** Whether the verb is declared {@code destructive} (a real run asks before it). */
    public boolean destructive(Stmt.VerbStmt stmt) {
        Vocabulary.Callable verb = verb(stmt);
        return verb != null && !verb.item().clausesOf(VerbClause.DestructiveClause.class).isEmpty();
    }

    /** The text of a verb statement's first argument (the database most verbs act on), or null. */
    public String firstArg(Stmt.VerbStmt stmt) {
        return stmt.args().isEmpty() ? null : text(stmt.args().get(0));
    }

    /** The database a statement acts on: a verb's first argument, or for {@code call}/{@code sql} the {@code on} target. */
    public String target(Site site) {
        if (site.stmt() instanceof Stmt.VerbStmt v) return site.key(firstArg(v));
        if (site.stmt() instanceof Stmt.SqlStmt q && q.database() != null) return site.key(text(q.database()));
        return site.key(site.on());
    }

    /** The parameters declared with a database default ({@code param active = master1 on "h"}): parameter name -> database name. */
    public Map<String, String> databaseParams() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Item.ParamItem p : file().itemsOf(Item.ParamItem.class)) {
            if (p.defaultValue() instanceof Expr.PlacedExpr placed) out.put(p.name().text(), text(placed.database()));
        }
        return out;
    }

    /**
     * Each database the runbook names, as the rules key it, and the host it runs on: the host's
     * literal for a parameter placed on one ({@code param active = master1 on "h"}), else
     * {@code db.host} for a database the statements act on (a loop's list, a parameter without a default).
     */
    public Map<String, String> databaseHosts() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Item.ParamItem p : file().itemsOf(Item.ParamItem.class)) {
            if (p.defaultValue() instanceof Expr.PlacedExpr placed) out.put(p.name().text(), text(placed.host()));
        }
        for (Site site : sites) {
            if (!(site.stmt() instanceof Stmt.VerbStmt v)) continue;
            Vocabulary.Callable verb = verb(v);
            boolean onDatabase = verb != null && !verb.params().isEmpty()
                    && verb.params().get(0).type() instanceof dev.runbook.check.Type.Entity e && e.name().equals("database");
            String db = target(site);
            if (onDatabase && db != null) out.putIfAbsent(db, db + ".host");
        }
        return out;
    }

    /** The host a target stands for ({@code active.host} or {@code active}: the database's host; a host's text otherwise), as {@link #databaseHosts()} names it; null for none. */
    public String host(Site site, String target, Map<String, String> databaseHosts) {
        if (target == null) return null;
        String db = site.key(target.endsWith(".host") ? target.substring(0, target.length() - ".host".length()) : target);
        return databaseHosts.getOrDefault(db, target);
    }

    /** The user names of the credential parameters ({@code param admin = credential "pat"}): parameter name -> user. */
    public Map<String, String> credentialParams() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Item.ParamItem p : file().itemsOf(Item.ParamItem.class)) {
            if (p.defaultValue() instanceof Expr.QueryExpr q && q.name().text().equals("credential")
                    && !q.args().isEmpty() && q.args().get(0) instanceof Expr.StringLit s) {
                out.put(p.name().text(), s.value());
            }
        }
        return out;
    }

    /** The text a raw statement or an operator action holds ({@code sh}, {@code sql}, {@code manual}, {@code confirm}), or null. */
    public static Expr.StringLit rawText(Stmt stmt) {
        if (stmt instanceof Stmt.ShStmt s) return s.command();
        if (stmt instanceof Stmt.SqlStmt s) return s.sql();
        if (stmt instanceof Stmt.ManualStmt s) return s.instruction();
        if (stmt instanceof Stmt.ConfirmStmt s) return s.question();
        return null;
    }

    /** The name of the verb or built-in a statement calls ({@code repStop}, {@code ttRepDeactivate}), or null. */
    public static String called(Stmt stmt) {
        if (stmt instanceof Stmt.VerbStmt v) return v.verb().text();
        if (stmt instanceof Stmt.CallStmt c) return c.builtin().text();
        return null;
    }

    /** The first line of a node, for a finding that points at a whole statement or step. */
    public Span firstLine(Node node) {
        return firstLine(node.span(), source());
    }

    /** The part of a span on its first line. */
    public Span firstLine(Span s, Source in) {
        if (s.endLine() == s.line()) return s;
        String line = in.line(s.line());
        int endColumn = line.codePointCount(0, line.length()) + 1;
        int end = s.start() + Math.max(0, line.length() - (s.column() - 1));
        return new Span(s.start(), end, s.line(), s.column(), s.line(), Math.max(s.column(), endColumn));
    }
}
