package dev.runbook.render;

import java.util.ArrayList;
import java.util.List;

/**
 * A generated page as a list of blocks, written out as Markdown or as HTML: the documentation says
 * the same thing in both. Inline text may hold {@code `code`} spans; nothing else is markup.
 */
final class Page {

    sealed interface Block {}

    record Heading(int level, String text) implements Block {}

    record Para(String text) implements Block {}

    record Bullets(List<String> items) implements Block {}

    record Table(List<String> header, List<List<String>> rows) implements Block {}

    record Code(String language, String text) implements Block {}

    /** An image drawn in SVG: only the HTML page shows it. */
    record Svg(String svg) implements Block {}

    private final List<Block> blocks = new ArrayList<>();

    Page heading(int level, String text) {
        blocks.add(new Heading(level, text));
        return this;
    }

    Page para(String text) {
        blocks.add(new Para(text));
        return this;
    }

    Page bullets(List<String> items) {
        if (!items.isEmpty()) blocks.add(new Bullets(List.copyOf(items)));
        return this;
    }

    Page table(List<String> header, List<List<String>> rows) {
        blocks.add(new Table(List.copyOf(header), List.copyOf(rows)));
        return this;
    }

    Page code(String language, String text) {
        blocks.add(new Code(language, text));
        return this;
    }

    Page svg(String svg) {
        blocks.add(new Svg(svg));
        return this;
    }

    // ------------------------------------------------------------------ Markdown

    String markdown() {
        StringBuilder out = new StringBuilder();
        for (Block b : blocks) {
            if (b instanceof Svg) continue;
            if (!out.isEmpty()) out.append('\n');
            if (b instanceof Heading h) out.append("#".repeat(h.level())).append(' ').append(h.text()).append('\n');
            else if (b instanceof Para p) out.append(p.text()).append('\n');
            else if (b instanceof Bullets l) for (String item : l.items()) out.append("- ").append(item).append('\n');
            else if (b instanceof Table t) {
                out.append(row(t.header()));
                out.append(row(t.header().stream().map(x -> "---").toList()));
                for (List<String> r : t.rows()) out.append(row(r));
            } else if (b instanceof Code c) {
                String fence = c.text().contains("```") ? "````" : "```";
                out.append(fence).append(c.language()).append('\n').append(c.text());
                if (!c.text().endsWith("\n")) out.append('\n');
                out.append(fence).append('\n');
            }
        }
        return out.toString();
    }

    private static String row(List<String> cells) {
        StringBuilder out = new StringBuilder("|");
        for (String c : cells) out.append(' ').append(c.replace("|", "\\|").replace("\n", " ")).append(" |");
        return out.append('\n').toString();
    }

    // ------------------------------------------------------------------ HTML

    /** One self-contained page: inline style, inline SVG, no script, nothing fetched. */
    String html(String title) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Swimlane.xml(title)).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;line-height:1.4}\n")
                .append("code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:0.9em}\n")
                .append("pre{background:#f4f5f7;padding:0.6rem;overflow-x:auto}\n")
                .append("table{border-collapse:collapse}td,th{border:1px solid #c5cbd6;padding:0.2rem 0.5rem;text-align:left;vertical-align:top}\n")
                .append(".swimlane{overflow-x:auto}\n</style>\n</head>\n<body>\n");
        for (Block b : blocks) {
            if (b instanceof Heading h) out.append("<h").append(h.level()).append('>').append(inline(h.text())).append("</h").append(h.level()).append(">\n");
            else if (b instanceof Para p) out.append("<p>").append(inline(p.text())).append("</p>\n");
            else if (b instanceof Bullets l) {
                out.append("<ul>\n");
                for (String item : l.items()) out.append("<li>").append(inline(item)).append("</li>\n");
                out.append("</ul>\n");
            } else if (b instanceof Table t) {
                out.append("<table>\n<tr>");
                for (String c : t.header()) out.append("<th>").append(inline(c)).append("</th>");
                out.append("</tr>\n");
                for (List<String> r : t.rows()) {
                    out.append("<tr>");
                    for (String c : r) out.append("<td>").append(inline(c)).append("</td>");
                    out.append("</tr>\n");
                }
                out.append("</table>\n");
            } else if (b instanceof Code c) {
                if (c.language().equals("mermaid")) continue; // the SVG beside it is the picture
                out.append("<pre><code>").append(Swimlane.xml(c.text())).append("</code></pre>\n");
            } else if (b instanceof Svg s) {
                out.append("<div class=\"swimlane\">\n").append(s.svg()).append("</div>\n");
            }
        }
        return out.append("</body>\n</html>\n").toString();
    }

    /** Text with {@code `code`} spans, escaped for HTML. */
    private static String inline(String text) {
        StringBuilder out = new StringBuilder();
        String[] parts = text.split("`", -1);
        for (int i = 0; i < parts.length; i++) {
            String esc = Swimlane.xml(parts[i]);
            boolean code = i % 2 == 1 && i < parts.length - 1;
            if (code) out.append("<code>").append(esc).append("</code>");
            else out.append(esc);
        }
        return out.toString();
    }
}
