package dev.runbook.exec;

import dev.runbook.check.CheckResult;
import dev.runbook.engine.Event;
import dev.runbook.engine.SecretSource;
import dev.runbook.exec.inventory.Inventory;
import dev.runbook.exec.journal.Journal;
import dev.runbook.exec.ssh.SshTransport;
import dev.runbook.sim.InitialState;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a run on real hosts sets up before its first command: the rehearsal that must end well, the
 * journal with its header and locks, the secrets, the SSH transport. `run` and the REPL on real
 * hosts (`repl -i`) both start this way, so that a REPL session's journal is one `run --resume`
 * continues.
 */
public final class RunSetup {

    private RunSetup() {}

    /** Why a run does not start: bad input, a host missing from the inventory, a journal or host in use (usage). */
    public static class Refusal extends Exception {
        public Refusal(String message) {
            super(message, null, false, false);
        }
    }

    /** The rehearsal does not end well (findings): {@code result} says why; render.RunText.notRun says it as `run` does. */
    public static final class NotWell extends Refusal {
        private final transient Simulation.Result result;

        NotWell(Simulation.Result result) {
            super("the simulation does not end well, so nothing was run");
            this.result = result;
        }

        public Simulation.Result result() {
            return result;
        }
    }

    /**
     * The rehearsal: a run starts only what its simulation says ends well, and only on hosts the
     * inventory has. Returns the hosts the runbook sends commands to, in the order it first does.
     */
    public static List<String> rehearse(CheckResult program, Map<String, String> params, Inventory hosts, Path inventoryPath) throws Refusal {
        Simulation.Result rehearsal;
        try {
            rehearsal = Simulation.run(program, new Simulation.Options(params, null, List.of(), 0));
        } catch (InitialState.Problem p) {
            throw new Refusal(p.getMessage() + (p.hint() == null ? "" : "\n  hint: " + p.hint()));
        }
        if (!rehearsal.ok()) throw new NotWell(rehearsal);
        Set<String> used = new LinkedHashSet<>();
        for (Event e : rehearsal.events()) {
            if (e instanceof Event.CommandIssued c && !c.kind().equals("manual") && !c.host().isEmpty()) used.add(c.host());
        }
        List<String> missing = used.stream().filter(h -> hosts.host(h).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new Refusal(inventoryPath + " has no host " + String.join(", ", missing) + ", which the runbook runs commands on;"
                    + " nothing was run\n  hint: add a line for each (its address, port and user), or give the parameters the hosts of the inventory with -p");
        }
        return new ArrayList<>(used);
    }

    /** Where a run's journal goes unless told: journals/ID-DATE-TIME.jsonl in the current directory. */
    public static Path journalFile(String id) {
        return Path.of("journals", id + "-" + stamp() + ".jsonl");
    }

    /** The date and time in journal and log names: 20261205-125103. */
    public static String stamp() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }

    /** Where the per-host locks live unless told: ~/.runbook/locks. */
    public static Path defaultLockDir() {
        return Path.of(System.getProperty("user.home"), ".runbook", "locks");
    }

    /**
     * Opens the journal of a run of {@code program} on {@code hosts}, with the header every run
     * writes (a resumed run's journal gets a {@code resumed} entry), its locks taken; Ctrl-C or
     * SIGTERM is journaled before the process ends.
     */
    public static Journal openJournal(Path file, CheckResult program, String display, String text, Map<String, String> params,
                                      Path inventoryPath, List<String> hosts, String tool, Path lockDir) throws Refusal {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("runbook", program.file().declaredName());
        header.put("file", display);
        header.put("sha256", sha256(text));
        header.put("params", new LinkedHashMap<String, Object>(params));
        header.put("inventory", inventoryPath.toString());
        header.put("hosts", new ArrayList<Object>(hosts));
        header.put("user", System.getProperty("user.name"));
        header.put("tool", tool);
        Journal journal;
        try {
            journal = Journal.open(file, header, hosts, lockDir);
        } catch (Journal.Refused refused) {
            throw new Refusal(refused.getMessage());
        }
        journal.closeOnExit();
        return journal;
    }

    /** The SHA-256 of a runbook's text, as the journal's header records it (a resume checks the runbook did not change). */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Where a credential's secret comes from, the first found: the environment
     * (RUNBOOK_SECRET_NAME), {@code file} (null: none), a no-echo prompt on {@code console} (null: none).
     */
    public static SecretSource secrets(Path file, Console console) throws SecretSource.Missing {
        SecretSource fromFile = file == null ? param -> Optional.empty() : SecretSource.file(file);
        return SecretSource.firstOf(SecretSource.environment(System::getenv), fromFile, SecretSource.prompt(console));
    }

    /** The SSH transport to the inventory's hosts; IOException when the SSH configuration cannot be read. */
    public static Transport ssh(Inventory hosts, Path knownHosts, boolean acceptNewHostKeys) throws IOException {
        SshTransport.Options options = SshTransport.Options.defaults(System::getenv).acceptingNewHostKeys(acceptNewHostKeys);
        if (knownHosts != null) options = options.withKnownHosts(knownHosts);
        return new SshTransport(hosts, options);
    }
}
