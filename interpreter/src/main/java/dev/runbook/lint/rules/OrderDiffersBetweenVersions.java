package dev.runbook.lint.rules;

import dev.runbook.ast.HeaderClause;
import dev.runbook.ast.Stmt;
import dev.runbook.lint.Findings;
import dev.runbook.lint.LintContext;
import dev.runbook.lint.Rule;
import dev.runbook.source.Severity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * timesten-model.md L-11: a runbook that follows one seed's version of a procedure whose other
 * version orders the same steps differently. The table, /lint/version-orders.txt in the jar,
 * cites the seeds' lines; the finding says which order the runbook has, which seed says
 * otherwise and what the difference changes, so that the reviewer decides, and the runbook
 * answers with a suppression that gives its reason.
 */
public final class OrderDiffersBetweenVersions implements Rule {

    static final String TABLE = "/lint/version-orders.txt";

    /** One seed's version: the document and its lines, whether the moved step comes before the anchor, and what it says. */
    record Version(String document, int first, int last, boolean movedFirst, String says) {
        boolean citedBy(HeaderClause.SourceClause source) {
            return source.document().value().equals(document)
                    && (source.lines() == null || source.lines().first() <= last && source.lines().last() >= first);
        }
    }

    /** A procedure whose two versions order the moved step and the anchor differently. */
    record Entry(String procedure, Set<String> moved, String movedWhat, Set<String> anchor, String anchorWhat, List<Version> versions, String why) {}

    private static final Pattern VERSION = Pattern.compile("version (\\S+) (\\d+)-(\\d+) (before|after): (.+)");
    private static final Pattern EVENT = Pattern.compile("(moved|anchor) ([^=]+)= (.+)");

    static final List<Entry> ENTRIES = load();

    @Override public String id() { return "order-differs-between-versions"; }

    @Override public Severity severity() { return Severity.NOTE; }

    @Override public String description() {
        return "a runbook follows one seed's version of a procedure whose other version orders those steps differently (L-11)";
    }

    @Override
    public void check(LintContext context, Findings out) {
        if (context.header() == null) return;
        for (Entry entry : ENTRIES) {
            List<Version> cited = entry.versions().stream()
                    .filter(v -> context.header().sources().stream().anyMatch(v::citedBy)).toList();
            // a runbook citing both versions has chosen between them in the open
            if (cited.size() != 1) continue;
            Version source = cited.get(0);
            Version other = entry.versions().stream().filter(v -> v != source).findFirst().orElseThrow();
            LintContext.Site moved = first(context, entry.moved(), null);
            LintContext.Site anchor = moved == null ? null : first(context, entry.anchor(), context.target(moved));
            if (anchor == null) continue;
            boolean movedFirst = context.sites().indexOf(moved) < context.sites().indexOf(anchor);
            Stmt s = moved.stmt();
            String order = "`" + context.text(s) + "` (" + entry.movedWhat() + ") comes " + (movedFirst ? "before" : "after") + " `"
                    + context.text(anchor.stmt()) + "` (" + entry.anchorWhat() + ")";
            String message = movedFirst == source.movedFirst()
                    ? order + ", as in the version this runbook cites: " + source.says() + "; the other version differs: " + other.says()
                    : order + ", as in the other version: " + other.says() + "; the version this runbook cites differs: " + source.says();
            out.report(context.firstLine(s), message,
                    "why it matters: " + entry.why() + ". Say which order the runbook keeps, and why, in a suppression's reason");
        }
    }

    /** The first statement that calls one of {@code verbs}, on {@code database} unless it is null. */
    private static LintContext.Site first(LintContext context, Set<String> verbs, String database) {
        for (LintContext.Site site : context.sites()) {
            String called = LintContext.called(site.stmt());
            if (called != null && verbs.contains(called) && (database == null || database.equals(context.target(site)))) return site;
        }
        return null;
    }

    /** Reads the table: blocks that start at a {@code procedure} line; a line that fits no form is a mistake of the table. */
    static List<Entry> load() {
        List<Entry> out = new ArrayList<>();
        try (InputStream in = OrderDiffersBetweenVersions.class.getResourceAsStream(TABLE)) {
            if (in == null) throw new IllegalStateException(TABLE + " is not in the jar");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String procedure = null;
            String[] moved = null;
            String[] anchor = null;
            List<Version> versions = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) continue;
                Matcher m;
                if (text.startsWith("procedure ")) {
                    procedure = text.substring("procedure ".length());
                    moved = null;
                    anchor = null;
                    versions = new ArrayList<>();
                } else if ((m = EVENT.matcher(text)).matches()) {
                    String[] event = {m.group(2).strip(), m.group(3).strip()};
                    if (m.group(1).equals("moved")) moved = event;
                    else anchor = event;
                } else if ((m = VERSION.matcher(text)).matches()) {
                    versions.add(new Version(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(4).equals("before"), m.group(5)));
                } else if (text.startsWith("why: ") && procedure != null && moved != null && anchor != null && versions.size() == 2) {
                    out.add(new Entry(procedure, Set.of(moved[0].split(" ")), moved[1], Set.of(anchor[0].split(" ")), anchor[1],
                            List.copyOf(versions), text.substring("why: ".length())));
                    procedure = null;
                } else {
                    throw new IllegalStateException(TABLE + ": a line that fits no form of the table: " + text);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }
}
