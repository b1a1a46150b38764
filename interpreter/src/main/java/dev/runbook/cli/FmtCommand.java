package dev.runbook.cli;

import dev.runbook.parse.ParseResult;
import dev.runbook.parse.Parser;
import dev.runbook.render.Formatter;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.DiagnosticRenderer;
import dev.runbook.source.Source;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbook fmt FILE... [--check]}: rewrite files in the canonical layout (docs/formatting.md).
 * A file with syntax errors is reported and never touched; a file is rewritten only when its text
 * changes, through a temporary file in the same directory and an atomic rename, so an interrupted
 * run leaves either the old text or the new one.
 */
@Command(name = "fmt", sortOptions = false,
        description = {
            "Rewrite runbooks and modules in their canonical layout.",
            "Files with syntax errors are reported and left untouched."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every file is (now) formatted",
            "1:a file has syntax errors, or with --check a file would be reformatted",
            "2:bad usage, a file that cannot be read or written, or an internal error"})
final class FmtCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Runbook or module files (.rbk).")
    List<String> files = new ArrayList<>();

    @Option(names = "--check", description = "Change nothing: print 'would reformat FILE' for each file that is not formatted, exit 1 if any.")
    boolean check;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DiagnosticRenderer renderer = new DiagnosticRenderer();
        Formatter formatter = new Formatter();

        int changed = 0;
        int unchanged = 0;
        int withSyntaxErrors = 0;
        int failed = 0;
        for (String arg : Inputs.distinct(files)) {
            Source source;
            byte[] bytes;
            try {
                source = Inputs.read(arg);
                bytes = Files.readAllBytes(source.path());
            } catch (Inputs.Unreadable u) {
                err.println(u.report("read"));
                failed++;
                continue;
            } catch (IOException e) {
                err.println("runbook: cannot read " + Inputs.display(arg) + ": " + e.getMessage());
                failed++;
                continue;
            }
            ParseResult parsed = Parser.parse(source);
            if (parsed.hasErrors()) {
                for (Diagnostic d : parsed.diagnostics().stream().sorted(DiagnosticRenderer.ORDER).toList()) {
                    out.println(renderer.render(d));
                }
                withSyntaxErrors++;
                continue;
            }
            String formatted = formatter.format(parsed.file(), source);
            byte[] newBytes = formatted.getBytes(StandardCharsets.UTF_8);
            if (Arrays.equals(bytes, newBytes)) {
                unchanged++;
                continue;
            }
            // never write text that no longer parses: that would be a formatter bug eating a runbook
            if (Parser.parse(Source.of(source.name(), formatted)).hasErrors()) {
                err.println("runbook: internal error: formatting " + source.name() + " would produce text that does not parse; the file is left untouched");
                err.println("  hint: this is a bug in runbook's formatter, not in your file; please report it with the file");
                failed++;
                continue;
            }
            if (check) {
                out.println("would reformat " + source.name());
                changed++;
                continue;
            }
            try {
                writeAtomically(source.path(), newBytes);
            } catch (IOException e) {
                err.println("runbook: cannot write " + source.name() + ": " + reason(e));
                err.println("  hint: check that the file and its directory are writable; the file is unchanged");
                failed++;
                continue;
            }
            out.println("reformatted " + source.name());
            changed++;
        }

        StringBuilder summary = new StringBuilder();
        if (check) {
            summary.append(CheckCommand.count(changed, "file")).append(" would be")
                    .append(" reformatted, ").append(unchanged).append(" already formatted");
        } else {
            summary.append(CheckCommand.count(changed, "file")).append(" reformatted, ").append(unchanged).append(" unchanged");
        }
        if (withSyntaxErrors > 0) {
            summary.append("; ").append(CheckCommand.count(withSyntaxErrors, "file")).append(" with syntax errors left untouched");
        }
        if (failed > 0) summary.append("; ").append(failed).append(" could not be processed");
        out.println(summary);
        out.flush();

        if (failed > 0) return Main.USAGE;
        if (withSyntaxErrors > 0 || (check && changed > 0)) return Main.FINDINGS;
        return Main.OK;
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        return e.getMessage() == null ? "input/output error" : e.getMessage();
    }

    /**
     * Replaces a file's content through a temporary file beside it and an atomic rename: an
     * interruption leaves the old text or the new one, never a mix. A symbolic link is kept and
     * its target rewritten; the file's permissions are kept.
     */
    static void writeAtomically(Path file, byte[] content) throws IOException {
        Path target = file.toRealPath();
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) channel.write(buffer);
                channel.force(true);
            }
            try {
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the default permissions will do
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
