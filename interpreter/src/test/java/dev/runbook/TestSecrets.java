package dev.runbook;

import java.util.List;

/**
 * The secrets the tests give the tool. Every test that supplies a secret takes it from here, so
 * that {@code SecretsNeverWrittenIT} can look for each of them in everything the suite printed
 * and wrote.
 */
public final class TestSecrets {
    private TestSecrets() {}

    public static final String ADMIN = "Tst-Secr3t-AdminPw-41f0";
    public static final String CACHE = "Tst-Secr3t-CachePw-9b2e";
    /** With the characters a shell or SQL would read as syntax. */
    public static final String HOSTILE = "Tst-Secr3t-p'w\"d;$(id)`x`\\";

    public static final List<String> ALL = List.of(ADMIN, CACHE, HOSTILE);
}
