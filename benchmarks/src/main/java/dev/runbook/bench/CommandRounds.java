package dev.runbook.bench;

import dev.runbook.cli.Main;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * One command line run again and again in one JVM, its output thrown away, each round's wall time
 * printed: the first round is what a cold process pays for its work, the last ones what the same
 * work costs once the JVM has loaded and compiled it (docs/performance.md, "Lint and the Ansible
 * tools"). Run from the repository's root, so that relative paths resolve.
 *
 * <pre>
 * mvn -q -Pbench -DskipTests package
 * java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp benchmarks/target/benchmarks.jar dev.runbook.bench.CommandRounds 8 lint runbooks/
 * </pre>
 */
public final class CommandRounds {

    private CommandRounds() {}

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: CommandRounds ROUNDS COMMAND [ARG...]");
            System.exit(2);
        }
        int rounds = Integer.parseInt(args[0]);
        String[] command = Arrays.copyOfRange(args, 1, args.length);
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        for (int round = 1; round <= rounds; round++) {
            long start = System.nanoTime();
            int code = Main.run(command, nowhere, nowhere);
            System.out.printf(Locale.ROOT, "round %d: %.0f ms (exit %d)%n", round, (System.nanoTime() - start) / 1e6, code);
        }
    }
}
