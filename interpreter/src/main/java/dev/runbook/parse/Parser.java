package dev.runbook.parse;

import dev.runbook.ast.RunbookFile;
import dev.runbook.parse.antlr.RunbookLexer;
import dev.runbook.parse.antlr.RunbookParser;
import dev.runbook.source.Code;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.Source;
import dev.runbook.source.Span;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/** The front door of parsing: a source in, an AST and syntax diagnostics out. Never throws. */
public final class Parser {

    private Parser() {}

    public static ParseResult parse(Source source) {
        // Two stages, as ANTLR recommends: the fast SLL prediction is exact for well-formed input;
        // only a file it cannot read is parsed again with full LL and error recovery for the findings.
        ParseResult fast = parse(source, true);
        return fast != null ? fast : parse(source, false);
    }

    /** In fast mode, returns null at the first syntax error instead of recovering. */
    private static ParseResult parse(Source source, boolean fast) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        Offsets offsets = new Offsets(source.text());
        Set<Integer> linesWithSyntaxErrors = new HashSet<>();

        RunbookLexer lexer = new RunbookLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.removeErrorListeners();
        LayoutTokenSource layout = new LayoutTokenSource(lexer, new LayoutTokenSource.Problems() {
            @Override
            public void tab(Token ws) {
                int tab = ws.getText().indexOf('\t');
                int at = offsets.chars(ws.getStartIndex() + tab);
                diagnostics.add(Diagnostic.of(Code.INDENTATION, source, source.span(at, at + 1),
                        "tab in indentation").withHint("indent with spaces; the formatter uses two per level"));
            }

            @Override
            public void unterminatedString(Token t) {
                diagnostics.add(Diagnostic.of(Code.UNTERMINATED_STRING, source, span(t),
                        "this string is not closed before the end of the line")
                        .withHint("add the closing " + t.getText().charAt(0) + " at its end: a string cannot span lines"));
            }

            @Override
            public void badCharacter(Token t) {
                diagnostics.add(Diagnostic.of(Code.BAD_CHARACTER, source, span(t),
                        "`" + t.getText() + "` is not allowed here")
                        .withHint("outside strings and comments, a runbook uses names, numbers, durations and : = == != < > ( ) [ ] , . | ->"));
            }

            @Override
            public void inconsistentDedent(Token t) {
                linesWithSyntaxErrors.add(t.getLine());
                diagnostics.add(Diagnostic.of(Code.INDENTATION, source, span(t),
                        "this line's indentation matches no enclosing block")
                        .withHint("indent it exactly as far as the block it belongs to"));
            }

            @Override
            public void unclosedBracket(Token open, Token nextLine) {
                linesWithSyntaxErrors.add(open.getLine());
                linesWithSyntaxErrors.add(nextLine.getLine());
                String close = open.getText().equals("(") ? ")" : "]";
                diagnostics.add(Diagnostic.of(Code.SYNTAX, source, span(open),
                        "`" + open.getText() + "` is never closed").withHint("add `" + close + "` where the list or arguments end"));
            }

            private Span span(Token t) {
                return source.span(offsets.chars(t.getStartIndex()), offsets.chars(t.getStopIndex() + 1));
            }
        });

        CommonTokenStream tokens = new CommonTokenStream(layout);
        RunbookParser parser = new RunbookParser(tokens);
        parser.removeErrorListeners();
        if (fast) {
            parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
            parser.setErrorHandler(new BailErrorStrategy());
            try {
                RunbookParser.FileContext tree = parser.file();
                RunbookFile file = new AstBuilder(source, tokens, offsets, diagnostics).file(tree);
                return new ParseResult(source, file, diagnostics);
            } catch (ParseCancellationException e) {
                return null;
            }
        }
        parser.getInterpreter().setPredictionMode(PredictionMode.LL);
        int[] unexpectedIndents = {0};
        parser.setErrorHandler(new FriendlyErrorStrategy(problem -> {
            Token at = problem.at();
            // an INDENT the parser skipped leaves its DEDENT unmatched: that is the same mistake
            if (at.getType() == RunbookParser.INDENT) unexpectedIndents[0]++;
            if (at.getType() == RunbookParser.DEDENT && unexpectedIndents[0] > 0) {
                unexpectedIndents[0]--;
                return;
            }
            if (!linesWithSyntaxErrors.add(at.getLine())) return; // one finding per line: the rest is echo
            int start = offsets.chars(at.getStartIndex());
            int end = Math.max(start, offsets.chars(at.getStopIndex() + 1));
            if (at.getType() == Token.EOF || at.getType() == RunbookLexer.NL) end = start;
            Diagnostic d = Diagnostic.of(Code.SYNTAX, source, source.span(start, Math.max(end, start)), problem.message());
            diagnostics.add(problem.hint() == null ? d : d.withHint(problem.hint()));
        }));
        parser.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> r, Object symbol, int line, int col, String msg, RecognitionException e) {
                // every syntax error is reported through FriendlyErrorStrategy; nothing to add here
            }
        });

        RunbookParser.FileContext tree = parser.file();
        RunbookFile file = new AstBuilder(source, tokens, offsets, diagnostics).file(tree);
        return new ParseResult(source, file, diagnostics);
    }

    /** ANTLR counts code points; our spans count UTF-16 chars. Identical unless the text has surrogates. */
    static final class Offsets {
        private final int[] charOfCodePoint;

        Offsets(String text) {
            if (text.codePointCount(0, text.length()) == text.length()) {
                charOfCodePoint = null;
            } else {
                int count = text.codePointCount(0, text.length());
                charOfCodePoint = new int[count + 1];
                int c = 0;
                for (int cp = 0; cp < count; cp++) {
                    charOfCodePoint[cp] = c;
                    c += Character.charCount(text.codePointAt(c));
                }
                charOfCodePoint[count] = text.length();
            }
        }

        int chars(int codePointIndex) {
            if (codePointIndex < 0) return 0;
            if (charOfCodePoint == null) return codePointIndex;
            return charOfCodePoint[Math.min(codePointIndex, charOfCodePoint.length - 1)];
        }
    }
}
