package dev.runbook.cli;

import dev.runbook.ast.Durations;
import dev.runbook.engine.SecretSource;
import dev.runbook.exec.RunSetup;
import dev.runbook.exec.inventory.Inventory;
import dev.runbook.exec.inventory.InventoryException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options of a run on real hosts, the same for {@code run} and {@code repl -i}: the answers,
 * the journal, the hosts' keys, the secrets, the locks, the commands' timeout (docs/running.md).
 */
final class HostArgs {

    @Option(names = "--yes", description = "Answer yes to every confirmation (destructive steps, confirm lines); said in the output and the journal.")
    boolean yes;

    @Option(names = "--journal", paramLabel = "FILE",
            description = "Where to write the journal (default: journals/ID-DATE-TIME.jsonl in the current directory).")
    Path journalPath;

    @Option(names = "--accept-new-host-keys", description = "Add the key of a host that known_hosts does not have, as OpenSSH's StrictHostKeyChecking=accept-new; a changed key is still refused.")
    boolean acceptNewHostKeys;

    @Option(names = "--known-hosts", paramLabel = "FILE", description = "The known_hosts file (default: ~/.ssh/known_hosts).")
    Path knownHosts;

    @Option(names = "--secrets", paramLabel = "FILE", description = "A file of `param = secret` lines, readable by its owner only.")
    Path secrets;

    @Option(names = "--lock-dir", paramLabel = "DIR", description = "Where the per-host locks live (default: ~/.runbook/locks).")
    Path lockDir;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m",
            description = "How long a command may run when its verb declares no longer duration (default 30m), e.g. 90s, 1h.")
    String timeout;

    Path lockDir() {
        return lockDir != null ? lockDir : RunSetup.defaultLockDir();
    }

    /** The inventory, or the exit for usage with the reason. */
    static Inventory inventory(Path file, PrintWriter err) throws Programs.Exit {
        try {
            return Inventory.load(file);
        } catch (InventoryException e) {
            err.println("runbook: " + e.getMessage());
            throw new Programs.Exit(Main.USAGE);
        }
    }

    SecretSource secretSource(PrintWriter err) throws Programs.Exit {
        try {
            return RunSetup.secrets(secrets, System.console());
        } catch (SecretSource.Missing unsafe) {
            err.println("runbook: " + unsafe.getMessage());
            throw new Programs.Exit(Main.USAGE);
        }
    }

    /** --timeout, written as a duration literal of the language (90s, 30m, 2h). */
    Duration commandTimeout(PrintWriter err) throws Programs.Exit {
        long millis = Durations.parseMillis(timeout.trim());
        if (millis < 0) {
            err.println("runbook: --timeout " + timeout + ": write a duration such as 90s, 30m or 2h");
            throw new Programs.Exit(Main.USAGE);
        }
        return Duration.ofMillis(millis);
    }
}
