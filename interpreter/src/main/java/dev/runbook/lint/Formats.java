package dev.runbook.lint;

import dev.runbook.source.DiagnosticRenderer;
import dev.runbook.source.Severity;
import dev.runbook.source.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that renders lint findings: text for a person, JSON ({@code runbook.lint/v1}),
 * SARIF 2.1.0 for code scanning, GitHub Actions workflow commands, checkstyle XML. The JSON-shaped
 * formats are maps and lists, written by the command line's JSON writer.
 */
public final class Formats {

    public static final String SCHEMA = "runbook.lint/v1";
    public static final String SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    /** One linted file and its findings; {@code unreadable}: why it could not be read, or null. */
    public record FileResult(String path, List<Finding> findings, String unreadable) {}

    private Formats() {}

    public static String text(List<FileResult> files) {
        StringBuilder out = new StringBuilder();
        DiagnosticRenderer renderer = new DiagnosticRenderer();
        for (FileResult f : files) {
            for (Finding x : f.findings()) out.append(renderer.render(x.severity(), x.rule(), x.message(), x.source(), x.span(), x.hint())).append('\n');
        }
        int[] counts = counts(files);
        int unreadable = (int) files.stream().filter(f -> f.unreadable() != null).count();
        out.append(plural(files.size() - unreadable, "file")).append(" linted: ").append(plural(counts[0], "error")).append(", ")
                .append(plural(counts[1], "warning"));
        if (counts[2] > 0) out.append(", ").append(plural(counts[2], "note"));
        if (unreadable > 0) out.append("; ").append(plural(unreadable, "file")).append(" could not be read");
        return out.append('\n').toString();
    }

    /** Errors, warnings, notes. */
    public static int[] counts(List<FileResult> files) {
        int[] counts = new int[3];
        for (FileResult f : files) for (Finding x : f.findings()) counts[x.severity().ordinal()]++;
        return counts;
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    // ------------------------------------------------------------------ JSON

    public static Map<String, Object> json(List<FileResult> files) {
        List<Object> list = new ArrayList<>();
        for (FileResult f : files) {
            List<Object> findings = new ArrayList<>();
            for (Finding x : f.findings()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("rule", x.rule());
                m.put("severity", x.severity().label());
                m.put("message", x.message());
                m.put("hint", x.hint());
                boolean placed = !x.span().isNone();
                m.put("line", placed ? x.span().line() : null);
                m.put("column", placed ? x.span().column() : null);
                m.put("endLine", placed ? x.span().endLine() : null);
                m.put("endColumn", placed ? x.span().endColumn() : null);
                m.put("file", x.file());
                findings.add(m);
            }
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("path", f.path());
            if (f.unreadable() != null) file.put("error", f.unreadable());
            file.put("findings", findings);
            list.add(file);
        }
        int[] counts = counts(files);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("files", files.size());
        summary.put("errors", counts[0]);
        summary.put("warnings", counts[1]);
        summary.put("notes", counts[2]);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("files", list);
        doc.put("summary", summary);
        return doc;
    }

    // ------------------------------------------------------------------ SARIF 2.1.0

    public static Map<String, Object> sarif(List<FileResult> files, String version) {
        List<Object> rules = new ArrayList<>();
        for (Rule r : Rules.all()) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("id", r.id());
            rule.put("shortDescription", Map.of("text", r.description()));
            rule.put("defaultConfiguration", Map.of("level", level(r.severity())));
            rule.put("help", Map.of("text", "runbook lint --explain " + r.id() + " (docs/rules/" + r.id() + ".md)"));
            rules.add(rule);
        }
        List<Object> results = new ArrayList<>();
        for (FileResult f : files) {
            for (Finding x : f.findings()) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("ruleId", x.rule());
                result.put("level", level(x.severity()));
                result.put("message", Map.of("text", x.hint() == null ? x.message() : x.message() + " (" + x.hint() + ")"));
                Map<String, Object> physical = new LinkedHashMap<>();
                physical.put("artifactLocation", Map.of("uri", uri(x.file())));
                if (!x.span().isNone()) physical.put("region", region(x.span()));
                result.put("locations", List.of(Map.of("physicalLocation", physical)));
                results.add(result);
            }
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "runbook lint");
        driver.put("version", version);
        driver.put("rules", rules);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        run.put("results", results);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("$schema", SARIF_SCHEMA);
        doc.put("version", "2.1.0");
        doc.put("runs", List.of(run));
        return doc;
    }

    private static Map<String, Object> region(Span s) {
        Map<String, Object> region = new LinkedHashMap<>();
        region.put("startLine", s.line());
        region.put("startColumn", s.column());
        region.put("endLine", s.endLine());
        region.put("endColumn", Math.max(s.endColumn(), s.endLine() == s.line() ? s.column() + 1 : 1));
        return region;
    }

    private static String level(Severity s) {
        return switch (s) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case NOTE -> "note";
        };
    }

    /** A file path as a relative URI reference: forward slashes, and anything outside the unreserved set percent-encoded. */
    static String uri(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.replace('\\', '/').getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || "-._~/".indexOf(c) >= 0) out.append(c);
            else out.append('%').append(String.format("%02X", b & 0xff));
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ GitHub Actions

    /** One workflow command per finding: {@code ::error file=F,line=L,col=C,endLine=..,endColumn=..,title=RULE::MESSAGE}. */
    public static String github(List<FileResult> files) {
        StringBuilder out = new StringBuilder();
        for (FileResult f : files) {
            for (Finding x : f.findings()) {
                String command = switch (x.severity()) {
                    case ERROR -> "error";
                    case WARNING -> "warning";
                    case NOTE -> "notice";
                };
                out.append("::").append(command).append(" file=").append(property(x.file()));
                if (!x.span().isNone()) {
                    out.append(",line=").append(x.span().line()).append(",col=").append(x.span().column())
                            .append(",endLine=").append(x.span().endLine()).append(",endColumn=").append(x.span().endColumn());
                }
                out.append(",title=").append(property("runbook lint " + x.rule())).append("::")
                        .append(data(x.message() + (x.hint() == null ? "" : "\nhint: " + x.hint()))).append('\n');
            }
        }
        return out.toString();
    }

    static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }

    // ------------------------------------------------------------------ checkstyle XML

    public static String checkstyle(List<FileResult> files) {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"8.0\">\n");
        for (FileResult f : files) {
            out.append("  <file name=\"").append(xml(f.path())).append("\">\n");
            for (Finding x : f.findings()) {
                out.append("    <error");
                if (!x.span().isNone()) out.append(" line=\"").append(x.span().line()).append("\" column=\"").append(x.span().column()).append('"');
                out.append(" severity=\"").append(x.severity() == Severity.NOTE ? "info" : x.severity().label()).append('"')
                        .append(" message=\"").append(xml(x.message())).append('"')
                        .append(" source=\"runbook.").append(xml(x.rule())).append("\"/>\n");
            }
            out.append("  </file>\n");
        }
        return out.append("</checkstyle>\n").toString();
    }

    static String xml(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\n' -> out.append("&#10;");
                default -> {
                    if (c < 0x20 && c != '\t') out.append(' ');
                    else out.append(c);
                }
            }
        }
        return out.toString();
    }
}
