package dev.runbook.render;

import dev.runbook.ast.AstWalker;
import dev.runbook.ast.Comment;
import dev.runbook.ast.Expr;
import dev.runbook.ast.Header;
import dev.runbook.ast.HeaderClause;
import dev.runbook.ast.Item;
import dev.runbook.ast.Node;
import dev.runbook.ast.RunbookFile;
import dev.runbook.ast.Stmt;
import dev.runbook.ast.Trivia;
import dev.runbook.ast.VerbClause;
import dev.runbook.source.DisplayWidth;
import dev.runbook.source.Source;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code runbook fmt}: prints a parsed file back in the one canonical layout (see
 * docs/formatting.md). Every comment is kept and re-attaches to the same node when the output is
 * parsed again; formatting is idempotent. The file must have parsed without errors.
 *
 * <p>The source, when given, is consulted only for blank lines the author put inside a run of
 * comments, between comments and their node, before the dangling comments, and before a commented
 * item inside a group of params, uses, types or expects (a blank line there is kept, several
 * become one). It may be null: then there are none.
 */
public final class Formatter {

    /** Lines longer than this break their lists, long conditions and run arguments. */
    public static final int WIDTH = 100;

    private static final int INDENT = 2;

    public String format(RunbookFile file, Source source) {
        return new Run(source).file(file);
    }

    /** The state of one formatting run. */
    private static final class Run {
        private final Source source;
        private final StringBuilder out = new StringBuilder();
        private boolean pendingBlank;

        Run(Source source) {
            this.source = source;
        }

        String file(RunbookFile file) {
            Header header = file.header();
            int lastLine = 0;
            if (header != null) {
                header(header);
                lastLine = endLine(header);
            }
            Item previous = null;
            for (Item item : file.items()) {
                if (previous != null && sameGroup(previous, item)) {
                    // a commented item may open a paragraph of its group if the author set it apart
                    if (!item.trivia().leading().isEmpty()
                            && blankBetween(endLine(previous), item.trivia().leading().get(0).span().line())) {
                        blank();
                    }
                } else {
                    blank();
                }
                item(item);
                previous = item;
                lastLine = endLine(item);
            }
            List<Comment> dangling = file.danglingComments();
            if (!dangling.isEmpty() && lastLine > 0 && blankBetween(lastLine, dangling.get(0).span().line())) blank();
            for (int i = 0; i < dangling.size(); i++) {
                comment(0, dangling.get(i));
                if (i + 1 < dangling.size() && blankBetween(dangling.get(i).span().line(), dangling.get(i + 1).span().line())) {
                    blank();
                }
            }
            return out.toString();
        }

        /** Consecutive items of these kinds stay together (unless the author separated them). */
        private static boolean sameGroup(Item a, Item b) {
            if (a.getClass() != b.getClass()) return false;
            return a instanceof Item.UseItem || a instanceof Item.ParamItem || a instanceof Item.ExpectItem
                    || a instanceof Item.TypeItem;
        }

        // ------------------------------------------------------------ header

        private void header(Header header) {
            leading(header.trivia(), 0, header);
            if (header instanceof Header.ModuleHeader m) {
                line(0, Doc.text("module " + m.name().text() + title(m.title())), m.trivia());
                return;
            }
            Header.RunbookHeader h = (Header.RunbookHeader) header;
            line(0, Doc.text("runbook " + h.id().text() + title(h.title())), h.trivia());
            for (HeaderClause clause : h.clauses()) {
                leading(clause.trivia(), INDENT, clause);
                line(INDENT, headerClause(clause), clause.trivia());
            }
        }

        private static String title(Expr.StringLit title) {
            return title == null ? "" : " " + ExprDocs.string(title);
        }

        private static Doc headerClause(HeaderClause clause) {
            if (clause instanceof HeaderClause.SourceClause s) {
                StringBuilder text = new StringBuilder("source ").append(ExprDocs.string(s.document()));
                if (s.section() != null) text.append(" section ").append(ExprDocs.string(s.section()));
                if (s.lines() != null) {
                    text.append(" lines ").append(s.lines().first());
                    if (s.lines().last() != s.lines().first()) text.append('-').append(s.lines().last());
                }
                return Doc.text(text.toString());
            }
            if (clause instanceof HeaderClause.OnlineClause o) {
                return Doc.text(o.outage() == null ? "online" : "online outage " + o.outage().text());
            }
            HeaderClause.RequireClause r = (HeaderClause.RequireClause) clause;
            return Doc.cat(Doc.text("require "), ExprDocs.condition(r.condition()));
        }

