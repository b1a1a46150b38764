package dev.runbook.bench;

import dev.runbook.check.CheckResult;
import dev.runbook.exec.Explorer;
import dev.runbook.exec.Simulation;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;

/**
 * The aim "simulate every standard runbook and explore every single fault of each in under 2 s, in
 * one process", measured once, cold: from the start of {@code main} it checks each
 * {@code runbooks/*.rbk} (parsing it and the modules it uses), simulates it, and explores it, then
 * prints the time in {@code main} and since the JVM started, and the number of fault points.
 *
 * <pre>
 * mvn -q -Pbench -DskipTests package
 * java -cp benchmarks/target/benchmarks.jar dev.runbook.bench.AllInOneProcess [--sequential]
 * </pre>
 * The exploration runs its simulations on the common fork-join pool, or on one thread with {@code --sequential}.
 * Exit code 0 when the time since the JVM started is under the aim, 1 otherwise.
 */
public final class AllInOneProcess {

    static final long AIM_MILLIS = 2_000;

    private AllInOneProcess() {}

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        boolean parallel = !java.util.Arrays.asList(args).contains("--sequential");
        Map<String, CheckResult> programs = SimulateBenchmark.standardRunbooks(Corpus.findRoot());
        long checked = System.nanoTime();
        int clean = 0;
        for (CheckResult program : programs.values()) {
            if (Simulation.run(program, Simulation.Options.defaults()).ok()) clean++;
        }
        long simulated = System.nanoTime();
        int points = 0;
        int resumed = 0;
        int safe = 0;
        int unsafe = 0;
        int stuck = 0;
        StringBuilder each = new StringBuilder();
        for (Map.Entry<String, CheckResult> e : programs.entrySet()) {
            Explorer.Report r = Explorer.explore(e.getValue(), Simulation.Options.defaults(), parallel);
            points += r.tried();
            resumed += r.resumed();
            safe += r.count(Explorer.Outcome.SAFE);
            unsafe += r.count(Explorer.Outcome.UNSAFE);
            stuck += r.count(Explorer.Outcome.STUCK);
            each.append(String.format(Locale.ROOT, "  %s: %d fault points (%d safe, %d unsafe, %d stuck) (%d resumed from the run without a fault)%n", e.getKey(), r.tried(),
                    r.count(Explorer.Outcome.SAFE), r.count(Explorer.Outcome.UNSAFE), r.count(Explorer.Outcome.STUCK), r.resumed()));
        }
        long explored = System.nanoTime();
        long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();

        System.out.print(each);
        System.out.printf(Locale.ROOT, "%d standard runbooks (%d simulate clean), %d fault points (%d safe, %d unsafe, %d stuck), %d of them resumed from the run without a fault%n",
                programs.size(), clean, points, safe, unsafe, stuck, resumed);
        System.out.printf(Locale.ROOT, "in main: %d ms (check %d ms, simulate %d ms, explore %s %d ms); since the JVM started: %d ms%n",
                ms(explored - start), ms(checked - start), ms(simulated - checked), parallel ? "in parallel" : "on one thread",
                ms(explored - simulated), sinceJvmStart);
        System.out.printf(Locale.ROOT, "aim (under %d ms in one process, JVM start included): %s%n", AIM_MILLIS,
                sinceJvmStart < AIM_MILLIS ? "met" : "NOT met");
        System.exit(sinceJvmStart < AIM_MILLIS ? 0 : 1);
    }

    private static long ms(long nanos) {
        return Math.round(nanos / 1e6);
    }
}
