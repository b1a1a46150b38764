package dev.runbook.bench;

import java.lang.management.ManagementFactory;

/**
 * The REPL's {@code step} in simulation, as CPU time of the whole process per step beside wall
 * time: on a machine shared with other builds, the wall time of {@link ReplStepBenchmark} mostly
 * measures the waits for a core, the CPU time what a step costs. 2,000 steps of warm-up, then five
 * rounds of 1,000 (restarts included when the run ends).
 *
 * <pre>
 * mvn -q -Pbench -DskipTests package
 * java -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar dev.runbook.bench.ReplStepCpu asp-major-online-nocg
 * </pre>
 */
public final class ReplStepCpu {

    private ReplStepCpu() {}

    public static void main(String[] args) {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ReplStepBenchmark b = new ReplStepBenchmark();
        b.runbook = args.length > 0 ? args[0] : "asp-major-online-nocg";
        b.load();
        for (int i = 0; i < 2000; i++) b.step();
        int n = 1000;
        for (int round = 1; round <= 5; round++) {
            long cpu = os.getProcessCpuTime();
            long wall = System.nanoTime();
            for (int i = 0; i < n; i++) b.step();
            System.out.printf("%s round %d: %.3f ms CPU per step, %.3f ms wall%n", b.runbook, round,
                    (os.getProcessCpuTime() - cpu) / 1e6 / n, (System.nanoTime() - wall) / 1e6 / n);
        }
    }
}
