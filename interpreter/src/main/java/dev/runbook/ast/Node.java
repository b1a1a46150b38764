package dev.runbook.ast;

import dev.runbook.source.Span;

/** Every AST node knows where it came from. */
public interface Node {
    Span span();
}
