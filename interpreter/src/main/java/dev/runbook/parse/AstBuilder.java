package dev.runbook.parse;

import dev.runbook.ast.Comment;
import dev.runbook.ast.Expr;
import dev.runbook.ast.Header;
import dev.runbook.ast.HeaderClause;
import dev.runbook.ast.Item;
import dev.runbook.ast.Name;
import dev.runbook.ast.RunbookFile;
import dev.runbook.ast.StepNumber;
import dev.runbook.ast.Stmt;
import dev.runbook.ast.Trivia;
import dev.runbook.ast.TypeRef;
import dev.runbook.ast.VerbClause;
import dev.runbook.parse.antlr.RunbookLexer;
import dev.runbook.parse.antlr.RunbookParser;
import dev.runbook.parse.antlr.RunbookParser.*;
import dev.runbook.source.Code;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.Source;
import dev.runbook.source.Span;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Turns ANTLR's parse tree into the project's AST. Tolerant: a part the parser could not read
 * (already reported as a syntax error) is left out, and the rest of the file is still built so
 * that the checker can report its own findings too.
 */
final class AstBuilder {

    private final Source source;
    private final CommonTokenStream tokens;
    private final Parser.Offsets offsets;
    private final List<Diagnostic> diagnostics;
    private final Map<ParserRuleContext, TriviaBuilder> trivia = new IdentityHashMap<>();
    private final List<Comment> dangling = new ArrayList<>();

    AstBuilder(Source source, CommonTokenStream tokens, Parser.Offsets offsets, List<Diagnostic> diagnostics) {
        this.source = source;
        this.tokens = tokens;
        this.offsets = offsets;
        this.diagnostics = diagnostics;
    }

    RunbookFile file(FileContext ctx) {
        attachComments(ctx);
        Header header = ctx.header() == null ? null : header(ctx.header());
        List<Item> items = new ArrayList<>();
        for (ItemContext item : ctx.item()) add(items, item(item));
        return new RunbookFile(source.span(0, source.text().length()), header, items, dangling);
    }

    // ------------------------------------------------------------ header

    private Header header(HeaderContext ctx) {
        if (ctx instanceof RunbookHeaderContext h) {
            Name id = name(h.name());
            if (id == null) return null;
            List<HeaderClause> clauses = new ArrayList<>();
            for (HeaderClauseContext c : h.headerClause()) add(clauses, headerClause(c));
            return new Header.RunbookHeader(span(ctx), id, string(h.STRING()), clauses, trivia(ctx));
        }
        ModuleHeaderContext m = (ModuleHeaderContext) ctx;
        Name name = name(m.name());
        return name == null ? null : new Header.ModuleHeader(span(ctx), name, string(m.STRING()), trivia(ctx));
    }

    private HeaderClause headerClause(HeaderClauseContext ctx) {
        if (ctx instanceof SourceClauseContext s) {
            if (s.STRING().isEmpty()) return null;
            Expr.StringLit document = string(s.STRING(0));
            Expr.StringLit section = s.STRING().size() > 1 ? string(s.STRING(1)) : null;
            HeaderClause.LineRange lines = null;
            if (!s.NUMBER().isEmpty()) {
                Integer first = lineNumber(s.NUMBER(0));
                Integer last = s.NUMBER().size() > 1 ? lineNumber(s.NUMBER(1)) : first;
                if (first == null || last == null) return null;
                Span span = span(s.NUMBER(0).getSymbol()).to(span(s.NUMBER(s.NUMBER().size() - 1).getSymbol()));
                if (last < first) {
                    diagnostics.add(Diagnostic.of(Code.BAD_HEADER, source, span,
                            "the line range " + first + "-" + last + " runs backwards").withHint("write the first line first"));
                }
                lines = new HeaderClause.LineRange(span, first, last);
            }
            return new HeaderClause.SourceClause(span(ctx), document, section, lines, trivia(ctx));
        }
        if (ctx instanceof OnlineClauseContext o) {
            Expr.DurationLit outage = null;
            if (o.name() != null && o.DURATION() != null) {
                if (o.name().getText().equals("outage")) {
                    outage = duration(o.DURATION());
                } else {
                    diagnostics.add(Diagnostic.of(Code.BAD_HEADER, source, span(o.name().getStart()),
                            "`online` takes `outage DURATION`, not `" + o.name().getText() + "`")
                            .withHint("write online outage 5m: the longest time the applications may have no writable database"));
                }
            }
            return new HeaderClause.OnlineClause(span(ctx), outage, trivia(ctx));
        }
        RequireClauseContext r = (RequireClauseContext) ctx;
        Expr condition = expr(r.expr());
        return condition == null ? null : new HeaderClause.RequireClause(span(ctx), condition, trivia(ctx));
    }

