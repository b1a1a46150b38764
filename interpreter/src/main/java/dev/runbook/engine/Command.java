package dev.runbook.engine;

/**
 * A command line for one host, as a run would send it and as a plan shows it. {@code line} holds
 * secrets; {@code masked} does not and is the only form that is printed or written down.
 */
public record Command(String host, String kind, String line, String masked, String verb) {}
