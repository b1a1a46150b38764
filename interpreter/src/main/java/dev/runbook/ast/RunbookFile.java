package dev.runbook.ast;

import dev.runbook.source.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * One parsed file: a runbook (header {@link Header.RunbookHeader}) or a module
 * ({@link Header.ModuleHeader}). {@code header} is null when the file has none.
 * {@code danglingComments} are comments after the last item.
 */
public record RunbookFile(Span span, Header header, List<Item> items, List<Comment> danglingComments) implements Node {

    public RunbookFile {
        items = List.copyOf(items);
        danglingComments = List.copyOf(danglingComments);
    }

    public boolean isModule() {
        return header instanceof Header.ModuleHeader;
    }

    /** The name the file declares: the runbook id or the module name; null without a header. */
    public String declaredName() {
        if (header instanceof Header.RunbookHeader h) return h.id().text();
        if (header instanceof Header.ModuleHeader h) return h.name().text();
        return null;
    }

    public <T extends Item> List<T> itemsOf(Class<T> kind) {
        List<T> out = new ArrayList<>();
        for (Item item : items) if (kind.isInstance(item)) out.add(kind.cast(item));
        return out;
    }

    /** Every {@code # departs:} comment in the file, in source order. */
    public List<Comment> departures() {
        List<Comment> out = new ArrayList<>();
        AstWalker.comments(this, c -> {
            if (c.isDeparture()) out.add(c);
        });
        out.sort((a, b) -> Integer.compare(a.span().start(), b.span().start()));
        return out;
    }
}