    private Integer lineNumber(TerminalNode number) {
        String text = number.getText();
        if (!text.matches("\\d{1,9}")) {
            diagnostics.add(Diagnostic.of(Code.BAD_HEADER, source, span(number.getSymbol()),
                    "`" + text + "` is not a line number").withHint("write whole line numbers, such as lines 76-143"));
            return null;
        }
        return Integer.parseInt(text);
    }

    // ------------------------------------------------------------ items

    private Item item(ItemContext ctx) {
        if (ctx.exception != null && ctx.getChildCount() == 0) return null;
        if (ctx instanceof UseItemContext u) {
            List<Name> path = qualified(u.qualifiedName());
            if (path == null) return null;
            return new Item.UseItem(span(ctx), path, u.AS() == null ? null : name(u.name()), trivia(ctx));
        }
        if (ctx instanceof ParamItemContext p) {
            Name name = name(p.name());
            if (name == null) return null;
            TypeRef type = p.type() == null ? null : type(p.type());
            Expr value = p.expr() == null ? null : expr(p.expr());
            if (p.type() != null && type == null) return null;
            // a default that could not be read is reported already; keeping the name spares
            // every later use of the parameter an "unknown name"
            return new Item.ParamItem(span(ctx), name, type, value, trivia(ctx));
        }
        if (ctx instanceof StepItemContext s) {
            StepNumber number = stepNumber(s.stepId());
            List<Stmt> body = body(s.body());
            if (number == null || body == null) return null;
            return new Item.StepItem(span(ctx), number, string(s.STRING()), body, trivia(ctx));
        }
        if (ctx instanceof ExpectItemContext e) {
            Expr condition = expr(e.expr());
            return condition == null ? null : new Item.ExpectItem(span(ctx), condition, trivia(ctx));
        }
        if (ctx instanceof TypeItemContext t) {
            List<Name> names = names(t.name());
            if (names == null || names.size() < 2) return null;
            return new Item.TypeItem(span(ctx), names.get(0), names.subList(1, names.size()), trivia(ctx));
        }
        if (ctx instanceof EntityItemContext e) {
            Name name = name(e.name());
            if (name == null) return null;
            List<Item.FieldDecl> fields = new ArrayList<>();
            for (FieldDeclContext f : e.fieldDecl()) {
                Name field = name(f.name());
                TypeRef type = type(f.type());
                Expr value = f.expr() == null ? null : expr(f.expr());
                if (field != null && type != null && (f.expr() == null || value != null)) {
                    fields.add(new Item.FieldDecl(span(f), field, type, value, trivia(f)));
                }
            }
            return new Item.EntityItem(span(ctx), name, fields, trivia(ctx));
        }
        if (ctx instanceof VerbItemContext v) {
            Name name = name(v.name());
            if (name == null || v.kind == null) return null;
            List<Item.SigParam> params = new ArrayList<>();
            if (v.signature() != null) {
                for (SigGroupContext g : v.signature().sigGroup()) {
                    Item.SigParam param = sigParam(g.sigParam(), g.name() == null ? null : name(g.name()), span(g));
                    if (param == null) return null;
                    params.add(param);
                }
            }
            Item.VerbKind kind = v.kind.getType() == RunbookLexer.QUERY ? Item.VerbKind.QUERY : Item.VerbKind.VERB;
            TypeRef result = v.type() == null ? null : type(v.type());
            return new Item.VerbItem(span(ctx), kind, name, params, result, verbClauses(v.verbClause()), trivia(ctx));
        }
        if (ctx instanceof InvariantItemContext v) {
            Expr.StringLit rule = string(v.STRING());
            if (v.invariantId() == null || rule == null) return null;
            StringBuilder text = new StringBuilder();
            for (StepTokenContext part : v.invariantId().stepToken()) text.append(part.getText());
            String id = text.toString();
            if (!id.matches("[A-Za-z][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*")) {
                diagnostics.add(Diagnostic.of(Code.BAD_DECLARATION, source, span(v.invariantId()),
                        "`" + id + "` is not an invariant id").withHint("write an id such as I-50 or SITE-1, then the rule in quotes"));
                return null;
            }
            return new Item.InvariantItem(span(ctx), id, span(v.invariantId()), rule, verbClauses(v.verbClause()), trivia(ctx));
        }
        if (ctx instanceof BuiltinItemContext b) {
            Name name = name(b.name());
            if (name == null) return null;
            List<Item.SigParam> params = new ArrayList<>();
            for (SigParamContext p : b.sigParam()) {
                Item.SigParam param = sigParam(p, null, span(p));
                if (param == null) return null;
                params.add(param);
            }
            TypeRef result = b.type() == null ? null : type(b.type());
            return new Item.VerbItem(span(ctx), Item.VerbKind.BUILTIN, name, params, result,
                    verbClauses(b.verbClause()), trivia(ctx));
        }
        return null;
    }

