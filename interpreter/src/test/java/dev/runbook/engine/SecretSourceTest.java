package dev.runbook.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretSourceTest {

    @TempDir
    Path dir;

    private static final CommandLine DUPLICATE = CommandLine.of(List.of(CommandLine.word("ttRepAdmin"), CommandLine.word("-pwd"),
            new CommandLine.Word(List.of(new CommandLine.SecretRef("admin", CommandLine.Escape.NONE)))));

    @Test
    void theEnvironmentGivesASecretByItsParameterName() {
        SecretSource env = SecretSource.environment(Map.of("RUNBOOK_SECRET_ADMIN", TestSecrets.ADMIN)::get);
        assertTrue(DUPLICATE.line(env).endsWith(" -pwd " + TestSecrets.ADMIN), "the line a run sends holds the secret");
        assertEquals("ttRepAdmin -pwd '********'", DUPLICATE.masked());
        assertEquals(Optional.empty(), env.find("cacheuser"));
    }

    @Test
    void aMissingSecretSaysHowToGiveItAndNamesNoValue() {
        SecretSource.Missing missing = assertThrows(SecretSource.Missing.class, () -> DUPLICATE.line(SecretSource.environment(k -> null)));
        assertEquals("no secret for credential `admin`: set RUNBOOK_SECRET_ADMIN, give it in a secrets file (--secrets FILE), "
                + "or run on a terminal to be asked", missing.getMessage());
        assertEquals(Optional.empty(), SecretSource.prompt(null).find("admin"), "no terminal, no prompt");
    }

    @Test
    void aSecretsFileIsReadOnlyWhenOnlyItsOwnerCanReadIt() throws Exception {
        Path file = dir.resolve("secrets.properties");
        try {
            Files.writeString(file, "admin = " + TestSecrets.CACHE + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            SecretSource.Missing unsafe = assertThrows(SecretSource.Missing.class, () -> SecretSource.file(file));
            assertTrue(unsafe.getMessage().endsWith("a secrets file must be readable by its owner only: run chmod 600 " + file));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            SecretSource fromFile = SecretSource.firstOf(SecretSource.environment(k -> null), SecretSource.file(file));
            assertTrue(DUPLICATE.line(fromFile).endsWith(" -pwd " + TestSecrets.CACHE));
            assertFalse(fromFile.find("cacheuser").isPresent());
        } finally {
            // an input, not something the tool wrote: SecretsNeverWrittenIT must not find it
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aSecretPrintsAsStarsAndRefusesNul() {
        Secret s = new Secret(TestSecrets.ADMIN);
        assertEquals("********", s.toString());
        assertEquals("[********]", List.of(s).toString());
        assertThrows(IllegalArgumentException.class, () -> new Secret("a\0b"));
    }
}
