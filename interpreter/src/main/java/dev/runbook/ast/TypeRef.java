package dev.runbook.ast;

import dev.runbook.source.Span;

public sealed interface TypeRef extends Node {
    record NamedType(Span span, Name name) implements TypeRef {
        @Override
        public String toString() {
            return name.text();
        }
    }

    record ListType(Span span, TypeRef element) implements TypeRef {
        @Override
        public String toString() {
            return "[" + element + "]";
        }
    }
}
