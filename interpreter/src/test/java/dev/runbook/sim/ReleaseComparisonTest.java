package dev.runbook.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.check.CheckResult;
import dev.runbook.check.Checker;
import dev.runbook.check.Library;
import dev.runbook.check.Releases;
import dev.runbook.check.Type;
import dev.runbook.engine.Event;
import dev.runbook.exec.Simulation;
import dev.runbook.source.Code;
import dev.runbook.source.Source;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, defect 6: releases compared as text ({@code "9.1" < "10.1"} was false, and so was
 * {@code from < "11.2.1"} with {@code from = "7.0"}), so a guarded step was skipped and the
 * simulation still said ok.
 */
class ReleaseComparisonTest {

    private static final String HEAD = """
            runbook releases "Releases"

            use timesten

            param standby = master2 on "master2host"
            """;

    private static CheckResult check(String rest) {
        return new Checker(new Library(List.of())).check(Source.of("releases.rbk", HEAD + rest));
    }

    /** The commands the simulation sent, with the given parameter overrides. */
    private static List<String> commands(String rest, Map<String, String> params) throws Exception {
        CheckResult checked = check(rest);
        assertFalse(checked.hasErrors(), () -> checked.diagnostics().toString());
        Simulation.Result result = Simulation.run(checked, new Simulation.Options(params, null, List.of(), 0));
        assertTrue(result.ok(), () -> result.events().toString());
        return result.events().stream().filter(e -> e instanceof Event.CommandIssued)
                .map(e -> ((Event.CommandIssued) e).command()).toList();
    }

    private static final String GUARDED = """
            param from = "7.0"

            step 1 "Before 11.2.1 only":
              if from < "11.2.1":
                on standby.host: setRepPolicy standby to manual
            """;

    @Test
    void aReleaseParameterOrdersPartByPartAsNumbers() throws Exception {
        assertEquals(List.of("ttAdmin -repPolicy manual master2"), commands(GUARDED, Map.of()));
    }

    @Test
    void aReleaseGivenOnTheCommandLineOrdersTheSame() throws Exception {
        assertEquals(List.of("ttAdmin -repPolicy manual master2"), commands(GUARDED, Map.of("from", "9.1")));
        assertEquals(List.of(), commands(GUARDED, Map.of("from", "11.2.1")));
        assertEquals(List.of(), commands(GUARDED, Map.of("from", "22.1")));
    }

    @Test
    void twoReleaseLiteralsOrderAsReleases() throws Exception {
        assertEquals(List.of("ttAdmin -repPolicy manual master2"), commands("""

                step 1 "Always":
                  if "9.1" < "10.1":
                    on standby.host: setRepPolicy standby to manual
                """, Map.of()));
    }

    @Test
    void aParameterOrderedOrPassedAsAReleaseIsOne() {
        CheckResult checked = check("""
                param from = "7.0"
                param release = "22.1"
                param file = "master2.bak"

                step 1 "Install":
                  if from < "11.2.1":
                    on standby.host: install release
                  on standby.host: migrateOut standby to file
                """);
        assertFalse(checked.hasErrors(), () -> checked.diagnostics().toString());
        assertEquals(Type.Prim.RELEASE, checked.vocabulary().paramTypes().get("from"));
        assertEquals(Type.Prim.RELEASE, checked.vocabulary().paramTypes().get("release"));
        assertEquals(Type.Prim.STRING, checked.vocabulary().paramTypes().get("file"));
    }

    @Test
    void aReleaseComparedWithAStringIsAnErrorWithAHint() {
        CheckResult checked = check("""
                param target: string = "22.1"

                expect standby.release == target
                """);
        var d = checked.diagnostics().stream().filter(x -> x.code() == Code.RELEASE_AS_TEXT).findFirst().orElseThrow();
        assertEquals(8, d.span().line());
        assertTrue(d.hint().contains("release"), d::hint);
    }

    @Test
    void aLiteralThatIsNotAReleaseWhereOneIsExpectedIsAnError() {
        CheckResult checked = check("""
                expect standby.major < "22.x"
                """);
        assertTrue(checked.diagnostics().stream().anyMatch(x -> x.code() == Code.TYPE_MISMATCH
                && x.message().contains("not a release")), () -> checked.diagnostics().toString());
    }

    @Test
    void releasesCompareByTheirNumbersAndAMissingPartIsZero() {
        assertTrue(Releases.compare(Releases.parts("9.1"), Releases.parts("10.1")) < 0);
        assertTrue(Releases.compare(Releases.parts("7.0"), Releases.parts("11.2.1")) < 0);
        assertTrue(Releases.compare(Releases.parts("22.1"), Releases.parts("22.1.1.2")) < 0);
        assertEquals(0, Releases.compare(Releases.parts("22.1"), Releases.parts("22.1.0")));
        assertFalse(Releases.isRelease(""));
        assertFalse(Releases.isRelease("22."));
        assertFalse(Releases.isRelease("v22.1"));
    }
}