    private Item.SigParam sigParam(SigParamContext ctx, Name keyword, Span span) {
        if (ctx == null) return null;
        Name name = name(ctx.name());
        TypeRef type = type(ctx.type());
        Expr value = ctx.expr() == null ? null : expr(ctx.expr());
        if (name == null || type == null || (ctx.expr() != null && value == null)) return null;
        return new Item.SigParam(span, keyword, name, type, value);
    }

    private List<VerbClause> verbClauses(List<VerbClauseContext> contexts) {
        List<VerbClause> clauses = new ArrayList<>();
        for (VerbClauseContext c : contexts) add(clauses, verbClause(c));
        return clauses;
    }

    private VerbClause verbClause(VerbClauseContext ctx) {
        Span span = span(ctx);
        Trivia t = trivia(ctx);
        if (ctx instanceof DocClauseContext c) return present(string(c.STRING()), s -> new VerbClause.DocClause(span, s, t));
        if (ctx instanceof RunsClauseContext c) {
            Expr condition = c.expr() == null ? null : expr(c.expr());
            if (c.IF() != null && condition == null) return null;
            return present(string(c.STRING()), s -> new VerbClause.RunsClause(span, s, condition, t));
        }
        if (ctx instanceof SqlClauseContext c) {
            Expr condition = c.expr() == null ? null : expr(c.expr());
            if (c.IF() != null && condition == null) return null;
            return present(string(c.STRING()), s -> new VerbClause.SqlClause(span, s, condition, t));
        }
        if (ctx instanceof ManualClauseContext c) return present(string(c.STRING()), s -> new VerbClause.ManualClause(span, s, t));
        if (ctx instanceof PlaceClauseContext c) return present(expr(c.expr()), e -> new VerbClause.PlaceClause(span, e, t));
        if (ctx instanceof PromptClauseContext c) {
            Expr.StringLit prompt = string(c.STRING());
            Expr answer = primary(c.primary());
            return prompt == null || answer == null ? null
                    : new VerbClause.PromptClause(span, prompt, answer, c.SECRET() != null, t);
        }
        if (ctx instanceof ReadsClauseContext c) return present(string(c.STRING()), s -> new VerbClause.ReadsClause(span, s, t));
        if (ctx instanceof ModelClauseContext c) return present(expr(c.expr()), e -> new VerbClause.ModelClause(span, e, t));
        if (ctx instanceof DestructiveClauseContext) return new VerbClause.DestructiveClause(span, t);
        if (ctx instanceof TakesClauseContext c) return present(duration(c.DURATION()), d -> new VerbClause.TakesClause(span, d, t));
        if (ctx instanceof RequiresClauseContext c) {
            Expr condition = expr(c.expr());
            return condition == null ? null : new VerbClause.RequiresClause(span, condition, string(c.STRING()), t);
        }
        if (ctx instanceof EffectClauseContext c) {
            Expr.PathExpr target = path(c.path());
            Expr value = expr(c.expr(0));
            Expr condition = c.expr().size() > 1 ? expr(c.expr(1)) : null;
            if (c.IF() != null && condition == null) return null;
            return target == null || value == null ? null : new VerbClause.EffectClause(span, target, value, condition, t);
        }
        return null;
    }