        // ------------------------------------------------------------ items

        private void item(Item item) {
            leading(item.trivia(), 0, item);
            if (item instanceof Item.UseItem u) {
                String alias = u.alias() == null ? "" : " as " + u.alias().text();
                line(0, Doc.text("use " + ExprDocs.dotted(u.path()) + alias), u.trivia());
            } else if (item instanceof Item.ParamItem p) {
                List<Doc> parts = new ArrayList<>();
                parts.add(Doc.text("param " + p.name().text()));
                if (p.type() != null) parts.add(Doc.text(": " + ExprDocs.type(p.type())));
                if (p.defaultValue() != null) {
                    parts.add(Doc.text(" = "));
                    parts.add(ExprDocs.expr(p.defaultValue()));
                }
                line(0, Doc.cat(parts), p.trivia());
            } else if (item instanceof Item.StepItem s) {
                Doc head = Doc.text("step " + s.number().text() + title(s.title()) + ":");
                // a titled step reads as a heading: its body always goes below it
                body(head, s.body(), s.trivia(), 0, s.title() == null);
            } else if (item instanceof Item.ExpectItem e) {
                line(0, Doc.cat(Doc.text("expect "), ExprDocs.condition(e.condition())), e.trivia());
            } else if (item instanceof Item.TypeItem t) {
                String values = String.join(" | ", t.values().stream().map(n -> n.text()).toList());
                line(0, Doc.text("type " + t.name().text() + " = " + values), t.trivia());
            } else if (item instanceof Item.EntityItem e) {
                line(0, Doc.text("entity " + e.name().text() + ":"), e.trivia());
                for (Item.FieldDecl f : e.fields()) {
                    leading(f.trivia(), INDENT, f);
                    String value = f.defaultValue() == null ? "" : " = " + ExprDocs.flat(f.defaultValue());
                    line(INDENT, Doc.text("field " + f.name().text() + ": " + ExprDocs.type(f.type()) + value), f.trivia());
                }
            } else if (item instanceof Item.InvariantItem i) {
                line(0, Doc.text("invariant " + i.id() + " " + ExprDocs.string(i.rule()) + ":"), i.trivia());
                for (VerbClause clause : i.clauses()) {
                    leading(clause.trivia(), INDENT, clause);
                    line(INDENT, verbClause(clause), clause.trivia());
                }
            } else if (item instanceof Item.VerbItem v) {
                line(0, verbHead(v), v.trivia());
                for (VerbClause clause : v.clauses()) {
                    leading(clause.trivia(), INDENT, clause);
                    line(INDENT, verbClause(clause), clause.trivia());
                }
            } else {
                throw new IllegalArgumentException("unknown item " + item);
            }
        }

        private static Doc verbHead(Item.VerbItem v) {
            List<Doc> parts = new ArrayList<>();
            if (v.kind() == Item.VerbKind.BUILTIN) {
                parts.add(Doc.text("builtin " + v.name().text() + "("));
                for (int i = 0; i < v.params().size(); i++) {
                    if (i > 0) parts.add(Doc.text(", "));
                    parts.add(sigParam(v.params().get(i)));
                }
                parts.add(Doc.text(")"));
            } else {
                parts.add(Doc.text((v.kind() == Item.VerbKind.QUERY ? "query " : "verb ") + v.name().text()));
                for (Item.SigParam p : v.params()) {
                    parts.add(Doc.text(p.keyword() == null ? " (" : " " + p.keyword().text() + " ("));
                    parts.add(sigParam(p));
                    parts.add(Doc.text(")"));
                }
            }
            if (v.result() != null) parts.add(Doc.text(" -> " + ExprDocs.type(v.result())));
            parts.add(Doc.text(":"));
            return Doc.cat(parts);
        }

        private static Doc sigParam(Item.SigParam p) {
            Doc head = Doc.text(p.name().text() + ": " + ExprDocs.type(p.type()));
            if (p.defaultValue() == null) return head;
            return Doc.cat(head, Doc.text(" = "), ExprDocs.expr(p.defaultValue()));
        }

