package dev.runbook.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.check.CheckResult;
import dev.runbook.check.Checker;
import dev.runbook.check.Library;
import dev.runbook.engine.Event;
import dev.runbook.exec.Explorer;
import dev.runbook.exec.Simulation;
import dev.runbook.source.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A site's module declares invariants of its own; simulate and explore check them like the standard ones. */
class DeclaredInvariantsTest {

    @TempDir
    Path dir;

    private static final String SITE = """
            module site "This site's rules"

            use timesten
            use ocms

            invariant SITE-1 "at least two OCMS nodes serve calls":
              requires (count h in hosts: h.up and h.ocms == running and h.opmnRunning) >= 2 else "fewer than two OCMS nodes serve calls"

            invariant SITE-2 "no subscriber without its agent":
              requires all d in databases: d.role != subscriber or d.rep == up else "${d.name} on ${d.host.name} has no replication agent"
            """;

    private CheckResult check(String runbook) throws Exception {
        Files.writeString(dir.resolve("site.rbk"), SITE);
        Path file = dir.resolve("t.rbk");
        Files.writeString(file, runbook);
        CheckResult r = new Checker(new Library(List.of())).check(Source.read(file, "t.rbk"));
        assertFalse(r.hasErrors(), () -> r.diagnostics().toString());
        return r;
    }

    private static final String STOP_TWO_NODES = """
            runbook stop-nodes "Stop the SIP container on every node"
            use ocms
            use site

            param node1 = host "node1.example.com"
            param node2 = host "node2.example.com"
            param node3 = host "node3.example.com"

            step 1 "Stop node 1":
              on node1: stopOcms
            step 2 "Stop node 2":
              on node2: stopOcms
            step 3 "Stop node 3":
              on node3: stopOcms
            """;

    @Test
    void aSiteRuleStopsTheRunAtTheStepThatBreaksIt() throws Exception {
        Simulation.Result result = Simulation.run(check(STOP_TWO_NODES), Simulation.Options.defaults());
        assertFalse(result.ok());
        Event.InvariantViolated v = result.events().stream().filter(e -> e instanceof Event.InvariantViolated)
                .map(e -> (Event.InvariantViolated) e).findFirst().orElseThrow();
        assertEquals("SITE-1", v.id());
        assertEquals("2", v.label());
        assertEquals("at least two OCMS nodes serve calls", v.rule());
        assertEquals("fewer than two OCMS nodes serve calls", v.message());
    }

    @Test
    void theMessageNamesTheInstanceThatBreaksAnAll() throws Exception {
        Simulation.Result result = Simulation.run(check("""
                runbook stop-sub "Stop a subscriber's agent"
                use timesten
                use site

                param active = master1 on "master1host"
                param standby = master2 on "master2host"
                param sub = subscriber1 on "subscriber1host"

                step 1:
                  on sub.host: repStop sub
                """), Simulation.Options.defaults());
        Event.InvariantViolated v = result.events().stream().filter(e -> e instanceof Event.InvariantViolated)
                .map(e -> (Event.InvariantViolated) e).findFirst().orElseThrow();
        assertEquals("SITE-2", v.id());
        assertEquals("subscriber1 on subscriber1host has no replication agent", v.message());
    }

    @Test
    void exploreCountsARunThatBreaksASiteRuleAsUnsafe() throws Exception {
        // one node stopped of three: safe as written, unsafe when another node crashes meanwhile
        CheckResult program = check(STOP_TWO_NODES.substring(0, STOP_TWO_NODES.indexOf("step 2")));
        assertTrue(Simulation.run(program, Simulation.Options.defaults()).ok());
        Explorer.Report report = Explorer.explore(program, Simulation.Options.defaults());
        List<Explorer.Row> unsafe = report.rows().stream().filter(r -> "SITE-1".equals(r.invariant())).toList();
        assertFalse(unsafe.isEmpty(), report.rows().toString());
        assertTrue(unsafe.stream().anyMatch(r -> r.spec().startsWith("crash node")), unsafe.toString());
    }

    @Test
    void aSiteRuleCannotTakeAStandardId() throws Exception {
        Files.writeString(dir.resolve("site.rbk"), SITE.replace("SITE-1", "I-01"));
        Path file = dir.resolve("t.rbk");
        Files.writeString(file, STOP_TWO_NODES);
        CheckResult r = new Checker(new Library(List.of())).check(Source.read(file, "t.rbk"));
        InitialState.Problem e = assertThrows(InitialState.Problem.class, () -> Simulation.run(r, Simulation.Options.defaults()));
        assertTrue(e.getMessage().matches("(?s).*site\\.rbk:\\d+:\\d+: invariant I-01 has the id of another rule \\(.*timesten\\.rbk:\\d+:\\d+\\).*"),
                e.getMessage());
    }
}
