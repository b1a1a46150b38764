package dev.runbook.ast;

import dev.runbook.source.Span;

public record Name(Span span, String text) implements Node {
    @Override
    public String toString() {
        return text;
    }
}