    private StepNumber stepNumber(StepIdContext ctx) {
        if (ctx == null || ctx.stepToken().isEmpty()) return null;
        List<StepTokenContext> parts = ctx.stepToken();
        Token first = parts.get(0).getStart();
        StringBuilder text = new StringBuilder(first.getText());
        Token last = first;
        for (int i = 1; i < parts.size(); i++) {
            Token next = parts.get(i).getStart();
            if (next.getStartIndex() != last.getStopIndex() + 1) {
                Span span = span(next);
                diagnostics.add(Diagnostic.of(Code.BAD_STEP_NUMBER, source, span,
                        "a step title must be quoted").withHint("write step " + text + " \"" + next.getText() + " ...\":"));
                return null;
            }
            text.append(next.getText());
            last = next;
        }
        Span span = span(first).to(span(last));
        if (!StepNumber.isWellFormed(text.toString())) {
            diagnostics.add(Diagnostic.of(Code.BAD_STEP_NUMBER, source, span,
                    "`" + text + "` is not a step number").withHint("number steps as the document does: 7, 2a, 3.1 or 17-22"));
            return null;
        }
        return new StepNumber(span, text.toString());
    }

    // ------------------------------------------------------------ statements

    private List<Stmt> body(BodyContext ctx) {
        if (ctx == null) return null;
        if (ctx instanceof InlineBodyContext i) {
            Stmt s = inline(i.inlineStmt());
            return s == null ? null : List.of(s);
        }
        if (!(ctx instanceof BlockBodyContext block)) return null; // the parser could not tell: already reported
        List<Stmt> out = new ArrayList<>();
        for (StmtContext s : block.stmt()) add(out, stmt(s));
        return out;
    }

    private Stmt inline(InlineStmtContext ctx) {
        if (ctx instanceof InlineSimpleContext s) return simple(s.simpleStmt());
        if (ctx instanceof InlineOnContext o) {
            Expr target = expr(o.expr());
            Stmt inner = inline(o.inlineStmt());
            return target == null || inner == null ? null : new Stmt.OnStmt(span(ctx), target, List.of(inner), trivia(ctx));
        }
        return null;
    }

    private Stmt stmt(StmtContext ctx) {
        if (ctx instanceof SimpleStatementContext s) return simple(s.simpleStmt());
        if (ctx instanceof OnStatementContext o) {
            Expr target = expr(o.expr());
            List<Stmt> body = body(o.body());
            return target == null || body == null ? null : new Stmt.OnStmt(span(ctx), target, body, trivia(ctx));
        }
        if (ctx instanceof ForStatementContext f) {
            Name variable = name(f.name());
            Expr iterable = expr(f.expr());
            List<Stmt> body = body(f.body());
            return variable == null || iterable == null || body == null ? null
                    : new Stmt.ForStmt(span(ctx), variable, iterable, body, trivia(ctx));
        }
        if (ctx instanceof IfStatementContext i) return ifStmt(i.ifStmt());
        return null;
    }

