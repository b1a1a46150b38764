package dev.runbook.parse.fuzz;

/**
 * One lexical token of a text, as the mutator sees it: where it is and whether it matters to the
 * grammar ({@code significant}) or is layout and comments (whitespace, line breaks, {@code # ...}).
 */
public record Tok(int start, int end, String text, boolean significant) {}
