package dev.runbook.shim;

import dev.runbook.check.CheckResult;
import dev.runbook.check.Checker;
import dev.runbook.check.Library;
import dev.runbook.engine.Backend;
import dev.runbook.exec.SimulatedBackend;
import dev.runbook.sim.ModelState;
import dev.runbook.sim.ModelStateFile;
import dev.runbook.sim.Physics;
import dev.runbook.source.Source;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A simulated TimesTen cluster for real processes: the model's state in one file of a directory
 * that every host shares, and per host a directory of command shims ({@code ttAdmin},
 * {@code ttIsql}, ... see {@link #PROGRAMS}) that act on it (docs/shims.md). A shim finds the
 * stdlib verb or query whose command line it was given ({@link CommandMatcher}), checks that it
 * runs on that verb's host, and applies its preconditions and effects with the simulator's own
 * code ({@link SimulatedBackend#perform}), under a file lock, since the hosts of a fleet run
 * commands at once.
 *
 * <p>Time: each command moves the model's clock by its declared duration, as in a simulation;
 * queries take none; {@link #elapse} lets time pass (a driver's wait between two polls). With a
 * time scale above 0 ({@link #create}), the real time between two commands also passes, scaled.
 */
public final class ShimCluster {

    /** The programs the stdlib's verbs and queries start, shimmed. */
    public static final List<String> PROGRAMS = List.of("ttAdmin", "ttIsql", "ttRepAdmin", "ttDestroy", "ttMigrate", "ttBackup",
            "ttRestore", "ttStatus", "ttDaemonAdmin", "ttmodinstall", "opmnctl", "sqlplus", "perl", "rm", "sleep");
    /**
     * Shimmed programs that also have a life of their own on a host: an invocation that is no verb's
     * runs the real program found after the shims in PATH.
     */
    public static final List<String> PASS_THROUGH = List.of("perl", "rm", "sleep");

    static final String STATE = "cluster.state";
    static final String ENV_HOST = "RUNBOOK_SHIM_HOST";
    static final String ENV_STATE = "RUNBOOK_SHIM_STATE";

    private final Path dir;

    private ShimCluster(Path dir) {
        this.dir = dir;
    }

    /** The files of one host's shims. {@code environment}: the variables its commands run with (also exported by {@code envScript}). */
    public record HostShims(String host, Path home, Path bin, Path envScript, Map<String, String> environment) {}

    /**
     * A cluster in {@code dir} (created) starting at {@code initial}, whose shims read the verbs of
     * {@code runbook} checked against {@code libDirs} (the vocabulary the state was made with).
     * {@code timeScale}: 0 for declared durations only; N to also let N times the real time pass.
     */
    public static ShimCluster create(Path dir, Path runbook, List<Path> libDirs, ModelState initial, double timeScale) throws IOException {
        dir = dir.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("runbook", runbook.toAbsolutePath().toString());
        extra.put("libs", String.join(File.pathSeparator, libDirs.stream().map(p -> p.toAbsolutePath().toString()).toList()));
        extra.put("timeScale", Double.toString(timeScale));
        extra.put("lastReal", Long.toString(System.currentTimeMillis()));
        Files.writeString(dir.resolve(STATE), ModelStateFile.write(initial, extra), StandardCharsets.UTF_8);
        return new ShimCluster(dir);
    }

    public static ShimCluster open(Path dir) {
        dir = dir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve(STATE))) throw new IllegalArgumentException("no shim cluster in " + dir);
        return new ShimCluster(dir);
    }

    public Path dir() {
        return dir;
    }

    /**
     * Generates the shims of {@code host} under {@code dir/hosts/HOST}: {@code bin/} with one script
     * per program (first in PATH), {@code $TT_HOME/bin} = that same {@code bin/}, and
     * {@code $ORACLE_HOME/opmn/bin/opmnctl}; and {@code env.sh}, which an inventory's environment
     * script sources. Each script runs {@code java -cp CLASSPATH dev.runbook.shim.Shim PROGRAM "$@"}
     * with this host's name and the state directory written into it.
     */
    public HostShims install(String host) throws IOException {
        if (!host.matches("[A-Za-z0-9_.-]+")) throw new IllegalArgumentException("not a host name for shims: " + host);
        Path home = dir.resolve("hosts").resolve(host).toAbsolutePath();
        Path bin = home.resolve("bin");
        Path opmn = home.resolve("oracle_home/opmn/bin");
        Files.createDirectories(bin);
        Files.createDirectories(opmn);
        Files.createDirectories(home.resolve("lib"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String program : PROGRAMS) {
            String script = "#!/bin/sh\n"
                    + "# TimesTen command shim of " + host + " (docs/shims.md): the model acts in place of " + program + "\n"
                    + ENV_HOST + "=" + sh(host) + " " + ENV_STATE + "=" + sh(dir.toAbsolutePath().toString())
                    + " exec " + sh(java) + " -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp "
                    + sh(System.getProperty("java.class.path")) + " dev.runbook.shim.ShimClient " + program + " \"$@\"\n";
            executable(bin.resolve(program), script);
            if (program.equals("opmnctl")) executable(opmn.resolve(program), script);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", bin + File.pathSeparator + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("TT_HOME", home.toString());
        env.put("TIMESTEN_HOME", home.toString());
        env.put("ORACLE_HOME", home.resolve("oracle_home").toString());
        StringBuilder envScript = new StringBuilder("# environment of the TimesTen shims of " + host + " (docs/shims.md)\n");
        envScript.append("PATH=").append(sh(bin.toString())).append(":\"$PATH\"; export PATH\n");
        for (String name : List.of("TT_HOME", "TIMESTEN_HOME", "ORACLE_HOME")) {
            envScript.append(name).append('=').append(sh(env.get(name))).append("; export ").append(name).append('\n');
        }
        Path envFile = home.resolve("env.sh");
        Files.writeString(envFile, envScript.toString(), StandardCharsets.UTF_8);
        return new HostShims(host, home, bin, envFile, env);
    }

    /** The shims of several hosts at once, by host name. */
    public Map<String, HostShims> install(List<String> hosts) throws IOException {
        Map<String, HostShims> out = new LinkedHashMap<>();
        for (String h : hosts) out.put(h, install(h));
        return out;
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A word for sh, in single quotes. */
    static String sh(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The cluster's state now. */
    public ModelState state() {
        return locked(world -> world.state);
    }

    /** Lets {@code millis} of model time pass (the model's physics moves: a standby catches up). */
    public void elapse(long millis) {
        locked(world -> {
            Physics.advance(world.state, millis);
            world.dirty = true;
            return null;
        });
    }

    /**
     * The operator does what a verb's {@code manual} instruction says ({@code install}, {@code
     * pauseApplications}), as the plan printed it, on {@code host} (the plan's host of the
     * instruction; "operator" when it names none): its preconditions and effects as in a
     * simulation. Returns the failure, or null.
     */
    public String operator(String host, String instruction) {
        return locked(world -> {
            CommandMatcher matcher = new CommandMatcher(world.program, world.state, host, System::getenv);
            List<CommandMatcher.Match> matches = matcher.findManual(instruction);
            if (matches.isEmpty()) return "no stdlib verb has the instruction: " + instruction;
            return perform(world, matches).failure();
        });
    }

    /** The verb that ran (null if none could), or the first failure. */
    record Performed(CommandMatcher.Match done, String failure) {}

    /**
     * Performs the first of {@code matches} whose preconditions hold, with the simulator's own code:
     * preconditions, effects, then the verb's declared duration of model time.
     */
    static Performed perform(World world, List<CommandMatcher.Match> matches) {
        SimulatedBackend backend = new SimulatedBackend(world.program.vocabulary(), world.state, 0);
        String failure = null;
        for (CommandMatcher.Match m : matches) {
            Backend.Outcome outcome = backend.perform(m.callable(), m.env(), m.command());
            if (outcome.ok()) {
                world.dirty = true;
                return new Performed(m, null);
            }
            if (failure == null) failure = outcome.message();
        }
        return new Performed(null, failure);
    }

    /** Everything one invocation needs: the checked program, the state, and whether it changed. */
    static final class World {
        final CheckResult program;
        final ModelState state;
        final Map<String, String> extra;
        boolean dirty;

        World(CheckResult program, ModelState state, Map<String, String> extra) {
            this.program = program;
            this.state = state;
            this.extra = extra;
        }
    }

    /** A file lock is held per JVM: threads of one JVM (a test driving shims in-process) take turns here first. */
    private static final Object IN_THIS_JVM = new Object();

    /** Runs {@code action} on the state with the file locked, and writes the state back when the action changed it. */
    <T> T locked(Function<World, T> action) {
        synchronized (IN_THIS_JVM) {
            return lockedFile(action);
        }
    }

    private <T> T lockedFile(Function<World, T> action) {
        Path file = dir.resolve(STATE);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"); FileChannel channel = raf.getChannel();
             FileLock lock = channel.lock()) {
            byte[] bytes = new byte[(int) channel.size()];
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) { /* read it all */ }
            ModelStateFile.Read read = ModelStateFile.read(new String(bytes, StandardCharsets.UTF_8));
            World world = new World(program(read.extra()), read.state(), new LinkedHashMap<>(read.extra()));
            passRealTime(world);
            T result = action.apply(world);
            if (world.dirty) {
                byte[] out = ModelStateFile.write(world.state, world.extra).getBytes(StandardCharsets.UTF_8);
                channel.truncate(0);
                ByteBuffer w = ByteBuffer.wrap(out);
                long at = 0;
                while (w.hasRemaining()) at += channel.write(w, at);
                channel.force(true);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("the shim state " + file + ": " + e.getMessage(), e);
        }
    }

    /** With a time scale, the real time since the last command passes in the model, scaled. */
    private static void passRealTime(World world) {
        double scale = Double.parseDouble(world.extra.getOrDefault("timeScale", "0"));
        long now = System.currentTimeMillis();
        if (scale > 0) {
            long last = Long.parseLong(world.extra.getOrDefault("lastReal", Long.toString(now)));
            long passed = Math.round(Math.max(0, now - last) * scale);
            if (passed > 0) Physics.advance(world.state, passed);
            world.dirty = true;
        }
        world.extra.put("lastReal", Long.toString(now));
    }

    /** Checked programs by runbook and library, for a process that asks many times (a test driving shims in-process). */
    private static final Map<String, CheckResult> CHECKED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The runbook the state was made for, checked again: its vocabulary is the shims'. */
    private static CheckResult program(Map<String, String> extra) throws IOException {
        String key = extra.get("runbook") + File.pathSeparator + extra.getOrDefault("libs", "");
        CheckResult cached = CHECKED.get(key);
        if (cached != null) return cached;
        CheckResult checked = check(extra);
        CHECKED.put(key, checked);
        return checked;
    }

    private static CheckResult check(Map<String, String> extra) throws IOException {
        List<Path> libs = new ArrayList<>();
        String joined = extra.getOrDefault("libs", "");
        if (!joined.isEmpty()) for (String p : joined.split(File.pathSeparator)) libs.add(Path.of(p));
        Path runbook = Path.of(extra.get("runbook"));
        CheckResult checked = new Checker(new Library(libs)).check(Source.read(runbook, runbook.getFileName().toString()));
        if (checked.hasErrors()) throw new IOException("the runbook of the shim cluster does not check: " + runbook);
        return checked;
    }

    static List<String> argv(String[] args) {
        return Arrays.asList(args).subList(1, args.length);
    }
}
