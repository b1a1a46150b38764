package dev.runbook.ast;

import java.util.List;

/** Comments attached to a node: full lines before it, and one at the end of its first line. */
public record Trivia(List<Comment> leading, Comment trailing) {
    public static final Trivia NONE = new Trivia(List.of(), null);

    public Trivia {
        leading = List.copyOf(leading);
    }

    public boolean isEmpty() {
        return leading.isEmpty() && trailing == null;
    }

    /** The doc comment lines ({@code ## ...}) before the node, joined. */
    public String doc() {
        StringBuilder out = new StringBuilder();
        for (Comment c : leading) {
            if (c.isDoc()) out.append(out.isEmpty() ? "" : "\n").append(c.body());
        }
        return out.toString();
    }
}