    private Stmt ifStmt(IfStmtContext ctx) {
        if (ctx == null) return null;
        Expr condition = expr(ctx.expr());
        List<BodyContext> bodies = ctx.body();
        if (condition == null || bodies.isEmpty()) return null;
        List<Stmt> then = body(bodies.get(0));
        if (then == null) return null;
        List<Stmt> otherwise = List.of();
        if (ctx.ifStmt() != null) {
            Stmt nested = ifStmt(ctx.ifStmt());
            otherwise = nested == null ? List.of() : List.of(nested);
        } else if (bodies.size() > 1) {
            List<Stmt> elseBody = body(bodies.get(1));
            otherwise = elseBody == null ? List.of() : elseBody;
        }
        return new Stmt.IfStmt(span(ctx), condition, then, otherwise, trivia(ctx));
    }

    private Stmt simple(SimpleStmtContext ctx) {
        if (ctx == null || (ctx.exception != null && ctx.getChildCount() == 0)) return null;
        Span span = span(ctx);
        Trivia t = trivia(ctx);
        if (ctx instanceof WaitStmtContext w) {
            Expr condition = expr(w.expr());
            if (condition == null || w.DURATION().isEmpty()) return null;
            Expr.DurationLit timeout = duration(w.DURATION(0));
            Expr.DurationLit every = w.DURATION().size() > 1 ? duration(w.DURATION(1)) : null;
            if (timeout == null || (w.DURATION().size() > 1 && every == null)) return null; // reported
            return new Stmt.WaitStmt(span, condition, timeout, every, t);
        }
        if (ctx instanceof ExpectStmtContext e) return present(expr(e.expr()), c -> new Stmt.ExpectStmt(span, c, t));
        if (ctx instanceof ManualStmtContext m) return present(string(m.STRING()), s -> new Stmt.ManualStmt(span, s, t));
        if (ctx instanceof ConfirmStmtContext c) return present(string(c.STRING()), s -> new Stmt.ConfirmStmt(span, s, t));
        if (ctx instanceof ShStmtContext s) return present(string(s.STRING()), c -> new Stmt.ShStmt(span, c, t));
        if (ctx instanceof SqlStmtContext s) {
            Expr database = primary(s.primary());
            Expr.StringLit sql = string(s.STRING());
            return database == null || sql == null ? null : new Stmt.SqlStmt(span, database, sql, t);
        }
        if (ctx instanceof CallStmtContext c) {
            Name name = name(c.name());
            List<Expr> args = exprs(c.expr());
            return name == null || args == null ? null : new Stmt.CallStmt(span, name, args, t);
        }
        if (ctx instanceof RunStmtContext r) {
            List<Name> runbook = qualified(r.qualifiedName());
            if (runbook == null) return null;
            List<Stmt.NamedArg> args = new ArrayList<>();
            for (NamedArgContext a : r.namedArg()) {
                Name name = name(a.name());
                Expr value = expr(a.expr());
                if (name == null || value == null) return null;
                args.add(new Stmt.NamedArg(span(a), name, value));
            }
            return new Stmt.RunStmt(span, runbook, args, t);
        }
        if (ctx instanceof VerbStmtContext v) {
            Name verb = name(v.name());
            if (verb == null) return null;
            List<Expr> args = new ArrayList<>();
            for (ArgumentContext a : v.argument()) {
                Expr arg = primary(a.primary());
                if (arg == null) return null;
                args.add(arg);
            }
            return new Stmt.VerbStmt(span, verb, args, t);
        }
        return null;
    }

    // ------------------------------------------------------------ expressions

    private List<Expr> exprs(List<ExprContext> contexts) {
        List<Expr> out = new ArrayList<>();
        for (ExprContext c : contexts) {
            Expr e = expr(c);
            if (e == null) return null;
            out.add(e);
        }
        return out;
    }

