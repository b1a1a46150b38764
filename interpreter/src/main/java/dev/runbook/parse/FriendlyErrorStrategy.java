package dev.runbook.parse;

import dev.runbook.parse.antlr.RunbookLexer;
import dev.runbook.parse.antlr.RunbookParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.FailedPredicateException;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's recovery, with messages in the user's words instead of the generator's: the offending
 * token, what the grammar wanted there in plain terms, and a hint for the common slips.
 */
final class FriendlyErrorStrategy extends DefaultErrorStrategy {

    /** A syntax problem at a token, already worded for a person. */
    record Problem(Token at, String message, String hint) {}

    interface Sink {
        void report(Problem problem);
    }

    private final Sink sink;

    FriendlyErrorStrategy(Sink sink) {
        this.sink = sink;
    }

    @Override
    protected void reportNoViableAlternative(Parser parser, NoViableAltException e) {
        Token at = e.getOffendingToken();
        report(at, "unexpected " + describe(at) + " in " + phrase(parser.getContext()),
                expectedHint(parser, e.getExpectedTokens(), at));
    }

    @Override
    protected void reportInputMismatch(Parser parser, InputMismatchException e) {
        Token at = e.getOffendingToken();
        report(at, "unexpected " + describe(at) + mismatchTail(e.getExpectedTokens()),
                expectedHint(parser, e.getExpectedTokens(), at));
    }

    @Override
    protected void reportFailedPredicate(Parser parser, FailedPredicateException e) {
        report(e.getOffendingToken(), "unexpected " + describe(e.getOffendingToken()), null);
    }

    @Override
    protected void reportUnwantedToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) return;
        beginErrorCondition(parser);
        Token at = parser.getCurrentToken();
        report(at, "unexpected " + describe(at) + " here", expectedHint(parser, getExpectedTokens(parser), at));
    }

    @Override
    protected void reportMissingToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) return;
        beginErrorCondition(parser);
        Token at = parser.getCurrentToken();
        IntervalSet expected = getExpectedTokens(parser);
        report(at, "missing " + alternatives(expected) + " before " + describeType(at.getType()),
                layoutHint(expected, at));
    }

    private void report(Token at, String message, String hint) {
        sink.report(new Problem(at, message, hint));
    }

    private static String mismatchTail(IntervalSet expected) {
        if (expected == null || expected.size() == 0 || expected.size() > 6) return "";
        return ": expected " + alternatives(expected);
    }

    private static String expectedHint(Parser parser, IntervalSet expected, Token at) {
        String layout = layoutHint(expected, at);
        if (layout != null) return layout;
        if (expected != null && expected.contains(RunbookLexer.ASSIGN) && parser.getContext().getStart() != null
                && parser.getContext().getStart().getType() == RunbookLexer.PARAM) {
            return "a parameter's default follows `=`: param NAME = VALUE";
        }
        if (at.getType() == RunbookLexer.STRING && expected != null && expected.contains(RunbookLexer.COLON)) {
            return "a step has one quoted title, then `:`";
        }
        if (expected != null && expected.size() > 6) {
            return "see docs/language.md for what can be written in " + phrase(parser.getContext());
        }
        return null;
    }

    private static String layoutHint(IntervalSet expected, Token at) {
        if (at.getType() == RunbookParser.INDENT) {
            return "this line is indented deeper than the one before, but nothing opens a block there: "
                    + "a block follows a line that ends with `:`";
        }
        if (expected != null && expected.contains(RunbookParser.INDENT) && expected.size() == 1) {
            return "after a line ending with `:`, indent the lines of the block";
        }
        if (expected != null && expected.contains(RunbookLexer.COLON) && at.getType() == RunbookLexer.NL) {
            return "end the line with `:` before its block or statement";
        }
        return null;
    }

    static String alternatives(IntervalSet set) {
        if (set == null || set.size() == 0) return "something else";
        List<String> names = new ArrayList<>();
        for (int type : set.toList()) {
            String name = describeType(type);
            if (!names.contains(name)) names.add(name);
        }
        if (names.size() == 1) return names.get(0);
        if (names.size() > 6) return "one of " + String.join(", ", names.subList(0, 6)) + ", …";
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** The offending token after the word "unexpected". */
    static String describe(Token token) {
        return switch (token.getType()) {
            case Token.EOF -> "end of file";
            case RunbookLexer.NL -> "end of line";
            case RunbookParser.INDENT -> "indentation";
            case RunbookParser.DEDENT -> "end of block";
            default -> {
                String text = token.getText();
                if (text == null) text = "";
                if (text.length() > 40) text = text.substring(0, 37) + "...";
                yield "`" + text + "`";
            }
        };
    }

    static String describeType(int type) {
        return switch (type) {
            case Token.EOF -> "the end of the file";
            case RunbookLexer.NL -> "the end of the line";
            case RunbookParser.INDENT -> "an indented block";
            case RunbookParser.DEDENT -> "the end of the block";
            case RunbookLexer.STRING, RunbookLexer.UNTERMINATED_STRING -> "a quoted string";
            case RunbookLexer.NUMBER -> "a number";
            case RunbookLexer.DURATION -> "a duration such as 10m";
            case RunbookLexer.ID -> "a name";
            default -> {
                String literal = RunbookLexer.VOCABULARY.getLiteralName(type);
                yield literal != null ? "`" + literal.substring(1, literal.length() - 1) + "`" : "a token";
            }
        };
    }

    /** What the parser was reading, in the user's terms. */
    static String phrase(ParserRuleContext context) {
        for (ParserRuleContext c = context; c != null; c = c.getParent()) {
            switch (c.getRuleIndex()) {
                case RunbookParser.RULE_expr, RunbookParser.RULE_primary: return "a condition or value";
                case RunbookParser.RULE_simpleStmt, RunbookParser.RULE_stmt, RunbookParser.RULE_body: return "a statement";
                case RunbookParser.RULE_stepId: return "a step number";
                case RunbookParser.RULE_verbClause: return "a verb declaration";
                case RunbookParser.RULE_signature, RunbookParser.RULE_sigGroup, RunbookParser.RULE_sigParam:
                    return "a verb's parameters";
                case RunbookParser.RULE_type: return "a type";
                case RunbookParser.RULE_headerClause, RunbookParser.RULE_header: return "the runbook header";
                case RunbookParser.RULE_fieldDecl: return "an entity's fields";
                case RunbookParser.RULE_item: return "a declaration or step";
                default: break;
            }
        }
        return "the file";
    }

    @Override
    public void reportError(Parser recognizer, RecognitionException e) {
        if (inErrorRecoveryMode(recognizer)) return;
        beginErrorCondition(recognizer);
        if (e instanceof NoViableAltException n) reportNoViableAlternative(recognizer, n);
        else if (e instanceof InputMismatchException m) reportInputMismatch(recognizer, m);
        else if (e instanceof FailedPredicateException f) reportFailedPredicate(recognizer, f);
        else report(e.getOffendingToken(), "unexpected " + describe(e.getOffendingToken()), null);
    }
}
