package dev.runbook.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The man pages, roff written from the picocli model of the command line (the same model that
 * prints {@code --help}): {@code runbook.1} and one {@code runbook-COMMAND.1} per command. The build
 * runs {@link #main} before packaging (interpreter/pom.xml), so the pages travel in the jar under
 * {@code man/man1/}; {@code man -l} reads them.
 */
public final class ManPages {

    private ManPages() {}

    /** Writes the pages into the directory {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: ManPages DIR");
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (Map.Entry<String, String> page : pages().entrySet()) {
            Files.writeString(dir.resolve(page.getKey()), page.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** File name to roff text, for the top command and each subcommand (not {@code help}). */
    static Map<String, String> pages() {
        CommandLine root = Main.commandLine();
        Map<String, String> out = new java.util.LinkedHashMap<>();
        out.put("runbook.1", page(root, null));
        for (Map.Entry<String, CommandLine> sub : root.getSubcommands().entrySet()) {
            if (sub.getKey().equals("help")) continue;
            out.put("runbook-" + sub.getKey() + ".1", page(sub.getValue(), root));
        }
        return out;
    }

    static String page(CommandLine cmd, CommandLine root) {
        CommandSpec spec = cmd.getCommandSpec();
        String name = root == null ? "runbook" : "runbook-" + spec.name();
        StringBuilder out = new StringBuilder();
        out.append(".TH \"").append(name.toUpperCase(java.util.Locale.ROOT)).append("\" \"1\" \"\" \"runbook ")
                .append(escape(Main.Version.version())).append("\" \"Runbook Manual\"\n");
        out.append(".SH NAME\n").append(escape(name)).append(" \\- ").append(escape(firstSentence(spec))).append('\n');
        out.append(".SH SYNOPSIS\n");
        out.append(".B ").append(escape(spec.qualifiedName())).append('\n');
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) continue;
            out.append('[').append(optionSynopsis(o)).append("]\n");
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.hidden()) continue;
            String label = "\\fI" + escape(p.paramLabel()) + "\\fR" + (p.arity().max() > 1 ? "..." : "");
            out.append(p.arity().min() == 0 ? "[" + label + "]" : label).append('\n');
        }
        if (root == null) out.append("\\fICOMMAND\\fR\n");
        out.append(".SH DESCRIPTION\n");
        for (String line : spec.usageMessage().description()) {
            out.append(".PP\n").append(escapeLine(format(line))).append('\n');
        }
        List<PositionalParamSpec> positionals = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!positionals.isEmpty()) {
            out.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : positionals) {
                out.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR\n");
                out.append(escapeLine(String.join(" ", p.description()))).append('\n');
            }
        }
        out.append(".SH OPTIONS\n");
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) continue;
            out.append(".TP\n").append(optionSynopsis(o)).append('\n');
            out.append(escapeLine(format(String.join(" ", o.description())))).append('\n');
        }
        if (root == null) {
            out.append(".SH COMMANDS\n");
            for (Map.Entry<String, CommandLine> sub : cmd.getSubcommands().entrySet()) {
                if (sub.getKey().equals("help")) continue;
                out.append(".TP\n\\fB").append(escape(sub.getKey())).append("\\fR\n");
                out.append(escapeLine(firstSentence(sub.getValue().getCommandSpec()))).append(" See \\fBrunbook\\-")
                        .append(escape(sub.getKey())).append("\\fR(1).\n");
            }
        }
        String[] exits = spec.usageMessage().exitCodeList().isEmpty() ? new String[0]
                : spec.usageMessage().exitCodeList().entrySet().stream().map(e -> e.getKey().strip() + ":" + e.getValue()).toArray(String[]::new);
        if (exits.length > 0) {
            out.append(".SH EXIT STATUS\n");
            for (String e : exits) {
                int colon = e.indexOf(':');
                out.append(".TP\n").append(escape(e.substring(0, colon))).append('\n').append(escapeLine(format(e.substring(colon + 1)))).append('\n');
            }
        }
        out.append(".SH SEE ALSO\n");
        List<String> see = new ArrayList<>();
        if (root != null) see.add("\\fBrunbook\\fR(1)");
        out.append(String.join(", ", see)).append(see.isEmpty() ? "" : "; ").append("docs/cli.md and the README of the runbook project.\n");
        return out.toString();
    }

    private static String optionSynopsis(OptionSpec o) {
        StringBuilder out = new StringBuilder();
        String[] names = o.names();
        for (int i = 0; i < names.length; i++) {
            if (i > 0) out.append(", ");
            out.append("\\fB").append(escape(names[i])).append("\\fR");
        }
        if (o.arity().max() > 0 && !o.typeInfo().isBoolean()) out.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
        return out.toString();
    }

    private static String firstSentence(CommandSpec spec) {
        String[] d = spec.usageMessage().description();
        String text = d.length == 0 ? "" : format(d[0]);
        int dot = text.indexOf(". ");
        return dot < 0 ? (text.endsWith(".") ? text.substring(0, text.length() - 1) : text) : text.substring(0, dot);
    }

    /** picocli's format specifiers in descriptions ({@code %n}, {@code %%}). */
    private static String format(String text) {
        return text.replace("%n", " ").replace("%%", "%");
    }

    /** Text for roff: a backslash is {@code \e}, a hyphen {@code \-}. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '\\') out.append("\\e");
            else if (c == '-') out.append("\\-");
            else if (c == '\n') out.append(' ');
            else out.append(c);
        }
        return out.toString();
    }

    /** A line of text for roff: escaped, and not read as a request when it starts with a dot or a quote. */
    static String escapeLine(String text) {
        String e = escape(text.strip());
        return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
    }
}