    private Expr expr(ExprContext ctx) {
        if (ctx == null || ctx.exception != null) return null;
        Span span = span(ctx);
        if (ctx instanceof PrimaryExprContext p) return primary(p.primary());
        if (ctx instanceof FieldOfExprContext f) {
            Name field = name(f.name());
            Expr of = expr(f.expr());
            return field == null || of == null ? null : new Expr.FieldOfExpr(span, field, of);
        }
        if (ctx instanceof QueryExprContext q) {
            Name name = name(q.name());
            List<Expr> args = new ArrayList<>();
            for (PrimaryContext p : q.primary()) {
                Expr arg = primary(p);
                if (arg == null) return null;
                args.add(arg);
            }
            return name == null ? null : new Expr.QueryExpr(span, name, args);
        }
        if (ctx instanceof PlacedExprContext p) {
            Expr database = primary(p.primary(0));
            Expr host = p.primary().size() > 1 ? primary(p.primary(1)) : null;
            return database == null || host == null ? null : new Expr.PlacedExpr(span, database, host);
        }
        if (ctx instanceof NotExprContext n) {
            Expr operand = expr(n.expr());
            return operand == null ? null : new Expr.NotExpr(span, operand);
        }
        if (ctx instanceof CompareExprContext c) return binary(span, c.op, c.expr());
        if (ctx instanceof EqualityExprContext c) return binary(span, c.op, c.expr());
        if (ctx instanceof MemberExprContext c) return binary(span, Expr.BinaryOp.IN, c.expr());
        if (ctx instanceof AndExprContext c) return binary(span, Expr.BinaryOp.AND, c.expr());
        if (ctx instanceof OrExprContext c) return binary(span, Expr.BinaryOp.OR, c.expr());
        if (ctx instanceof ConcatExprContext c) {
            return binary(span, c.op.getType() == RunbookLexer.MINUS ? Expr.BinaryOp.MINUS : Expr.BinaryOp.PLUS, c.expr());
        }
        if (ctx instanceof QuantifiedExprContext q) {
            Name variable = name(q.name());
            if (q.quantifier == null || variable == null || q.expr().size() != 2) return null;
            Expr over = expr(q.expr(0));
            Expr condition = expr(q.expr(1));
            Expr.Quantifier quantifier = switch (q.quantifier.getType()) {
                case RunbookLexer.ALL -> Expr.Quantifier.ALL;
                case RunbookLexer.ANY -> Expr.Quantifier.ANY;
                default -> Expr.Quantifier.COUNT;
            };
            return over == null || condition == null ? null : new Expr.QuantifiedExpr(span, quantifier, variable, over, condition);
        }
        return null;
    }

    private Expr binary(Span span, Token op, List<ExprContext> operands) {
        if (op == null) return null;
        Expr.BinaryOp kind = switch (op.getType()) {
            case RunbookLexer.EQ -> Expr.BinaryOp.EQ;
            case RunbookLexer.NE -> Expr.BinaryOp.NE;
            case RunbookLexer.LT -> Expr.BinaryOp.LT;
            case RunbookLexer.LE -> Expr.BinaryOp.LE;
            case RunbookLexer.GT -> Expr.BinaryOp.GT;
            default -> Expr.BinaryOp.GE;
        };
        return binary(span, kind, operands);
    }

    private Expr binary(Span span, Expr.BinaryOp op, List<ExprContext> operands) {
        if (operands.size() != 2) return null;
        Expr left = expr(operands.get(0));
        Expr right = expr(operands.get(1));
        return left == null || right == null ? null : new Expr.BinaryExpr(span, op, left, right);
    }

