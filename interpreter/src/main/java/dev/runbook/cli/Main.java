package dev.runbook.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code runbook} command line. Every byte it prints is UTF-8, whatever the locale; no stack
 * trace reaches the user unless {@code --debug} is given. Exit codes: {@link #OK}, {@link #FINDINGS},
 * {@link #USAGE}.
 */
@Command(name = "runbook", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class, sortOptions = false,
        description = "Check, lint, format, plan, simulate and run database operations runbooks, export them to Ansible; list and document the standard ones.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (warnings alone still succeed)",
            "1:findings: an error in a file, a file fmt --check would change, a failed simulation",
            "2:bad usage, unreadable input, or an internal error"},
        footer = {"%nDocumentation: docs/cli.md; run 'runbook COMMAND --help' for a command's options."})
public final class Main implements Callable<Integer> {

    /** The commands, in the order help lists them; `help` stays last. */
    private static final List<Class<?>> COMMANDS = List.of(
            CheckCommand.class,
            LintCommand.class,
            ExportCommand.class,
            FmtCommand.class,
            PlanCommand.class,
            SimulateCommand.class,
            ExploreCommand.class,
            RunCommand.class,
            ListCommand.class,
            ReplCommand.class,
            DocCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class);

    /** Commands that read the whole command tree, so they never run on a tree of one. */
    private static final Set<String> NEED_EVERY_COMMAND = Set.of("help", "completion");

    /** Success: no errors (warnings alone still succeed). */
    public static final int OK = 0;
    /** Findings: an error in a file, or a file that {@code fmt --check} would change. */
    public static final int FINDINGS = 1;
    /** Bad usage, unreadable input, or an internal error of runbook itself. */
    public static final int USAGE = 2;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Show the stack trace of an internal error (for a bug report).")
    boolean debug;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("runbook: name a command, e.g. runbook check FILE...");
        err.print(spec.commandLine().getUsageMessage());
        return USAGE;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = run(args, out, err);
        out.flush();
        err.flush();
        if (Boolean.getBoolean(ClassDataTraining.PROPERTY)) ClassDataTraining.run();
        System.exit(code);
    }

    /**
     * Runs one command line and returns its exit code; never calls {@link System#exit}. Both streams
     * receive UTF-8 bytes, whatever their own encoding.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        boolean debug = hasDebugFlag(args);
        String previousDebug = System.getProperty("runbook.debug");
        if (debug) System.setProperty("runbook.debug", "true");
        try {
            CommandLine cmd = commandLine(args);
            cmd.setOut(outWriter);
            cmd.setErr(errWriter);
            cmd.setCaseInsensitiveEnumValuesAllowed(true);
            cmd.setParameterExceptionHandler(new BadUsage(debug));
            cmd.setExecutionExceptionHandler(new Crash(debug));
            return cmd.execute(args);
        } catch (RuntimeException | Error e) {
            // picocli itself, or a handler, failed: still no stack trace unless asked for
            return internalError(e, errWriter, debug);
        } finally {
            if (debug) {
                if (previousDebug == null) System.clearProperty("runbook.debug");
                else System.setProperty("runbook.debug", previousDebug);
            }
            outWriter.flush();
            errWriter.flush();
        }
    }

    /** The whole command tree: for help, usage errors, completion and man pages. */
    static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command tree for these arguments. When they name a command, only that one is built: picocli
     * reads every command's annotations when it builds a tree, a cost every start-up pays. Anything else (no command, a mistyped one, {@code help}, an option other than
     * {@code --debug} before the command) gets the whole tree.
     */
    static CommandLine commandLine(String[] args) {
        String named = commandNamed(args);
        boolean one = named != null && !NEED_EVERY_COMMAND.contains(named) && COMMANDS.stream().anyMatch(c -> nameOf(c).equals(named));
        CommandLine root = new CommandLine(new Main());
        for (Class<?> command : COMMANDS) {
            if (!one || nameOf(command).equals(named)) root.addSubcommand(command);
        }
        return root;
    }

    /** The first word that is not an option, when only {@code --debug} comes before it. */
    private static String commandNamed(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) return arg;
            if (!arg.equals("--debug")) return null; // --help, --version or a mistake before the command
        }
        return null;
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    /** {@code --debug} anywhere before {@code --}: known before parsing, so even a usage error can show its trace. */
    static boolean hasDebugFlag(String[] args) {
        for (String arg : args) {
            if (arg.equals("--")) return false;
            if (arg.equals("--debug")) return true;
        }
        return false;
    }

    static int internalError(Throwable e, PrintWriter err, boolean debug) {
        if (e instanceof UncheckedIOException io) {
            if (debug) e.printStackTrace(err);
            err.println("runbook: cannot read or write a file: " + io.getCause().getMessage());
            err.println("  hint: check the files and directories named on the command line");
            return USAGE;
        }
        if (debug) e.printStackTrace(err);
        String detail = e.getMessage() == null || e.getMessage().isBlank() ? "no details" : e.getMessage();
        if (e instanceof StackOverflowError) detail = "the file nests too deeply to process";
        if (e instanceof OutOfMemoryError) detail = "out of memory";
        err.println("runbook: internal error: " + detail);
        err.println("  hint: this is a bug in runbook, not in your file; run the same command with --debug and report its output");
        return USAGE;
    }

    /** Unknown options, missing arguments: one line saying what is wrong, one saying where help is. */
    private record BadUsage(boolean debug) implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine cmd = ex.getCommandLine();
            PrintWriter err = cmd.getErr();
            if (debug) ex.printStackTrace(err);
            err.println("runbook: " + message(ex));
            UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            return USAGE;
        }
    }

    /** picocli's message, except for a mistyped command, which gets a plain one. */
    static String message(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException u && ex.getCommandLine().getParent() == null
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")
                && !ex.getCommandLine().getSubcommands().isEmpty()) {
            return "unknown command '" + u.getUnmatched().get(0) + "'";
        }
        return ex.getMessage();
    }

    /** A bug of ours: a short message and what to do; the stack trace only with --debug. */
    private record Crash(boolean debug) implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
            return internalError(ex, cmd.getErr(), debug);
        }
    }

    /** The version Maven recorded in the jar; "dev" when running from classes (tests, an IDE). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"runbook " + version()};
        }

        static String version() {
            try (InputStream in = Main.class.getResourceAsStream("/META-INF/maven/dev.runbook/runbook/pom.properties")) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    String v = p.getProperty("version");
                    if (v != null && !v.isBlank()) return v.trim();
                }
            } catch (IOException e) {
                // fall through to the manifest
            }
            String v = Main.class.getPackage() == null ? null : Main.class.getPackage().getImplementationVersion();
            return v == null || v.isBlank() ? "dev" : v;
        }
    }
}
