package dev.runbook.parse;

import dev.runbook.parse.antlr.RunbookLexer;
import dev.runbook.parse.antlr.RunbookParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.misc.Pair;

/**
 * Turns the lexer's line breaks into the layout tokens of the grammar: one NL at the end of each
 * logical line, INDENT and DEDENT where the indentation changes. Blank lines, comment-only lines
 * and line breaks inside brackets are not logical line ends. Comments on the lines before a
 * statement are handed out after its INDENT/DEDENT, so that they sit right before it in the
 * token stream (the AST builder attaches them there). Lexical problems are reported to
 * {@link Problems} and the bad token is repaired or dropped so that parsing goes on.
 */
final class LayoutTokenSource implements TokenSource {

    /** The channel the grammar puts comments on. */
    static final int COMMENTS = 2;

    interface Problems {
        void tab(Token whitespace);

        void unterminatedString(Token token);

        void badCharacter(Token token);

        void inconsistentDedent(Token firstOfLine);

        void unclosedBracket(Token open, Token nextLine);
    }

    private final RunbookLexer lexer;
    private final Problems problems;
    private final Deque<Token> ready = new ArrayDeque<>();
    private final List<Token> hiddenAtLineStart = new ArrayList<>();
    private final Deque<Integer> indents = new ArrayDeque<>();
    private Token pendingNewline;
    private boolean atLineStart = true;
    private final Deque<Token> openBrackets = new ArrayDeque<>();
    private boolean brokeInsideBrackets;
    private boolean finished;
    private Token lineIndent;

    LayoutTokenSource(RunbookLexer lexer, Problems problems) {
        this.lexer = lexer;
        this.problems = problems;
        indents.push(0);
    }

    @Override
    public Token nextToken() {
        while (ready.isEmpty()) fill();
        return ready.poll();
    }

    private void fill() {
        if (finished) {
            ready.add(synthetic(Token.EOF, lexer.getInputStream().index()));
            return;
        }
        Token t = lexer.nextToken();
        if (t.getType() == RunbookLexer.WS && atLineStart && t.getText().indexOf('\t') >= 0) {
            problems.tab(t);
        }
        if (t.getChannel() != Token.DEFAULT_CHANNEL) {
            if (t.getType() == RunbookLexer.WS) {
                // whitespace matters only as indentation, read here; the parser never needs it
                if (atLineStart && t.getCharPositionInLine() == 0) lineIndent = t;
                return;
            }
            if (atLineStart) hiddenAtLineStart.add(t); else ready.add(t);
            return;
        }
        switch (t.getType()) {
            case RunbookLexer.NL -> {
                if (!openBrackets.isEmpty()) {
                    brokeInsideBrackets = true;
                } else if (!atLineStart) {
                    pendingNewline = t;
                    atLineStart = true;
                }
            }
            case Token.EOF -> finish(t);
            case RunbookLexer.ERROR_CHAR -> problems.badCharacter(t);
            default -> {
                if (t.getType() == RunbookLexer.UNTERMINATED_STRING) {
                    problems.unterminatedString(t);
                    ((CommonToken) t).setType(RunbookLexer.STRING);
                }
                if (brokeInsideBrackets) {
                    brokeInsideBrackets = false;
                    if (startsDeclaration(t)) {
                        // a line that can only begin a declaration: the bracket was never closed
                        problems.unclosedBracket(openBrackets.peekLast(), t);
                        openBrackets.clear();
                        pendingNewline = synthetic(RunbookLexer.NL, t.getStartIndex(), t);
                        atLineStart = true;
                    }
                }
                if (atLineStart && openBrackets.isEmpty()) startLine(t);
                atLineStart = false;
                switch (t.getType()) {
                    case RunbookLexer.LPAREN, RunbookLexer.LBRACK -> openBrackets.push(t);
                    case RunbookLexer.RPAREN, RunbookLexer.RBRACK -> openBrackets.poll();
                    default -> { }
                }
                ready.add(t);
            }
        }
    }

    /** The indentation of a line's first token, a tab counting as one level (two spaces). */
    private int indentation(Token first) {
        Token h = lineIndent;
        if (h != null && h.getLine() == first.getLine() && h.getStopIndex() + 1 == first.getStartIndex()) {
            int column = 0;
            for (char c : h.getText().toCharArray()) column += c == '\t' ? 2 : 1;
            return column;
        }
        return first.getCharPositionInLine();
    }

    private static boolean startsDeclaration(Token t) {
        return switch (t.getType()) {
            case RunbookLexer.STEP, RunbookLexer.PARAM, RunbookLexer.USE, RunbookLexer.RUNBOOK,
                    RunbookLexer.VERB, RunbookLexer.QUERY, RunbookLexer.ON, RunbookLexer.FOR, RunbookLexer.IF,
                    RunbookLexer.WAIT, RunbookLexer.EXPECT -> true;
            default -> false;
        };
    }

    private void startLine(Token first) {
        if (pendingNewline != null) ready.add(pendingNewline);
        pendingNewline = null;
        int column = indentation(first);
        if (column > indents.peek()) {
            indents.push(column);
            ready.add(synthetic(RunbookParser.INDENT, first.getStartIndex(), first));
        } else {
            while (column < indents.peek()) {
                indents.pop();
                ready.add(synthetic(RunbookParser.DEDENT, first.getStartIndex(), first));
            }
            if (column != indents.peek()) {
                problems.inconsistentDedent(first);
                indents.push(column);
                ready.add(synthetic(RunbookParser.INDENT, first.getStartIndex(), first));
            }
        }
        ready.addAll(hiddenAtLineStart);
        hiddenAtLineStart.clear();
    }

    private void finish(Token eof) {
        if (!atLineStart || pendingNewline != null) {
            ready.add(pendingNewline != null ? pendingNewline : synthetic(RunbookLexer.NL, eof.getStartIndex(), eof));
        }
        pendingNewline = null;
        while (indents.peek() > 0) {
            indents.pop();
            ready.add(synthetic(RunbookParser.DEDENT, eof.getStartIndex(), eof));
        }
        ready.addAll(hiddenAtLineStart);
        hiddenAtLineStart.clear();
        ready.add(eof);
        finished = true;
    }

    private Token synthetic(int type, int offset) {
        return synthetic(type, offset, null);
    }

    /** A zero-width token at {@code offset}, on the line of {@code at}. */
    private Token synthetic(int type, int offset, Token at) {
        Pair<TokenSource, CharStream> source = new Pair<>(this, lexer.getInputStream());
        CommonToken token = new CommonToken(source, type, Token.DEFAULT_CHANNEL, offset, offset - 1);
        token.setText("");
        if (at != null) {
            token.setLine(at.getLine());
            token.setCharPositionInLine(at.getCharPositionInLine());
        } else {
            token.setLine(lexer.getLine());
            token.setCharPositionInLine(lexer.getCharPositionInLine());
        }
        return token;
    }

    @Override
    public int getLine() {
        return lexer.getLine();
    }

    @Override
    public int getCharPositionInLine() {
        return lexer.getCharPositionInLine();
    }

    @Override
    public CharStream getInputStream() {
        return lexer.getInputStream();
    }

    @Override
    public String getSourceName() {
        return lexer.getSourceName();
    }

    @Override
    public void setTokenFactory(TokenFactory<?> factory) {
        lexer.setTokenFactory(factory);
    }

    @Override
    public TokenFactory<?> getTokenFactory() {
        return lexer.getTokenFactory();
    }
}