    private Expr primary(PrimaryContext ctx) {
        if (ctx == null || ctx.exception != null) return null;
        Span span = span(ctx);
        if (ctx instanceof StringLiteralContext s) return string(s.STRING());
        if (ctx instanceof NumberLiteralContext n) return new Expr.NumberLit(span, n.NUMBER().getText());
        if (ctx instanceof DurationLiteralContext d) return duration(d.DURATION());
        if (ctx instanceof TrueLiteralContext) return new Expr.BoolLit(span, true);
        if (ctx instanceof FalseLiteralContext) return new Expr.BoolLit(span, false);
        if (ctx instanceof HereLiteralContext) return new Expr.HereLit(span);
        if (ctx instanceof ListLiteralContext l) {
            List<Expr> elements = exprs(l.expr());
            return elements == null ? null : new Expr.ListLit(span, elements);
        }
        if (ctx instanceof ParenExprContext p) return expr(p.expr());
        if (ctx instanceof PathExprContext p) return path(p.path());
        return null;
    }

    private Expr.PathExpr path(PathContext ctx) {
        if (ctx == null) return null;
        List<Name> names = names(ctx.name());
        return names == null || names.isEmpty() ? null : new Expr.PathExpr(span(ctx), names);
    }

    private Expr.DurationLit duration(TerminalNode node) {
        if (node == null || node.getSymbol().getTokenIndex() < 0) return null;
        Expr.DurationLit d = new Expr.DurationLit(span(node.getSymbol()), node.getText());
        if (d.millis() < 0) {
            diagnostics.add(Diagnostic.of(Code.BAD_DURATION, source, d.span(), "`" + d.text() + "` is too long a duration")
                    .withHint("use a larger unit: ms, s, m, h or d"));
            return null;
        }
        return d;
    }

    private Expr.StringLit string(TerminalNode node) {
        if (node == null || node.getSymbol().getTokenIndex() < 0) return null;
        Token token = node.getSymbol();
        String raw = token.getText();
        if (raw == null || raw.isEmpty()) return null;
        return new StringLiterals(source, diagnostics).parse(raw, offsets.chars(token.getStartIndex()), span(token));
    }

    private TypeRef type(TypeContext ctx) {
        if (ctx == null || ctx.exception != null) return null;
        if (ctx instanceof ListTypeContext l) {
            TypeRef element = type(l.type());
            return element == null ? null : new TypeRef.ListType(span(ctx), element);
        }
        Name name = name(((NamedTypeContext) ctx).name());
        return name == null ? null : new TypeRef.NamedType(span(ctx), name);
    }

    private List<Name> qualified(QualifiedNameContext ctx) {
        return ctx == null ? null : names(ctx.name());
    }

    private List<Name> names(List<NameContext> contexts) {
        List<Name> out = new ArrayList<>();
        for (NameContext c : contexts) {
            Name n = name(c);
            if (n == null) return null;
            out.add(n);
        }
        return out;
    }

    private Name name(NameContext ctx) {
        if (ctx == null || ctx.exception != null || ctx.getChildCount() == 0) return null;
        Token t = ctx.getStart();
        if (t.getTokenIndex() < 0 || t.getStartIndex() > t.getStopIndex()) return null;
        return new Name(span(t), t.getText());
    }

    // ------------------------------------------------------------ spans and comments

    private Span span(Token t) {
        int start = offsets.chars(t.getStartIndex());
        return source.span(start, Math.max(start, offsets.chars(t.getStopIndex() + 1)));
    }

    /** From the first token to the last token that is not layout (NL, INDENT, DEDENT). */
    private Span span(ParserRuleContext ctx) {
        Token start = ctx.getStart();
        Token stop = ctx.getStop();
        if (stop == null || stop.getTokenIndex() < start.getTokenIndex()) stop = start;
        int i = stop.getTokenIndex();
        while (i > start.getTokenIndex() && isLayoutOrHidden(tokens.get(i))) i--;
        if (i >= 0) stop = tokens.get(i);
        int from = offsets.chars(start.getStartIndex());
        int to = Math.max(from, offsets.chars(stop.getStopIndex() + 1));
        return source.span(from, Math.min(to, source.text().length()));
    }

