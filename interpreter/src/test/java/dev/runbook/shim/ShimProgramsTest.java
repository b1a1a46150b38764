package dev.runbook.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runbook.ast.VerbClause;
import dev.runbook.check.CheckResult;
import dev.runbook.check.Vocabulary;
import dev.runbook.engine.CommandLine;
import dev.runbook.engine.CommandTemplate;
import dev.runbook.sim.SimRun;
import dev.runbook.sim.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every program that a verb or query of the stdlib starts has a shim, or is the shell's own. */
class ShimProgramsTest {

    /** Run by the host's shell itself, never by a program of the model: `sh -c` scripts, `cd`, `echo` into a pipe. */
    static final Set<String> SHELL = Set.of("sh", "cd", "echo");

    @Test
    void everyProgramTheStdlibStartsIsShimmed() {
        CheckResult all = SimRun.check("""
                module everything "The whole standard library"

                use timesten
                use ocms
                use cache
                """);
        List<Vocabulary.Callable> callables = new ArrayList<>(all.vocabulary().verbs().values());
        callables.addAll(all.vocabulary().queries().values());
        Set<String> started = new TreeSet<>();
        for (Vocabulary.Callable c : callables) {
            if (!c.item().clausesOf(VerbClause.SqlClause.class).isEmpty()) started.add("ttIsql");
            for (VerbClause.RunsClause r : c.item().clausesOf(VerbClause.RunsClause.class)) {
                started.addAll(programs(CommandTemplate.read(r.command(), i -> new Value.Str("x"))));
            }
        }
        Set<String> missing = new TreeSet<>(started);
        missing.removeAll(ShimCluster.PROGRAMS);
        missing.removeAll(SHELL);
        assertEquals(Set.of(), missing, "programs the stdlib starts without a shim (ShimCluster.PROGRAMS)");
        Set<String> unused = new TreeSet<>(ShimCluster.PROGRAMS);
        unused.removeAll(started);
        assertEquals(Set.of(), unused, "shims of programs no verb starts");
    }

    /** The program of each simple command of a line: its first word after `env` and its assignments, without a directory. */
    static List<String> programs(CommandLine line) {
        List<String> out = new ArrayList<>();
        boolean first = true;
        boolean afterEnv = false;
        for (CommandLine.Token t : line.tokens()) {
            if (t instanceof CommandLine.Operator) {
                first = true;
                continue;
            }
            if (!first) continue;
            StringBuilder text = new StringBuilder();
            for (CommandLine.Piece p : ((CommandLine.Word) t).pieces()) {
                if (p instanceof CommandLine.Text x) text.append(x.text());
                else if (p instanceof CommandLine.EnvVar v) text.append('$').append(v.name());
            }
            String word = text.toString();
            if (word.equals("env") || afterEnv && word.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                afterEnv = true;
                continue;
            }
            out.add(word.substring(word.lastIndexOf('/') + 1));
            first = false;
            afterEnv = false;
        }
        return out;
    }
}
