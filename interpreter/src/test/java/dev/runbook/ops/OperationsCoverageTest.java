package dev.runbook.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.sim.SimRun;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every cache and OCMS command of the model has a declaration marked `# model: C-xx` in the stdlib. */
class OperationsCoverageTest {

    private static final Pattern MARKER = Pattern.compile("(?m)^# model: (C-\\d\\d(?:, C-\\d\\d)*)\\s*\\n(?:verb|query|builtin) ");

    @Test
    @DisplayName("C-22 to C-28, C-32 to C-41, C-48 to C-63 are declared and marked")
    void everyCommandIsDeclared() {
        Set<String> marked = new LinkedHashSet<>();
        for (String module : List.of("stdlib/timesten.rbk", "stdlib/cache.rbk", "stdlib/ocms.rbk")) {
            Matcher m = MARKER.matcher(SimRun.readRepoFile(module));
            while (m.find()) for (String id : m.group(1).split(", ")) marked.add(id);
        }
        List<String> missing = new ArrayList<>();
        for (int[] range : new int[][] {{22, 28}, {32, 41}, {48, 63}}) {
            for (int n = range[0]; n <= range[1]; n++) {
                String id = "C-" + n;
                if (!marked.contains(id)) missing.add(id);
            }
        }
        assertTrue(missing.isEmpty(), "no declaration marked for " + missing);
    }
}