    private static boolean isLayoutOrHidden(Token t) {
        return t.getChannel() != Token.DEFAULT_CHANNEL || t.getType() == RunbookLexer.NL
                || t.getType() == RunbookParser.INDENT || t.getType() == RunbookParser.DEDENT
                || t.getType() == Token.EOF;
    }

    private Trivia trivia(ParserRuleContext ctx) {
        TriviaBuilder b = trivia.get(ctx);
        return b == null ? Trivia.NONE : new Trivia(b.leading, b.trailing);
    }

    private static final class TriviaBuilder {
        final List<Comment> leading = new ArrayList<>();
        Comment trailing;
    }

    private static boolean carriesTrivia(ParserRuleContext ctx) {
        return ctx instanceof HeaderContext || ctx instanceof HeaderClauseContext || ctx instanceof ItemContext
                || ctx instanceof FieldDeclContext || ctx instanceof VerbClauseContext || ctx instanceof SimpleStmtContext
                || ctx instanceof OnStatementContext || ctx instanceof InlineOnContext || ctx instanceof ForStatementContext || ctx instanceof IfStmtContext;
    }

    /**
     * A comment after code on its line trails the innermost node begun before it; a comment on a
     * line of its own leads the next node; comments after the last node dangle at the file's end.
     */
    private void attachComments(FileContext root) {
        List<ParserRuleContext> carriers = new ArrayList<>();
        collect(root, carriers);
        List<Token> all = tokens.getTokens();
        int next = 0;
        for (Token t : all) {
            if (t.getChannel() != LayoutTokenSource.COMMENTS) continue;
            Comment comment = new Comment(span(t), t.getText().stripTrailing());
            int index = t.getTokenIndex();
            while (next < carriers.size() && carriers.get(next).getStart().getTokenIndex() < index) next++;
            ParserRuleContext owner = null;
            if (codeBeforeOnLine(all, index)) {
                for (int i = next - 1; i >= 0 && owner == null; i--) {
                    ParserRuleContext c = carriers.get(i);
                    TriviaBuilder b = trivia.get(c);
                    if (b == null || b.trailing == null) owner = c;
                    // same-start carriers: the innermost comes last in pre-order, which we meet first
                }
                if (owner != null) {
                    trivia.computeIfAbsent(owner, k -> new TriviaBuilder()).trailing = comment;
                    continue;
                }
            }
            if (next < carriers.size()) {
                trivia.computeIfAbsent(carriers.get(next), k -> new TriviaBuilder()).leading.add(comment);
            } else {
                dangling.add(comment);
            }
        }
    }

    private static boolean codeBeforeOnLine(List<Token> all, int index) {
        int line = all.get(index).getLine();
        for (int i = index - 1; i >= 0; i--) {
            Token t = all.get(i);
            if (t.getType() == RunbookLexer.NL || t.getLine() < line) return false;
            if (t.getChannel() == Token.DEFAULT_CHANNEL && t.getType() != RunbookParser.INDENT
                    && t.getType() != RunbookParser.DEDENT) return true;
        }
        return false;
    }

    private static void collect(ParseTree node, List<ParserRuleContext> out) {
        if (node instanceof ParserRuleContext ctx) {
            if (carriesTrivia(ctx) && ctx.getStart() != null && ctx.getStart().getTokenIndex() >= 0
                    && ctx.getStart().getType() != Token.EOF) {
                out.add(ctx);
            }
            for (int i = 0; i < ctx.getChildCount(); i++) collect(ctx.getChild(i), out);
        }
    }

    // ------------------------------------------------------------ small helpers

    private static <T> void add(List<? super T> out, T value) {
        if (value != null) out.add(value);
    }

    private static <A, B> B present(A value, java.util.function.Function<A, B> make) {
        return value == null ? null : Objects.requireNonNull(make.apply(value));
    }
}
