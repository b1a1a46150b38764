package dev.runbook.render;

import dev.runbook.ast.Durations;
import dev.runbook.exec.PlanSteps;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Who does what, on which host, in which order: one lane for the operator and one per host, the
 * steps of the plan top to bottom, like the two-column tables of the upgrade documents. Drawn as a
 * Mermaid sequence diagram (for Markdown) or as a self-contained SVG (for the HTML page, which needs
 * no script and no network to show it).
 */
final class Swimlane {

    static final String OPERATOR = "operator";

    /** {@code lane} 0 is the operator's. {@code kind}: step, command, manual or wait. */
    record Row(String kind, int lane, String text) {}

    private final List<String> lanes = new ArrayList<>();
    private final List<Row> rows = new ArrayList<>();

    private Swimlane() {}

    static Swimlane of(PlanSteps plan) {
        Swimlane s = new Swimlane();
        LinkedHashSet<String> hosts = new LinkedHashSet<>();
        for (PlanSteps.Step step : plan.steps()) for (PlanSteps.Entry e : step.entries()) if (onHost(e)) hosts.add(e.host());
        s.lanes.add(OPERATOR);
        s.lanes.addAll(hosts);
        for (PlanSteps.Step step : plan.steps()) {
            s.rows.add(new Row("step", 0, "step " + step.label() + (step.title().isEmpty() ? "" : "  " + step.title())));
            for (PlanSteps.Entry e : step.entries()) {
                int lane = onHost(e) ? s.lanes.indexOf(e.host()) : 0;
                switch (e.kind()) {
                    case "manual" -> s.rows.add(new Row("manual", lane, "manual: " + e.command()));
                    case "wait" -> s.rows.add(new Row("wait", lane, "wait: " + e.command()
                            + (e.timeoutMillis() == null ? "" : " (timeout " + Durations.format(e.timeoutMillis()) + ")")));
                    default -> s.rows.add(new Row("command", lane, e.command()));
                }
            }
        }
        return s;
    }

    /** Whether the line is done on a host (a command, or an operator's action there), not by the operator alone. */
    static boolean onHost(PlanSteps.Entry e) {
        return e.host() != null && !e.host().isEmpty() && !e.host().equals(OPERATOR);
    }

    List<String> lanes() {
        return lanes;
    }

    List<Row> rows() {
        return rows;
    }

    // ------------------------------------------------------------------ Mermaid

    /** A Mermaid {@code sequenceDiagram}: the operator sends each command to its host; waits and manual actions are notes. */
    String mermaid() {
        StringBuilder out = new StringBuilder("sequenceDiagram\n");
        for (int i = 0; i < lanes.size(); i++) {
            out.append("  participant ").append(id(i));
            if (i > 0) out.append(" as ").append(escape(lanes.get(i)));
            out.append('\n');
        }
        String all = lanes.size() == 1 ? id(0) : id(0) + "," + id(lanes.size() - 1);
        boolean open = false;
        int block = 0;
        for (Row r : rows) {
            switch (r.kind()) {
                case "step" -> {
                    boolean top = !r.text().substring("step ".length()).contains("/");
                    if (top) {
                        if (open) out.append("  end\n");
                        out.append("  rect ").append(block++ % 2 == 0 ? "rgb(238, 242, 250)" : "rgb(250, 246, 236)").append('\n');
                        open = true;
                    }
                    out.append("  Note over ").append(all).append(": ").append(wrapped(r.text())).append('\n');
                }
                case "command" -> out.append("  ").append(id(0)).append("->>").append(id(r.lane())).append(": ").append(wrapped(r.text())).append('\n');
                default -> out.append("  Note over ").append(id(r.lane())).append(": ").append(wrapped(r.text())).append('\n');
            }
        }
        if (open) out.append("  end\n");
        return out.toString();
    }

    private static String id(int lane) {
        return lane == 0 ? OPERATOR : "h" + lane;
    }

    private static String wrapped(String text) {
        List<String> lines = wrap(text, 72);
        List<String> escaped = new ArrayList<>();
        for (String l : lines) escaped.add(escape(l));
        return String.join("<br/>", escaped);
    }

    /**
     * Text as Mermaid shows it literally: its entity codes for the characters that would end a
     * statement ({@code ;}), start a code ({@code #}), read as markup ({@code < > &}) or as an escape
     * (a backslash: {@code '\''} of a quoted SQL string came out as {@code '"}).
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '#' -> out.append("#35;");
                case ';' -> out.append("#59;");
                case '<' -> out.append("#lt;");
                case '>' -> out.append("#gt;");
                case '&' -> out.append("#amp;");
                case '%' -> out.append("#37;");
                case '\\' -> out.append("#92;");
                case '\n', '\r' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Lines of at most {@code width} characters, broken at spaces where there are some. */
    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        String rest = text;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            if (cut <= width / 3) cut = width;
            out.add(rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
        }
        out.add(rest);
        return out;
    }

    // ------------------------------------------------------------------ SVG

    private static final int LANE = 330;
    private static final int CHARS = 44;
    private static final int LINE = 14;
    private static final int PAD = 6;
    private static final int HEAD = 34;

    /** The same lanes and rows as a standalone SVG image: lanes as columns, one box per command, note or step. */
    String svg() {
        int width = LANE * lanes.size() + PAD * 2;
        StringBuilder body = new StringBuilder();
        int y = HEAD + PAD;
        for (Row r : rows) {
            boolean step = r.kind().equals("step");
            List<String> lines = wrap(r.text(), step ? CHARS * lanes.size() : CHARS);
            int h = lines.size() * LINE + PAD * 2;
            int x = step ? PAD : PAD + r.lane() * LANE + 4;
            int w = step ? LANE * lanes.size() : LANE - 8;
            String fill = switch (r.kind()) {
                case "step" -> "#dde4f0";
                case "manual" -> "#fff1c9";
                case "wait" -> "#e3f4e1";
                default -> "#ffffff";
            };
            body.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\" fill=\"%s\" stroke=\"#8a94a6\"/>%n",
                    r.kind(), x, y, w, h, fill));
            for (int i = 0; i < lines.size(); i++) {
                body.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\"%s>%s</text>%n", x + PAD, y + PAD + LINE * (i + 1) - 3,
                        step ? " font-weight=\"bold\"" : "", xml(lines.get(i))));
            }
            y += h + 4;
        }
        int height = y + PAD;
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"11\">%n", width, height, width, height));
        for (int i = 0; i < lanes.size(); i++) {
            int x = PAD + i * LANE;
            out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#c5cbd6\"/>%n",
                    x, PAD, LANE, height - PAD * 2, i % 2 == 0 ? "#f7f8fb" : "#eef1f6"));
            out.append(String.format(Locale.ROOT, "<text class=\"lane\" x=\"%d\" y=\"%d\" font-weight=\"bold\" font-size=\"13\">%s</text>%n",
                    x + PAD, PAD + 20, xml(lanes.get(i))));
        }
        out.append(body).append("</svg>\n");
        return out.toString();
    }

    static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
