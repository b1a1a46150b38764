package dev.runbook.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.check.CheckResult;
import dev.runbook.engine.Event;
import dev.runbook.exec.Simulation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** `-p NAME=VALUE` gives a bool parameter a bool and a parameter of a model type one of its values, as the defaults are. */
class ParameterOverridesTest {

    static final String TEXT = """
            runbook overrides "A bool and an enumeration given on the command line"

            use timesten

            param standby = master2 on "master2host"
            param flag = false
            param policy: rampolicy = inUse

            step 1:
              if flag:
                expect policy == manual
              else:
                expect policy == inUse
              on standby.host: setRamPolicy standby to policy
            """;

    static SimRun run(Map<String, String> params) {
        return SimRun.of(TEXT, new Simulation.Options(params, null, List.of(), 0));
    }

    @Test
    @DisplayName("-p flag=true is true and -p policy=manual the value `manual`, as `true` and `manual` written as defaults are")
    void boolAndEnumerationValues() {
        run(Map.of()).assertOk().assertField("master2", "ramPolicy", "inUse");
        run(Map.of("flag", "true", "policy", "manual")).assertOk().assertField("master2", "ramPolicy", "manual");
        SimRun onlyFlag = run(Map.of("flag", "true"));
        assertEquals(1, onlyFlag.events(Event.ExpectFailed.class).size(), "flag=true with policy left inUse: " + onlyFlag.trace());
    }

    @Test
    @DisplayName("-p refuses a bool that is neither true nor false, and a value the enumeration does not have")
    void refused() {
        CheckResult checked = SimRun.check(TEXT);
        InitialState.Problem bool = assertThrows(InitialState.Problem.class,
                () -> Simulation.start(checked, new Simulation.Options(Map.of("flag", "yes"), null, List.of(), 0)));
        assertTrue(bool.getMessage().contains("-p flag: \"yes\" is not a bool: write true or false"), bool.getMessage());
        InitialState.Problem enumeration = assertThrows(InitialState.Problem.class,
                () -> Simulation.start(checked, new Simulation.Options(Map.of("policy", "sometimes"), null, List.of(), 0)));
        assertTrue(enumeration.getMessage().contains("-p policy: \"sometimes\" is not one of manual, always, inUse"), enumeration.getMessage());
    }
}
