package dev.runbook.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.exec.Simulation;
import dev.runbook.sim.Fault;
import dev.runbook.sim.SimRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A fault that names one pass of a loop: {@code fail step 1 for s2}. */
class LoopPassFaultTest {

    private static final String RUNBOOK = """
            runbook t "one step, a loop over two subscribers"
            use timesten

            param a = master1 on "master1host"
            param subs = [s1 on "h1", s2 on "h2"]

            step 1 "Stop every subscriber":
              for sub in subs:
                on sub.host: repStop sub
            step 2 "Start them again":
              for sub in subs:
                on sub.host: repStart sub
            """;

    private static List<String> run(String fault) {
        SimRun run = SimRun.of(RUNBOOK, new Simulation.Options(Map.of(), null, List.of(Fault.parse(fault)), 0));
        List<String> out = new ArrayList<>();
        for (Event e : run.events()) {
            if (e instanceof Event.CommandIssued c) out.add(c.command());
            else if (e instanceof Event.CommandFailed c) out.add("failed: " + c.message());
            else if (e instanceof Event.FaultInjected f) out.add("fault: " + f.fault());
            else if (e instanceof Event.PreconditionFailed p) out.add("refused: " + p.verb());
        }
        return out;
    }

    @Test
    void aFailingCommandInTheSecondPass() {
        assertEquals(List.of("ttAdmin -repStop s1", "ttAdmin -repStop s2", "failed: the command failed on h2 (injected fault)"),
                run("fail step 1 for s2"));
    }

    @Test
    void boundaryFaultsBeforeAndAfterAPass() {
        assertEquals(List.of("ttAdmin -repStop s1", "fault: agent s2 dies before step 1 for s2", "ttAdmin -repStop s2"),
                run("agent s2 dies before step 1 for s2").subList(0, 3));
        List<String> crash = run("crash h1 after step 2 for s1");
        assertEquals(List.of("ttAdmin -repStop s1", "ttAdmin -repStop s2", "ttAdmin -repStart s1", "fault: crash h1 after step 2 for s1",
                "ttAdmin -repStart s2"), crash.subList(0, 5));
    }

    @Test
    void aPassTheLoopNeverMakesFiresNothing() {
        List<String> events = run("fail step 1 for s3");
        assertFalse(events.stream().anyMatch(e -> e.startsWith("failed") || e.startsWith("fault")), events.toString());
    }

    @Test
    void theFaultReadsBackAsWritten() {
        Fault f = Fault.parse("Partition h1 h2 after step 1 heal after step 2 FOR s2");
        assertEquals("s2", f.pass());
        assertEquals("partition h1 h2 after step 1 heal after step 2 for s2", f.spec());
        assertEquals(f, Fault.parse(f.spec()));
        assertTrue(Fault.parse("fail step 3").pass() == null);
    }
}
