package dev.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs last (its own failsafe execution, after the other integration tests and every unit test): reads
 * everything the test suite printed (surefire and failsafe redirect it to target/*-reports) and
 * wrote (temporary files and directories, kept under target/) and finds none of
 * {@link TestSecrets#ALL}. Only the compiled tests, which hold the secrets as constants, are left
 * out.
 */
class SecretsNeverWrittenIT {

    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final Path TARGET = ROOT.resolve("interpreter/target");
    /** The tests' java.io.tmpdir (see interpreter/pom.xml). */
    private static final Path TEST_TMP = ROOT.resolve("target/test-tmp");

    @Test
    void noTestSecretInAnythingTheSuitePrintedOrWrote() {
        List<Path> files = new ArrayList<>(files(TARGET));
        files.addAll(files(TEST_TMP));
        long reports = files.stream().filter(p -> p.toString().contains("surefire-reports")).count();
        assertTrue(reports > 10, "the unit tests' reports and printed output are there to read: " + reports + " files");
        assertTrue(files.stream().anyMatch(p -> p.getFileName().toString().startsWith("runbook-it")),
                "the outputs of bin/runbook in the integration tests are there to read");
        List<String> found = new ArrayList<>();
        for (Path file : files) {
            for (int i = 0; i < TestSecrets.ALL.size(); i++) {
                if (contains(file, TestSecrets.ALL.get(i))) found.add("test secret #" + i + " in " + ROOT.relativize(file));
            }
        }
        assertEquals(List.of(), found, "files scanned: " + files.size());
    }

    @Test
    void theScanFindsWhatIsThere() throws IOException {
        Path planted = Files.createTempDirectory("scan-check");
        Path file = Files.createDirectories(planted.resolve("deep")).resolve("x.log");
        Files.writeString(file, "before canary-5cd1 after");
        assertEquals(List.of(file), files(planted));
        assertTrue(contains(file, "canary-5cd1"));
    }

    /** The files under {@code root}, less the compiled tests and the build's own class files and jars. */
    private static List<Path> files(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !root.relativize(p).startsWith("test-classes") && !root.relativize(p).startsWith("classes"))
                    .filter(p -> !p.toString().endsWith(".jar") && !p.toString().endsWith(".class"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean contains(Path file, String secret) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
            outer:
            for (int i = 0; i + needle.length <= bytes.length; i++) {
                for (int j = 0; j < needle.length; j++) if (bytes[i + j] != needle[j]) continue outer;
                return true;
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
