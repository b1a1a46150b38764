package dev.runbook.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runbook.check.CheckResult;
import dev.runbook.check.Checker;
import dev.runbook.check.Library;
import dev.runbook.source.Source;
import java.util.List;
import java.util.Map;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

/** The highlighting of input: REPL commands bold, keywords blue, verbs green, state names magenta, strings yellow, comments faint. */
class ColoursTest {

    static ReplEngine loaded() {
        Checker checker = new Checker(new Library(List.of()));
        Loader loader = new Loader() {
            @Override
            public Loaded load(String argument) {
                String name = "runbook-lib/runbooks/" + argument + ".rbk";
                Source source = Source.of("<builtin>/runbooks/" + argument + ".rbk", Library.readResource(name).orElseThrow());
                return new Loaded(argument, source.name(), checker.check(source));
            }

            @Override
            public CheckResult check(Source source) {
                return checker.check(source);
            }

            @Override
            public List<String> ids() {
                return List.of("asp-major-online-nocg");
            }
        };
        ReplEngine engine = new ReplEngine(loader, Target.simulation());
        engine.start("asp-major-online-nocg", Map.of(), List.of());
        return engine;
    }

    /** The style of each character, as one letter: b bold, k keyword, v verb, s state name, q string, c comment, . plain. */
    static String styles(AttributedString a) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < a.length(); i++) {
            AttributedStyle s = a.styleAt(i);
            if (s.equals(AttributedStyle.BOLD)) out.append('b');
            else if (s.equals(AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE))) out.append('k');
            else if (s.equals(AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN))) out.append('v');
            else if (s.equals(AttributedStyle.DEFAULT.foreground(AttributedStyle.MAGENTA))) out.append('s');
            else if (s.equals(AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW))) out.append('q');
            else if (s.equals(AttributedStyle.DEFAULT.faint())) out.append('c');
            else out.append('.');
        }
        return out.toString();
    }

    @Test
    void eachKindOfWordHasItsColour() {
        ReplTerminal.Colours colours = new ReplTerminal.Colours(loaded());
        String line = "on standby.host: repStop standby # why";
        assertEquals(line.length(), colours.highlight(null, line).length());
        assertEquals("kk" + ".".repeat(15) + "vvvvvvv" + ".".repeat(9) + "ccccc", styles(colours.highlight(null, line)));
        assertEquals("bbbbb.vvvvv" + ".".repeat(12) + "sssssss", styles(colours.highlight(null, "break state master2 == STANDBY")));
        assertEquals("kkkkkk.qqqqqqqqqq", styles(colours.highlight(null, "manual \"a string\"")));
        assertEquals("......", styles(colours.highlight(null, "nobody")), "a word the REPL does not know is plain");
    }
}
