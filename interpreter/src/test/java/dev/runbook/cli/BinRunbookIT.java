package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/runbook as a user runs it: a real process over the built jar. Run by maven-failsafe-plugin
 * in {@code verify}, after {@code package} has built interpreter/target/runbook.jar.
 */
class BinRunbookIT {

    static Path root;
    static Path launcher;

    @TempDir
    Path dir;

    @BeforeAll
    static void findTheLauncher() throws IOException {
        root = Path.of(System.getProperty("repo.root", "..")).toRealPath();
        launcher = root.resolve("bin/runbook");
        Assumptions.assumeTrue(Files.isRegularFile(root.resolve("interpreter/target/runbook.jar")),
                "interpreter/target/runbook.jar is not built yet: run ./mvnw verify");
        assertTrue(Files.isExecutable(launcher), "bin/runbook must be executable");
    }

    record Result(int code, String out, String err) {}

    static Result exec(Path cwd, Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().putAll(env);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Path out = Files.createTempFile("runbook-it", ".out");
        Path err = Files.createTempFile("runbook-it", ".err");
        // kept (under target/, the tests' temporary directory) for SecretsNeverWrittenIT
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "bin/runbook did not finish: " + command);
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    static List<String> glob(Path dir, String pattern) throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, pattern)) {
            for (Path p : files) out.add(root.relativize(p).toString());
        }
        out.sort(null);
        return out;
    }

    @Test
    void theStandardRunbooksAndLibraryCheckClean() throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "check"));
        command.addAll(glob(root.resolve("runbooks"), "*.rbk"));
        command.addAll(glob(root.resolve("runbooks/common"), "*.rbk"));
        command.addAll(glob(root.resolve("stdlib"), "*.rbk"));
        Result r = exec(root, Map.of(), command);
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().endsWith("files checked: 0 errors, 0 warnings\n"), r.out());
        assertEquals("", r.err());
        // a second run goes through the class data sharing archive the first one may have written
        Result again = exec(root, Map.of(), command);
        assertEquals(r, again);
    }

    @Test
    void versionWorksFromAnyDirectoryAndThroughASymlink() throws Exception {
        Result r = exec(Path.of("/tmp"), Map.of(), List.of(launcher.toString(), "--version"));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().matches("runbook \\d+\\.\\d+\\.\\d+.*\n"), r.out());
        assertEquals("", r.err());

        Path link = Files.createSymbolicLink(dir.resolve("rb"), launcher);
        Result viaLink = exec(dir, Map.of(), List.of(link.toString(), "--version"));
        assertEquals(r, viaLink);
    }

    @Test
    void japanesePrintsCorrectlyUnderTheCLocale() throws Exception {
        Path ja = dir.resolve("ja.rbk");
        Files.writeString(ja, MainTest.JAPANESE, StandardCharsets.UTF_8);
        Result r = exec(dir, Map.of("LANG", "C", "LC_ALL", "C"), List.of(launcher.toString(), "check", "ja.rbk"));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("ja.rbk:9:13: error[E100]: unknown name `standbyy`\n"), r.out());
        assertTrue(r.out().contains("manual \"${standbyy} のレプリケーションエージェントを停止してください\""), r.out());
        assertFalse(r.out().contains("??") || r.out().contains("\uFFFD"), "no character lost to the locale: " + r.out());
    }

    @Test
    void usageErrorsExitTwoWithoutAStackTrace() throws Exception {
        Result r = exec(dir, Map.of(), List.of(launcher.toString(), "check", "--frobnicate", "x.rbk"));
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("Unknown option"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());

        Result missing = exec(dir, Map.of(), List.of(launcher.toString(), "check", "nope.rbk"));
        assertEquals(2, missing.code(), missing.out() + missing.err());
        assertTrue(missing.err().startsWith("runbook: cannot read nope.rbk: no such file\n"), missing.err());
    }

    @Test
    void withoutTheJarTheLauncherSaysHowToBuildIt() throws Exception {
        Path fakeRoot = dir.resolve("checkout");
        Files.createDirectories(fakeRoot.resolve("bin"));
        Path copy = Files.copy(launcher, fakeRoot.resolve("bin/runbook"));
        Result r = exec(dir, Map.of(), List.of("bash", copy.toString(), "--version"));
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("./mvnw -q -DskipTests package"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aSecretGivenInTheEnvironmentIsNeverPrinted() throws Exception {
        Map<String, String> env = Map.of("RUNBOOK_SECRET_ADMIN", dev.runbook.TestSecrets.ADMIN);
        for (List<String> args : List.of(List.of("plan", "asp-major-online-nocg"), List.of("plan", "--format", "json", "asp-major-online-nocg"),
                List.of("simulate", "asp-major-online-nocg"), List.of("simulate", "--format", "json", "asp-major-online-nocg"),
                List.of("explore", "--format", "json", "asp-patch-active-role-reversal"))) {
            List<String> command = new ArrayList<>(List.of(launcher.toString()));
            command.addAll(args);
            Result r = exec(root, env, command);
            assertTrue(r.code() == 0 || args.get(0).equals("explore") && r.code() == 1, () -> args + ": " + r.err());
            if (!args.get(0).equals("explore")) assertTrue(r.out().contains("********"), () -> args + " shows the masked secret");
            assertFalse(r.out().contains(dev.runbook.TestSecrets.ADMIN) || r.err().contains(dev.runbook.TestSecrets.ADMIN), args::toString);
        }
    }
}
