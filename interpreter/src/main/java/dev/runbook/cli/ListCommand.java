package dev.runbook.cli;

import dev.runbook.ast.Expr;
import dev.runbook.ast.Header;
import dev.runbook.ast.HeaderClause;
import dev.runbook.ast.Item;
import dev.runbook.ast.RunbookFile;
import dev.runbook.check.CheckResult;
import dev.runbook.check.Checker;
import dev.runbook.check.Library;
import dev.runbook.check.StandardRunbooks;
import dev.runbook.render.TraceText;
import dev.runbook.source.Source;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runbook list}: the standard runbooks built into the jar, sorted by id, the shared parts of
 * {@code common/} included and marked as sub-procedures. Each is checked, and what is shown comes
 * from its checked file: the header's title and {@code source} clauses, its {@code step} items, and
 * the hosts its parameters' defaults place databases on (sorted, as {@code explore} lists them).
 */
@Command(name = "list", sortOptions = false,
        description = {
            "List the standard runbooks built into runbook: id, title, the document each one follows, "
                    + "its steps and the hosts its parameters' defaults name.",
            "The shared parts under common/ are listed too, marked as sub-procedures: other runbooks run them."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the list was printed",
            "2:bad usage"})
final class ListCommand implements Callable<Integer> {

    /** The JSON schema id; bump the version on any incompatible change (docs/cli.md). */
    static final String SCHEMA = "runbook.list/v1";

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (schema " + SCHEMA + ", docs/cli.md).")
    CheckCommand.Format format;

    @Spec
    CommandSpec spec;

    /** {@code source "FILE" section "SECTION" lines FIRST-LAST}. */
    record Cited(String file, String section, int firstLine, int lastLine) {
        String text() {
            return file + " \"" + section + "\" lines " + firstLine + (lastLine == firstLine ? "" : "-" + lastLine);
        }
    }

    /** One standard runbook as the list shows it. */
    record Entry(String id, String title, boolean subProcedure, int steps, List<String> hosts, List<Cited> sources, String file) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Entry> entries = entries();
        if (format == CheckCommand.Format.json) out.print(Json.write(json(entries)));
        else text(out, entries);
        out.flush();
        return Main.OK;
    }

    /** Every standard runbook, sorted by id, read from its checked file. */
    static List<Entry> entries() {
        Checker checker = new Checker(Library.builtinOnly());
        List<Entry> out = new ArrayList<>();
        for (String id : StandardRunbooks.all()) {
            Source source = StandardRunbooks.find(id).orElseThrow(() -> new IllegalStateException("standard runbook " + id + " listed but not found"));
            CheckResult checked = checker.check(source);
            out.add(entry(id, source, checked.file()));
        }
        return out;
    }

    static Entry entry(String id, Source source, RunbookFile file) {
        String title = null;
        List<Cited> sources = new ArrayList<>();
        if (file.header() instanceof Header.RunbookHeader h) {
            title = h.title() == null ? null : h.title().value();
            for (HeaderClause.SourceClause s : h.sources()) {
                sources.add(new Cited(s.document() == null ? "" : s.document().value(), s.section() == null ? "" : s.section().value(),
                        s.lines() == null ? 0 : s.lines().first(), s.lines() == null ? 0 : s.lines().last()));
            }
        }
        Set<String> hosts = new TreeSet<>();
        for (Item.ParamItem p : file.itemsOf(Item.ParamItem.class)) hosts(p.defaultValue(), hosts);
        return new Entry(id, title, StandardRunbooks.isSubProcedure(id), file.itemsOf(Item.StepItem.class).size(),
                List.copyOf(hosts), sources, source.name());
    }

    /**
     * The hosts a parameter's default names (the list sorts them): {@code master1 on "master1host"},
     * each element of a list of them, and {@code host "h"}. A host given by an interpolated string is
     * not known before a run, and is not listed.
     */
    private static void hosts(Expr value, Set<String> out) {
        if (value instanceof Expr.ListLit list) {
            for (Expr e : list.elements()) hosts(e, out);
        } else if (value instanceof Expr.PlacedExpr placed) {
            if (placed.host() instanceof Expr.StringLit s && s.isPlain()) out.add(s.value());
        } else if (value instanceof Expr.QueryExpr q && q.name().text().equals("host") && q.args().size() == 1
                && q.args().get(0) instanceof Expr.StringLit s && s.isPlain()) {
            out.add(s.value());
        }
    }

    // ------------------------------------------------------------------ text

    private static final List<String> HEADINGS = List.of("ID", "SUB", "STEPS", "HOSTS", "TITLE", "SOURCE");

    private static void text(PrintWriter out, List<Entry> entries) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADINGS);
        for (Entry e : entries) {
            rows.add(List.of(e.id(), e.subProcedure() ? "sub" : "", Integer.toString(e.steps()),
                    e.hosts().isEmpty() ? "-" : String.join(",", e.hosts()),
                    e.title() == null ? "-" : e.title(),
                    e.sources().isEmpty() ? "-" : String.join("; ", e.sources().stream().map(Cited::text).toList())));
        }
        // the step count is a number: right-aligned
        int stepsWidth = rows.stream().mapToInt(r -> r.get(2).length()).max().orElse(0);
        List<List<String>> aligned = new ArrayList<>();
        for (List<String> row : rows) {
            List<String> copy = new ArrayList<>(row);
            copy.set(2, " ".repeat(stepsWidth - row.get(2).length()) + row.get(2));
            aligned.add(copy);
        }
        StringBuilder table = new StringBuilder();
        TraceText.StateTable.table(table, aligned, "");
        out.print(table);
        long subs = entries.stream().filter(Entry::subProcedure).count();
        out.println();
        out.println(CheckCommand.count(entries.size(), "standard runbook") + " (" + subs + " of them "
                + (subs == 1 ? "a sub-procedure" : "sub-procedures") + ", run by the others)");
    }

    // ------------------------------------------------------------------ JSON (schema runbook.list/v1)

    private static Map<String, Object> json(List<Entry> entries) {
        List<Object> runbooks = new ArrayList<>();
        for (Entry e : entries) {
            List<Object> sources = new ArrayList<>();
            for (Cited c : e.sources()) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("file", c.file());
                s.put("section", c.section());
                s.put("firstLine", c.firstLine());
                s.put("lastLine", c.lastLine());
                sources.add(s);
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", e.id());
            r.put("title", e.title());
            r.put("subProcedure", e.subProcedure());
            r.put("steps", e.steps());
            r.put("hosts", new ArrayList<Object>(e.hosts()));
            r.put("sources", sources);
            r.put("file", e.file());
            runbooks.add(r);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("runbooks", runbooks);
        return doc;
    }
}
