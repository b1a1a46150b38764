package dev.runbook.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.ast.AstWalker;
import dev.runbook.ast.Comment;
import dev.runbook.parse.ParseResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Focused rules of the canonical layout; the golden files cover whole files. */
class FormatterTest {

    private static String fmt(String text) {
        ParseResult parsed = FmtTestSupport.parseClean("test.rbk", text);
        String formatted = FmtTestSupport.format(parsed);
        FmtTestSupport.assertCanonical("test.rbk", parsed.file(), formatted);
        return formatted;
    }

    @Test
    void emptyFileStaysEmpty() {
        assertEquals("", fmt(""));
        assertEquals("", fmt("\n\n  \n"));
    }

    @Test
    void titledStepsKeepTheirBodyBelowUntitledOnesGoInline() {
        assertEquals("step 1: repStop db\n", fmt("step 1:\n    repStop db\n"));
        assertEquals("step 1 \"Stop\":\n  repStop db\n", fmt("step 1 \"Stop\": repStop db\n"));
    }

    @Test
    void onBodiesGoInlineWhenTheyFit() {
        assertEquals("step 1:\n  on db.host: repStop db\n", fmt("step 1:\n  on db.host:\n      repStop db\n"));
        String longVerb = "v" + "x".repeat(90);
        assertEquals("step 1:\n  on db.host:\n    " + longVerb + " db\n", fmt("step 1:\n  on db.host: " + longVerb + " db\n"));
    }

    @Test
    void exactlyOneHundredColumnsStillFits() {
        String head = "step 1:\n";
        String line = "  on h: " + "v".repeat(100 - "  on h: ".length());
        assertEquals(100, line.length());
        assertEquals(head + line + "\n", fmt(head + "  on h:\n    " + line.substring("  on h: ".length()) + "\n"));
        String tooLong = "  on h: " + "v".repeat(101 - "  on h: ".length());
        assertEquals(head + "  on h:\n    " + tooLong.substring(8) + "\n", fmt(head + tooLong + "\n"));
    }

    @Test
    void parenthesesOnlyWherePrecedenceNeedsThem() {
        assertEquals("expect a or b and c\n", fmt("expect a or (b and c)\n"));
        assertEquals("expect (a or b) and c\n", fmt("expect (a or b) and c\n"));
        assertEquals("expect a and (b and c)\n", fmt("expect a and (b and c)\n"));
        assertEquals("expect not a == b\n", fmt("expect not (a == b)\n"));
        assertEquals("expect (not a) == b\n", fmt("expect (not a) == b\n"));
        assertEquals("expect release of subscribers == release\n", fmt("expect (release of subscribers) == release\n"));
        assertEquals("expect caughtUp (state a) from b\n", fmt("expect caughtUp (state a) from (b)\n"));
        assertEquals("expect state (name of x) == ACTIVE\n", fmt("expect state (name of x) == ACTIVE\n"));
    }

    @Test
    void stringsKeepTheirQuoteAndAreReEscaped() {
        assertEquals("param a = \"say \\\"hi\\\" \\\\ \\n \\t \\${x} $HOME ${db.name}\"\n",
                fmt("param a = \"say \\\"hi\\\" \\\\ \\n \\t \\${x} \\$HOME ${ db.name }\"\n"));
        // single quotes are literal: the backslashes before the double quotes are kept as written
        assertEquals("param b = 'it\\'s ${literal} \\\"x\\\"'\n", fmt("param b = 'it\\'s ${literal} \\\"x\\\"'\n"));
        assertEquals("param c = '^\\s+(\\w+) \\\\\\''\n", fmt("param c = '^\\s+(\\w+) \\\\\\''\n"));
    }

    @Test
    void everyCommentSurvives() {
        String text = """
                # one
                runbook r "t"  # two
                  # three
                  online  # four

                # five
                step 1:  # six
                  # seven
                  on h: repStop db  # eight
                # nine
                """;
        String formatted = fmt(text);
        ParseResult parsed = FmtTestSupport.parseClean("x", formatted);
        List<String> comments = new ArrayList<>();
        AstWalker.comments(parsed.file(), c -> comments.add(c.text()));
        comments.sort(null);
        assertEquals(List.of("# eight", "# five", "# four", "# nine", "# one", "# seven", "# six", "# three", "# two"),
                comments);
    }

    @Test
    void commentsForceBlockForm() {
        assertEquals("step 1:\n  on h:\n    repStop db  # why\n", fmt("step 1:\n  on h: repStop db  # why\n"));
        assertEquals("step 1:\n  on h:  # why\n    repStop db\n", fmt("step 1:\n  on h:  # why\n    repStop db\n"));
    }

    @Test
    void aNullSourceKeepsNoAuthorBlankLines() {
        ParseResult parsed = FmtTestSupport.parseClean("x", "# a\n\n# b\n\nparam x = 1\n");
        assertEquals("# a\n\n# b\n\nparam x = 1\n", FmtTestSupport.format(parsed));
        assertEquals("# a\n# b\nparam x = 1\n", new Formatter().format(parsed.file(), null));
    }

    @Test
    void longListsBreakOneElementPerLine() {
        String elements = String.join(", ", java.util.Collections.nCopies(12, "\"element\""));
        String formatted = fmt("param xs = [" + elements + "]\n");
        assertEquals("param xs = [\n" + "  \"element\",\n".repeat(12) + "]\n", formatted);
    }

    @Test
    void longConditionsBreakInsideParentheses() {
        String formatted = fmt("step 1:\n  wait " + "aaaaaaaaaaaaaaaa and ".repeat(6) + "b timeout 5m\n");
        assertEquals("step 1:\n  wait (\n" + "    aaaaaaaaaaaaaaaa\n" + "    and aaaaaaaaaaaaaaaa\n".repeat(5)
                + "    and b\n  ) timeout 5m\n", formatted);
    }

    @Test
    void commentMarksAreKeptAsWritten() {
        String formatted = fmt("##   doc   \n#departs: tight\nparam x = 1\n");
        assertEquals("##   doc\n#departs: tight\nparam x = 1\n", formatted);
        List<Comment> comments = new ArrayList<>();
        AstWalker.comments(FmtTestSupport.parseClean("x", formatted).file(), comments::add);
        assertTrue(comments.get(1).isDeparture());
    }
}
