package dev.runbook.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The arguments of every command that runs one runbook: FILE|ID, {@code -p NAME=VALUE}..., {@code --lib DIR}... */
final class RunbookArgs {

    @Parameters(index = "0", paramLabel = "FILE|ID",
            description = "A runbook file, or the id of a standard runbook such as asp-major-online-nocg.")
    String runbook;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
            description = "Give a parameter a value (repeatable): a database as NAME@HOST, a list comma-separated, "
                + "e.g. -p standby=master2@master2host -p subscribers=sub1@h1,sub2@h2 -p release=22.1.")
    List<String> params = new ArrayList<>();

    @Option(names = "--lib", paramLabel = "DIR",
            description = "Also look up `use` names in DIR: after the runbook's directory, before the built-in library. Repeatable.")
    List<String> libs = new ArrayList<>();
}