        private static Doc verbClause(VerbClause clause) {
            if (clause instanceof VerbClause.DocClause c) return Doc.text("doc " + ExprDocs.string(c.text()));
            if (clause instanceof VerbClause.RunsClause c) return optional(Doc.text("runs " + ExprDocs.string(c.command())), c.condition());
            if (clause instanceof VerbClause.SqlClause c) return optional(Doc.text("sql " + ExprDocs.string(c.sql())), c.condition());
            if (clause instanceof VerbClause.ManualClause c) return Doc.text("manual " + ExprDocs.string(c.instruction()));
            if (clause instanceof VerbClause.PlaceClause c) return Doc.cat(Doc.text("on "), ExprDocs.expr(c.host()));
            if (clause instanceof VerbClause.PromptClause c) {
                return Doc.cat(Doc.text("prompt " + ExprDocs.string(c.prompt()) + " answer "),
                        ExprDocs.answer(c.answer(), c.secret()), Doc.text(c.secret() ? " secret" : ""));
            }
            if (clause instanceof VerbClause.ReadsClause c) return Doc.text("reads " + ExprDocs.string(c.pattern()));
            if (clause instanceof VerbClause.ModelClause c) return Doc.cat(Doc.text("model "), ExprDocs.expr(c.value()));
            if (clause instanceof VerbClause.DestructiveClause) return Doc.text("destructive");
            if (clause instanceof VerbClause.TakesClause c) return Doc.text("takes " + c.duration().text());
            if (clause instanceof VerbClause.RequiresClause c) {
                Doc condition = ExprDocs.expr(c.condition());
                if (c.message() == null) return Doc.cat(Doc.text("requires "), condition);
                return Doc.cat(Doc.text("requires "), condition, Doc.text(" else " + ExprDocs.string(c.message())));
            }
            if (clause instanceof VerbClause.EffectClause c) {
                return optional(Doc.cat(Doc.text("effect " + c.target().dotted() + " = "), ExprDocs.expr(c.value())), c.condition());
            }
            throw new IllegalArgumentException("unknown verb clause " + clause);
        }

        /** A clause that holds only where its condition does: {@code ... if COND}. */
        private static Doc optional(Doc clause, Expr condition) {
            return condition == null ? clause : Doc.cat(clause, Doc.text(" if "), ExprDocs.expr(condition));
        }

        // ------------------------------------------------------------ statements

        /**
         * {@code head} and its body: inline ({@code on x: repStop db}) when allowed (an {@code on},
         * an untitled step) and the body is one simple statement without comments that fits, else an
         * indented block. Control flow ({@code if}, {@code else}, {@code for}) always takes a block.
         */
        private void body(Doc head, List<Stmt> body, Trivia ownerTrivia, int indent, boolean inlineAllowed) {
            Comment trailing = ownerTrivia == null ? null : ownerTrivia.trailing();
            if (inlineAllowed && trailing == null && body.size() == 1 && isSimple(body.get(0))
                    && body.get(0).trivia().isEmpty()) {
                Doc inline = Doc.cat(head, Doc.text(" "), simple(body.get(0)));
                if (indent + DisplayWidth.of(Doc.flat(inline)) <= WIDTH) {
                    line(indent, inline, (Comment) null);
                    return;
                }
            }
            line(indent, head, trailing);
            for (Stmt s : body) stmt(s, indent + INDENT);
        }

        private static boolean isSimple(Stmt s) {
            return !(s instanceof Stmt.OnStmt || s instanceof Stmt.ForStmt || s instanceof Stmt.IfStmt);
        }

        private void stmt(Stmt s, int indent) {
            leading(s.trivia(), indent, s);
            if (s instanceof Stmt.OnStmt o) {
                body(Doc.cat(Doc.text("on "), ExprDocs.expr(o.target()), Doc.text(":")), o.body(), o.trivia(), indent, true);
            } else if (s instanceof Stmt.ForStmt f) {
                Doc head = Doc.cat(Doc.text("for " + f.variable().text() + " in "), ExprDocs.expr(f.iterable()), Doc.text(":"));
                body(head, f.body(), f.trivia(), indent, false);
            } else if (s instanceof Stmt.IfStmt i) {
                ifStmt(i, indent, "");
            } else {
                line(indent, simple(s), s.trivia());
            }
        }

        private void ifStmt(Stmt.IfStmt s, int indent, String prefix) {
            Doc head = Doc.cat(Doc.text(prefix + "if "), ExprDocs.condition(s.condition()), Doc.text(":"));
            body(head, s.then(), s.trivia(), indent, false);
            List<Stmt> otherwise = s.otherwise();
            if (otherwise.isEmpty()) return;
            if (otherwise.size() == 1 && otherwise.get(0) instanceof Stmt.IfStmt nested) {
                leading(nested.trivia(), indent, nested);
                ifStmt(nested, indent, "else ");
            } else {
                body(Doc.text("else:"), otherwise, null, indent, false);
            }
        }

