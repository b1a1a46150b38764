package dev.runbook.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.check.CheckResult;
import dev.runbook.check.Checker;
import dev.runbook.check.Library;
import dev.runbook.exec.Simulation;
import dev.runbook.source.Code;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.Source;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, defect 5: a positional argument spelled like one of the verb's keywords bound as that
 * keyword in the engine (the command said {@code DSN=unset}) while the checker found nothing.
 */
class ArgumentBindingTest {

    private static final String HEAD = """
            runbook bind "Binding"

            use timesten

            param active = master1 on "master1host"
            param standby = master2 on "master2host"

            """;

    private static CheckResult check(String steps) {
        return new Checker(new Library(List.of())).check(Source.of("bind.rbk", HEAD + steps));
    }

    private static List<String> commands(String steps) throws Exception {
        CheckResult checked = check(steps);
        assertFalse(checked.hasErrors(), () -> checked.diagnostics().toString());
        return Simulation.run(checked, Simulation.Options.defaults()).events().stream()
                .filter(e -> e instanceof Event.CommandIssued).map(e -> ((Event.CommandIssued) e).command()).toList();
    }

    @Test
    void aPositionalArgumentSpelledLikeAKeywordIsBoundByPosition() throws Exception {
        List<String> sent = commands("step 1 \"Create the pair\":\n  on standby.host: createPair standby standby active\n");
        assertEquals(1, sent.size(), sent::toString);
        assertTrue(sent.get(0).startsWith("ttIsql -connStr DSN=master2 "), sent::toString);
        assertTrue(sent.get(0).contains("CREATE ACTIVE STANDBY PAIR master2 ON \"master2host\", master1 ON \"master1host\""),
                sent::toString);
        assertFalse(sent.get(0).contains("unset"), sent::toString);
    }

    @Test
    void bracketsAroundThePositionalArgumentBindTheSame() throws Exception {
        assertEquals(commands("step 1 \"Create the pair\":\n  on standby.host: createPair standby standby active\n"),
                commands("step 1 \"Create the pair\":\n  on standby.host: createPair (standby) standby active\n"));
    }

    @Test
    void aKeywordLeftWithoutItsValueIsAnErrorWithItsPlace() {
        CheckResult checked = check("step 1 \"Create the pair\":\n  on standby.host: createPair standby standby\n");
        Diagnostic d = checked.diagnostics().stream().filter(x -> x.code() == Code.MISSING_ARGUMENT).findFirst().orElseThrow();
        assertEquals(9, d.span().line());
        assertEquals(39, d.span().column());
        assertTrue(d.message().contains("`standby` needs a value"), d::message);
    }

    @Test
    void aKeywordGivenTwiceIsAnError() {
        CheckResult checked = check("step 1 \"Create the pair\":\n  on standby.host: createPair standby standby active standby active\n");
        assertTrue(checked.diagnostics().stream().anyMatch(x -> x.code() == Code.DUPLICATE_NAME), () -> checked.diagnostics().toString());
    }
}
