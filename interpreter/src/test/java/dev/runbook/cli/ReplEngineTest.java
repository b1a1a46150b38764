package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.check.Library;
import dev.runbook.check.StandardRunbooks;
import dev.runbook.exec.Simulation;
import dev.runbook.render.TraceText;
import dev.runbook.repl.ReplEngine;
import dev.runbook.repl.Request;
import dev.runbook.repl.Response;
import dev.runbook.repl.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The REPL engine without a terminal: what is incomplete input, what the prompt says, and, over
 * every standard runbook, that stepping through it ends as {@code simulate} ends and that
 * {@code back} retraces every step to the starting state.
 */
class ReplEngineTest {

    static ReplEngine engine() {
        return new ReplEngine(ReplCommand.loader(List.of(), new Library(List.of())), Target.simulation());
    }

    static Response eval(ReplEngine engine, String line) {
        return engine.handle(new Request.Eval(line));
    }

    static String text(Response r) {
        return Response.render(r);
    }

    @Test
    void aStatementThatGoesOnIsIncompleteNeverASyntaxError() {
        ReplEngine engine = engine();
        engine.start("asp-major-online-nocg", Map.of(), List.of());
        for (String open : List.of("on standby.host:", "on standby.host:\n  repStop standby", "for db in [active,", "manual \"half a",
                "if state master2 == STANDBY:", "on standby.host:  # a comment")) {
            assertInstanceOf(Response.Incomplete.class, eval(engine, open), open);
        }
        for (String done : List.of("on standby.host: repStop standby", "on standby.host:\n  repStop standby\n", "step", "break state master2 == STANDBY",
                "help", "where", "expect state master2 == STANDBY")) {
            assertFalse(engine.incomplete(done), done);
        }
    }

    @Test
    void thePromptSaysWhereTheRunIs() {
        ReplEngine engine = engine();
        assertEquals("sim> ", engine.prompt());
        engine.start("asp-patch-active-role-reversal", Map.of(), List.of());
        assertEquals("sim asp-patch-active-role-reversal 1-6> ", engine.prompt());
        eval(engine, "step");
        assertEquals("sim asp-patch-active-role-reversal 1-6/1> ", engine.prompt());
        eval(engine, "continue");
        assertEquals("sim asp-patch-active-role-reversal end> ", engine.prompt());
        ReplEngine failing = engine();
        failing.start("asp-major-online-nocg", Map.of(), List.of("agent master2 dies after step 9"));
        assertEquals("sim asp-major-online-nocg 9> ", failing.prompt());
        assertInstanceOf(Response.Stopped.class, eval(failing, "continue"));
        assertEquals("sim asp-major-online-nocg stopped> ", failing.prompt());
    }

    /** The state table as `state` prints it, without the time line (back restores the model's clock too, checked apart). */
    static String state(ReplEngine engine) {
        return text(eval(engine, "state"));
    }

    @TestFactory
    Stream<DynamicTest> everyStandardRunbookEndsAsSimulateSaysAndBackRetracesIt() {
        return StandardRunbooks.ids().stream().map(id -> DynamicTest.dynamicTest(id, () -> {
            ReplEngine engine = engine();
            Response loaded = engine.start(id, Map.of(), List.of());
            assertInstanceOf(Response.Output.class, loaded, text(loaded));
            List<String> states = new ArrayList<>();
            states.add(state(engine));
            Response last = null;
            int steps = 0;
            while (!engine.prompt().endsWith(" end> ") && !engine.prompt().endsWith(" stopped> ")) {
                last = eval(engine, "step");
                assertFalse(last instanceof Response.Error, text(last));
                states.add(state(engine));
                assertTrue(++steps < 500, "the run never ends");
            }
            Programs.Loaded program = Programs.load(id, List.of(), new java.io.PrintWriter(new java.io.StringWriter()));
            Simulation.Result simulated = Simulation.run(program.result(), Simulation.Options.defaults());
            assertEquals(simulated.ok(), engine.prompt().endsWith(" end> ") && last instanceof Response.Output,
                    "simulate says " + (simulated.ok() ? "ok" : "failed") + ", the REPL ended at: " + engine.prompt() + "\n" + text(last));
            StringBuilder table = new StringBuilder();
            TraceText.StateTable.render(table, simulated.finalState(), "  ");
            assertTrue(states.get(states.size() - 1).startsWith(table.toString()), "the end state differs from simulate's:\n"
                    + states.get(states.size() - 1) + "\nsimulate:\n" + table);
            for (int i = states.size() - 2; i >= 0; i--) {
                Response back = eval(engine, "back");
                assertInstanceOf(Response.Output.class, back, text(back));
                assertEquals(states.get(i), state(engine), id + ": back to stop " + i + " does not give the state that was there");
            }
            assertInstanceOf(Response.Error.class, eval(engine, "back"), "at the start there is nothing to undo");
        }));
    }
}