        private static Doc simple(Stmt s) {
            if (s instanceof Stmt.WaitStmt w) {
                String every = w.every() == null ? "" : " every " + w.every().text();
                return Doc.cat(Doc.text("wait "), ExprDocs.condition(w.condition()),
                        Doc.text(" timeout " + w.timeout().text() + every));
            }
            if (s instanceof Stmt.ExpectStmt e) return Doc.cat(Doc.text("expect "), ExprDocs.condition(e.condition()));
            if (s instanceof Stmt.ManualStmt m) return Doc.text("manual " + ExprDocs.string(m.instruction()));
            if (s instanceof Stmt.ConfirmStmt c) return Doc.text("confirm " + ExprDocs.string(c.question()));
            if (s instanceof Stmt.ShStmt sh) return Doc.text("sh " + ExprDocs.string(sh.command()));
            if (s instanceof Stmt.SqlStmt q) {
                return Doc.cat(Doc.text("sql "), ExprDocs.primary(q.database()), Doc.text(" " + ExprDocs.string(q.sql())));
            }
            if (s instanceof Stmt.CallStmt c) {
                List<Doc> args = c.args().stream().map(ExprDocs::expr).toList();
                return Doc.cat(Doc.text("call " + c.builtin().text() + "("), Doc.join(Doc.text(", "), args), Doc.text(")"));
            }
            if (s instanceof Stmt.RunStmt r) {
                Doc name = Doc.text("run " + r.dottedName());
                if (r.args().isEmpty()) return name;
                List<Doc> args = r.args().stream()
                        .map(a -> Doc.cat(Doc.text(a.name().text() + " = "), ExprDocs.expr(a.value()))).toList();
                return Doc.cat(name, ExprDocs.namedArgs(args));
            }
            if (s instanceof Stmt.VerbStmt v) {
                List<Doc> parts = new ArrayList<>();
                parts.add(Doc.text(v.verb().text()));
                for (Expr arg : v.args()) {
                    parts.add(Doc.text(" "));
                    parts.add(ExprDocs.primary(arg));
                }
                return Doc.cat(parts);
            }
            throw new IllegalArgumentException("unknown statement " + s);
        }

        // ------------------------------------------------------------ lines, comments, blank lines

        /** One logical line at {@code indent}, its trailing comment after its first physical line. */
        private void line(int indent, Doc doc, Trivia trivia) {
            line(indent, doc, trivia == null ? null : trivia.trailing());
        }

        private void line(int indent, Doc doc, Comment trailing) {
            String text = Doc.render(doc, indent, WIDTH);
            int firstBreak = text.indexOf('\n');
            String first = firstBreak < 0 ? text : text.substring(0, firstBreak);
            if (trailing != null) first = first + "  " + trailing.text().strip();
            emit(first);
            if (firstBreak >= 0) {
                for (String rest : text.substring(firstBreak + 1).split("\n", -1)) emit(rest);
            }
        }

        /** The comments on the lines before a node, at the node's indentation. */
        private void leading(Trivia trivia, int indent, Node node) {
            List<Comment> comments = trivia.leading();
            for (int i = 0; i < comments.size(); i++) {
                comment(indent, comments.get(i));
                int next = i + 1 < comments.size() ? comments.get(i + 1).span().line() : node.span().line();
                if (blankBetween(comments.get(i).span().line(), next)) blank();
            }
        }

        private void comment(int indent, Comment comment) {
            emit(" ".repeat(indent) + comment.text().strip());
        }

        private void blank() {
            if (!out.isEmpty()) pendingBlank = true;
        }

        private void emit(String line) {
            if (pendingBlank) out.append('\n');
            pendingBlank = false;
            out.append(line.stripTrailing()).append('\n');
        }

        /** Whether the source has a blank line strictly between two (1-based) lines. */
        private boolean blankBetween(int from, int to) {
            if (source == null || from <= 0) return false;
            for (int line = from + 1; line < to && line <= source.lineCount(); line++) {
                if (source.line(line).isBlank()) return true;
            }
            return false;
        }

        /** The last source line of a node, its comments included. */
        private static int endLine(Node node) {
            int[] last = {node.span().endLine()};
            AstWalker.comments(node, c -> last[0] = Math.max(last[0], c.span().line()));
            return last[0];
        }
    }
}
