package dev.runbook.render;

import dev.runbook.ast.AstWalker;
import dev.runbook.ast.Comment;
import dev.runbook.ast.Expr;
import dev.runbook.ast.Header;
import dev.runbook.ast.Item;
import dev.runbook.ast.Stmt;
import dev.runbook.ast.VerbClause;
import dev.runbook.check.Library;
import dev.runbook.check.StandardRunbooks;
import dev.runbook.parse.Parser;
import dev.runbook.sim.Invariant;
import dev.runbook.sim.Invariants;
import dev.runbook.source.Source;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The verb reference, docs/stdlib.md, generated from the standard library's own declarations (the
 * ones the checker, the simulator and the SSH runner read): every type, entity and field, every
 * verb, query and built-in with its signature, command line, how its output is read, preconditions,
 * effects, {@code # model:} reference and an example call taken from a standard runbook, and every
 * invariant with its rule, those of the modules and those written in the simulator.
 */
public final class StdlibReference {

    /** One module of the standard library, parsed. */
    record Module(String name, Source source, dev.runbook.ast.RunbookFile file) {}

    /** A call of a verb in a standard runbook: the line as written and where. */
    record Example(String text, String where) {}

    private final List<Module> modules = new ArrayList<>();
    private final Map<String, Example> examples = new LinkedHashMap<>();

    private StdlibReference() {}

    /** The standard library built into the jar, with the examples found in the standard runbooks. */
    public static StdlibReference load() {
        StdlibReference ref = new StdlibReference();
        List<String> names = new ArrayList<>(StandardRunbooks.modules());
        // timesten first: the others extend its vocabulary
        names.sort(java.util.Comparator.comparing((String n) -> !n.equals("timesten")).thenComparing(n -> n));
        for (String name : names) {
            String text = Library.readResource(StandardRunbooks.MODULES + name + ".rbk").orElseThrow();
            Source source = Source.of("stdlib/" + name + ".rbk", text);
            ref.modules.add(new Module(name, source, Parser.parse(source).file()));
        }
        for (String id : StandardRunbooks.all()) {
            Source source = StandardRunbooks.find(id).orElseThrow();
            ref.collectExamples(Source.of("runbooks/" + id + ".rbk", source.text()));
        }
        return ref;
    }

    private void collectExamples(Source source) {
        AstWalker.nodes(Parser.parse(source).file(), node -> {
            String key = null;
            if (node instanceof Stmt.VerbStmt v) key = "verb " + v.verb().text();
            else if (node instanceof Expr.QueryExpr q) key = "query " + q.name().text();
            else if (node instanceof Stmt.CallStmt c) key = "builtin " + c.builtin().text();
            if (key == null || examples.containsKey(key)) return;
            String text = source.slice(((dev.runbook.ast.Node) node).span()).strip().replaceAll("\\s+", " ");
            examples.put(key, new Example(text, source.name() + ":" + ((dev.runbook.ast.Node) node).span().line()));
        });
    }

    /** Every verb, query and built-in name the library declares. */
    public List<String> callables() {
        List<String> out = new ArrayList<>();
        for (Module m : modules) for (Item.VerbItem v : m.file().itemsOf(Item.VerbItem.class)) out.add(v.name().text());
        return out;
    }

    // ------------------------------------------------------------------ the whole reference

    public String markdown() {
        Page page = new Page();
        page.heading(1, "The standard library: verbs, queries, the model's vocabulary and its invariants");
        page.para("Generated from `stdlib/*.rbk` by `bin/runbook doc --stdlib > docs/stdlib.md`; do not edit it by hand "
                + "(StdlibReferenceTest fails when it is stale). `runbook doc --verb NAME` prints one entry. Each entry is read "
                + "from the declaration the checker, the simulator and the SSH runner use; the `model` references name the "
                + "commands of [model.md](model.md).");
        List<String> contents = new ArrayList<>();
        for (Module m : modules) contents.add("module `" + m.name() + "`: " + title(m));
        contents.add("the invariants written in the simulator");
        page.bullets(contents);
        for (Module m : modules) module(page, m);
        page.heading(2, "Invariants written in the simulator");
        page.para("The rules that need the state before the step, the run's history or the physics are written in Java "
                + "(`interpreter/src/main/java/dev/runbook/sim/`) and described in [model.md](model.md); the simulator checks them "
                + "after every step with the declared ones, in id order.");
        List<List<String>> rows = new ArrayList<>();
        for (Invariant i : Invariants.all()) rows.add(List.of(i.id(), i.rule(), "`" + i.getClass().getSimpleName() + "`"));
        page.table(List.of("id", "rule", "class"), rows);
        return page.markdown();
    }

    private static String title(Module m) {
        return m.file().header() instanceof Header.ModuleHeader h && h.title() != null ? h.title().value() : "";
    }

    private void module(Page page, Module m) {
        page.heading(2, "Module `" + m.name() + "`: " + title(m));
        paras(page, m.file().header() == null ? "" : m.file().header().trivia().doc());
        List<Item.TypeItem> types = m.file().itemsOf(Item.TypeItem.class);
        if (!types.isEmpty()) {
            page.heading(3, "Types");
            List<List<String>> rows = new ArrayList<>();
            for (Item.TypeItem t : types) {
                rows.add(List.of("`" + t.name().text() + "`", String.join(" \\| ", t.values().stream().map(v -> "`" + v.text() + "`").toList()),
                        oneLine(t.trivia().doc())));
            }
            page.table(List.of("type", "values", "about"), rows);
        }
        for (Item.EntityItem e : m.file().itemsOf(Item.EntityItem.class)) {
            page.heading(3, "Entity `" + e.name().text() + "`" + (m.name().equals("timesten") ? "" : " (fields of module " + m.name() + ")"));
            paras(page, e.trivia().doc());
            List<List<String>> rows = new ArrayList<>();
            for (Item.FieldDecl f : e.fields()) {
                rows.add(List.of("`" + f.name().text() + "`", ExprDocs.type(f.type()),
                        f.defaultValue() == null ? "unset" : "`" + ExprDocs.flat(f.defaultValue()) + "`", oneLine(f.trivia().doc())));
            }
            page.table(List.of("field", "type", "default", "about"), rows);
        }
        List<Item.ParamItem> globals = m.file().itemsOf(Item.ParamItem.class);
        if (!globals.isEmpty()) {
            page.heading(3, "Model-wide values");
            page.bullets(globals.stream().map(p -> "`" + p.name().text() + "`: " + (p.type() == null ? "" : ExprDocs.type(p.type()))
                    + (p.trivia().doc().isBlank() ? "" : ": " + oneLine(p.trivia().doc()))).toList());
        }
        for (Item.VerbKind kind : Item.VerbKind.values()) {
            List<Item.VerbItem> verbs = m.file().itemsOf(Item.VerbItem.class).stream().filter(v -> v.kind() == kind).toList();
            if (verbs.isEmpty()) continue;
            page.heading(3, switch (kind) {
                case VERB -> "Verbs";
                case QUERY -> "Queries";
                case BUILTIN -> "Built-in procedures (`call NAME(...)`)";
            });
            for (Item.VerbItem v : verbs) entry(page, m, v, 4);
        }
        List<Item.InvariantItem> invariants = m.file().itemsOf(Item.InvariantItem.class);
        if (!invariants.isEmpty()) {
            page.heading(3, "Invariants");
            for (Item.InvariantItem i : invariants) {
                page.heading(4, i.id() + ": " + i.rule().value());
                String about = i.clausesOf(VerbClause.DocClause.class).stream().map(d -> d.text().value()).findFirst().orElse(i.trivia().doc());
                if (!about.isBlank()) page.para(oneLine(about));
                List<List<String>> rows = new ArrayList<>();
                for (VerbClause.RequiresClause r : i.clausesOf(VerbClause.RequiresClause.class)) {
                    rows.add(List.of("requires", RunbookPage.code(ExprDocs.flat(r.condition())),
                            r.message() == null ? "" : "else \"" + r.message().value() + "\""));
                }
                rows.add(List.of("declared", "`" + m.source().name() + ":" + i.span().line() + "`", ""));
                page.table(List.of("part", "rule", "message"), rows);
            }
        }
    }

    // ------------------------------------------------------------------ one entry

    /** The entry of one verb, query or built-in, as {@code runbook doc --verb NAME} prints it; empty when none has that name. */
    public Optional<String> entry(String name) {
        for (Module m : modules) {
            for (Item.VerbItem v : m.file().itemsOf(Item.VerbItem.class)) {
                if (v.name().text().equals(name)) {
                    Page page = new Page();
                    entry(page, m, v, 1);
                    return Optional.of(page.markdown());
                }
            }
        }
        return Optional.empty();
    }

    private void entry(Page page, Module m, Item.VerbItem v, int level) {
        String kind = switch (v.kind()) {
            case VERB -> "verb";
            case QUERY -> "query";
            case BUILTIN -> "builtin";
        };
        page.heading(level, "`" + v.name().text() + "`");
        page.para("`" + signature(kind, v) + "`");
        v.clausesOf(VerbClause.DocClause.class).forEach(d -> page.para(d.text().value()));
        List<List<String>> rows = new ArrayList<>();
        for (VerbClause c : v.clauses()) {
            if (c instanceof VerbClause.PlaceClause p) rows.add(List.of("runs on", RunbookPage.code(ExprDocs.flat(p.host()))));
            else if (c instanceof VerbClause.RunsClause r) {
                rows.add(r.condition() == null ? List.of("command", RunbookPage.code(r.command().value()))
                        : List.of("optional part", RunbookPage.code(r.command().value()) + " when " + RunbookPage.code(ExprDocs.flat(r.condition()))));
            } else if (c instanceof VerbClause.SqlClause s) {
                rows.add(s.condition() == null ? List.of("SQL (through ttIsql)", RunbookPage.code(s.sql().value()))
                        : List.of("optional SQL", RunbookPage.code(s.sql().value()) + " when " + RunbookPage.code(ExprDocs.flat(s.condition()))));
            } else if (c instanceof VerbClause.ManualClause mc) rows.add(List.of("operator action", mc.instruction().value()));
            else if (c instanceof VerbClause.PromptClause p) {
                rows.add(List.of("answers the prompt", "\"" + p.prompt().value() + "\" with " + RunbookPage.code(ExprDocs.flat(p.answer()))
                        + (p.secret() ? " (a secret: never shown)" : "")));
            } else if (c instanceof VerbClause.ReadsClause r) rows.add(List.of("reads its output", "the regular expression " + RunbookPage.code(r.pattern().value()) + " (group 1 is the value)"));
            else if (c instanceof VerbClause.ModelClause mc) rows.add(List.of("value in the model", RunbookPage.code(ExprDocs.flat(mc.value()))));
            else if (c instanceof VerbClause.DestructiveClause) rows.add(List.of("destructive", "a real run asks for confirmation first"));
            else if (c instanceof VerbClause.TakesClause t) rows.add(List.of("takes", t.duration().text() + " (virtual time in a simulation)"));
            else if (c instanceof VerbClause.RequiresClause r) {
                rows.add(List.of("requires", RunbookPage.code(ExprDocs.flat(r.condition())) + (r.message() == null ? "" : ", else \"" + r.message().value() + "\"")));
            } else if (c instanceof VerbClause.EffectClause e) {
                rows.add(List.of("effect", RunbookPage.code(e.target().dotted() + " = " + ExprDocs.flat(e.value())
                        + (e.condition() == null ? "" : " if " + ExprDocs.flat(e.condition())))));
            }
        }
        if (v.clausesOf(VerbClause.EffectClause.class).isEmpty()) rows.add(List.of("effect", "none on the model"));
        String model = modelReference(v);
        rows.add(List.of("model", model == null ? "no `# model:` line" : model + " ([model.md](model.md))"));
        rows.add(List.of("declared", "`" + m.source().name() + ":" + v.span().line() + "`"));
        Example example = examples.get(kind + " " + v.name().text());
        rows.add(List.of("example", example == null ? RunbookPage.code(synthesized(kind, v)) + " (no standard runbook calls it)"
                : RunbookPage.code(example.text()) + " (`" + example.where() + "`)"));
        page.table(List.of("part", "declared"), rows);
    }

    /** {@code verb duplicate (db: database) from (source: database) using (cred: credential)}. */
    static String signature(String kind, Item.VerbItem v) {
        StringBuilder out = new StringBuilder(kind).append(' ').append(v.name().text());
        if (v.kind() == Item.VerbKind.BUILTIN) out.append('(');
        boolean first = true;
        for (Item.SigParam p : v.params()) {
            if (v.kind() == Item.VerbKind.BUILTIN) {
                if (!first) out.append(", ");
                out.append(p.name().text()).append(": ").append(ExprDocs.type(p.type()));
            } else {
                out.append(' ');
                if (p.keyword() != null) out.append(p.keyword().text()).append(' ');
                out.append('(').append(p.name().text()).append(": ").append(ExprDocs.type(p.type()));
                if (p.defaultValue() != null) out.append(" = ").append(ExprDocs.flat(p.defaultValue()));
                out.append(')');
            }
            first = false;
        }
        if (v.kind() == Item.VerbKind.BUILTIN) out.append(')');
        if (v.result() != null) out.append(" -> ").append(ExprDocs.type(v.result()));
        return out.toString();
    }

    /** A call made of the parameters' names, for a verb no standard runbook calls. */
    static String synthesized(String kind, Item.VerbItem v) {
        StringBuilder out = new StringBuilder();
        if (v.kind() == Item.VerbKind.BUILTIN) {
            out.append("call ").append(v.name().text()).append('(');
            out.append(String.join(", ", v.params().stream().map(p -> p.name().text()).toList()));
            return out.append(')').toString();
        }
        out.append(v.name().text());
        for (Item.SigParam p : v.params()) {
            if (p.defaultValue() != null) continue;
            out.append(' ');
            if (p.keyword() != null) out.append(p.keyword().text()).append(' ');
            out.append(p.name().text());
        }
        return out.toString();
    }

    /** The {@code # model: C-01} line above a declaration: {@code C-01}. */
    static String modelReference(Item.VerbItem v) {
        for (Comment c : v.trivia().leading()) {
            if (!c.isDoc() && c.body().startsWith("model:")) return c.body().substring("model:".length()).trim();
        }
        return null;
    }

    /** A doc comment's paragraphs (separated by an empty {@code ##} line), each on one line. */
    static void paras(Page page, String doc) {
        for (String p : doc.split("\n\\s*\n")) if (!p.isBlank()) page.para(oneLine(p.strip()));
    }

    private static String oneLine(String text) {
        return text.replace("\n", " ");
    }
}
