package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runbook.check.CheckResult;
import dev.runbook.check.Checker;
import dev.runbook.check.Library;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.Source;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation test of the standard runbooks and of the simulator that judges them: every line-level
 * mutant ({@link Mutants}) of every runbook of runbooks/ and runbooks/common/ (a shared part's
 * mutants run through a standard runbook that calls it) must be rejected by {@code check} (an
 * error) or by the simulation (a violated invariant, a failed precondition, command, wait or
 * expectation), except the survivors listed with their reason in
 * {@code src/test/resources/mutation/survivors.txt}. The list is exact: a new survivor must be
 * explained there, and a listed one that is now rejected must be removed. Two figures are kept: the
 * raw rejection rate over all mutants, at least {@link #MINIMUM_RATE}, and the mutation score, the
 * rejected among the mutants that are not equivalent (a survivor explained as {@code harmless} is an
 * acceptable procedure, an equivalent mutant), at least {@link #MINIMUM_SCORE}. A {@code GAP:}
 * survivor counts against the score.
 */
class MutationTest {

    static final double MINIMUM_RATE = 0.85;
    static final double MINIMUM_SCORE = 0.90;

    /** A file mutated: id prefix, path under runbooks/, and the runbook simulated to judge it. */
    record Target(String prefix, String file, String judge) {}

    /**
     * Every standard runbook, each judged by itself, and every shared part of runbooks/common/,
     * judged by the first standard runbook (by name) that runs it: a new runbook is mutated
     * without editing this test. A mutant's id starts with the runbook's id.
     */
    static List<Target> targets(Path runbooks) throws IOException {
        List<String> top = new ArrayList<>();
        try (var files = Files.list(runbooks)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".rbk")).sorted().forEach(top::add);
        }
        List<Target> out = new ArrayList<>();
        for (String f : top) out.add(new Target(f.substring(0, f.length() - 4), f, f));
        Path common = runbooks.resolve("common");
        if (!Files.isDirectory(common)) return out;
        List<String> shared = new ArrayList<>();
        try (var files = Files.list(common)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".rbk")).sorted().forEach(shared::add);
        }
        for (String f : shared) {
            String id = f.substring(0, f.length() - 4);
            String judge = null;
            for (String t : top) {
                if (Files.readString(runbooks.resolve(t), StandardCharsets.UTF_8).contains("use common." + id + "\n")) {
                    judge = t;
                    break;
                }
            }
            assertTrue(judge != null, "runbooks/common/" + f + " is run by no standard runbook: nothing can judge its mutants");
            out.add(new Target("common/" + id, "common/" + f, judge));
        }
        return out;
    }

    /**
     * A simulation a runbook is judged by besides its defaults: the parameters of one of its
     * documented branches (D2's {@code byHand}, {@code cancel}, {@code service=twosafe}) and the
     * cluster lines that branch needs. Listed in {@code src/test/resources/mutation/variants.txt}.
     */
    record Variant(Map<String, String> params, String cluster) {
        Simulation.Options options() {
            return new Simulation.Options(params, cluster.isEmpty() ? null : Source.of("variant", cluster), List.of(), 0);
        }

        String describe() {
            return params.isEmpty() ? "defaults" : params.toString();
        }
    }

    static final Variant DEFAULTS = new Variant(Map.of(), "");

    enum Verdict { CHECK, SIMULATION, SURVIVED }

    record Result(String id, Verdict verdict, String why) {}

    @TempDir
    Path tmp;

    @Test
    void mutantsAreRejectedOrExplained() throws Exception {
        Path root = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
        Path runbooks = tmp.resolve("runbooks");
        List<Target> targets = targets(root.resolve("runbooks"));
        for (Target t : targets) {
            Files.createDirectories(runbooks.resolve(t.file()).getParent());
            Files.copy(root.resolve("runbooks").resolve(t.file()), runbooks.resolve(t.file()));
        }
        Checker checker = new Checker(new Library(List.of(root.resolve("stdlib"))));
        Map<String, List<Variant>> variants = variants();

        // the originals check clean and simulate clean in every variant: otherwise every mutant would be "rejected"
        for (Target t : targets) {
            if (!t.file().equals(t.judge())) continue;
            CheckResult r = checker.check(source(runbooks, t.file()));
            assertTrue(r.diagnostics().stream().noneMatch(Diagnostic::isError), t.file() + ": " + r.diagnostics());
            for (Variant v : variants.getOrDefault(t.judge(), List.of(DEFAULTS))) {
                assertTrue(Simulation.run(r, v.options()).ok(), t.file() + " does not simulate clean with " + v.describe());
            }
        }
        Set<String> unknown = new TreeSet<>(variants.keySet());
        for (Target t : targets) unknown.remove(t.judge());
        assertTrue(unknown.isEmpty(), "variants.txt names runbooks that are not standard runbooks: " + unknown);

        List<Result> results = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Target t : targets) {
            Path file = runbooks.resolve(t.file());
            String original = Files.readString(file, StandardCharsets.UTF_8);
            Set<String> verbs = checker.check(source(runbooks, t.file())).vocabulary().verbs().keySet();
            List<Mutants.Mutant> mutants = Mutants.of(t.prefix(), original, verbs);
            // a small shared part has few mutants; none at all means the generator missed the file
            assertTrue(!mutants.isEmpty(), t.prefix() + ": no mutants");
            for (Mutants.Mutant m : mutants) {
                assertTrue(ids.add(m.id()), "two mutants share the id " + m.id());
                assertTrue(!m.text().equals(original), m.id() + " changes nothing");
                Files.writeString(file, m.text(), StandardCharsets.UTF_8);
                try {
                    results.add(judge(checker, runbooks, t, m.id(), variants.getOrDefault(t.judge(), List.of(DEFAULTS))));
                } finally {
                    Files.writeString(file, original, StandardCharsets.UTF_8);
                }
            }
        }

        Map<String, String> listed = survivors();
        List<Result> survivors = new ArrayList<>();
        int byCheck = 0;
        int bySimulation = 0;
        for (Result r : results) {
            if (r.verdict() == Verdict.CHECK) byCheck++;
            else if (r.verdict() == Verdict.SIMULATION) bySimulation++;
            else survivors.add(r);
        }
        int rejected = byCheck + bySimulation;
        double rate = (double) rejected / results.size();

        int equivalent = 0;
        for (Result r : survivors) if (listed.getOrDefault(r.id(), "").startsWith("harmless")) equivalent++;
        double score = (double) rejected / (results.size() - equivalent);

        StringBuilder report = new StringBuilder();
        report.append(String.format(java.util.Locale.ROOT, "%d mutants: %d rejected by check, %d by the simulation, %d survived; rejection rate %.1f%%%n",
                results.size(), byCheck, bySimulation, survivors.size(), 100 * rate));
        report.append(String.format(java.util.Locale.ROOT, "mutation score %.1f%%: %d rejected of the %d mutants that are not explained as harmless (equivalent)%n",
                100 * score, rejected, results.size() - equivalent));
        for (Target t : targets) {
            int n = 0;
            int k = 0;
            for (Result r : results) {
                if (!r.id().startsWith(t.prefix() + ":")) continue;
                n++;
                if (r.verdict() != Verdict.SURVIVED) k++;
            }
            report.append(String.format(java.util.Locale.ROOT, "  %s (%s): %d mutants, %d rejected (%.1f%%)%n", t.prefix(), t.file(), n, k,
                    n == 0 ? 0.0 : 100.0 * k / n));
        }
        report.append("survivors:\n");
        for (Result r : survivors) {
            String reason = listed.get(r.id());
            report.append("  ").append(r.id()).append("\t").append(reason == null ? "(NOT EXPLAINED)" : reason).append('\n');
        }
        if (Boolean.getBoolean("mutation.verbose")) {
            report.append("rejected:\n");
            for (Result r : results) if (r.verdict() != Verdict.SURVIVED) report.append("  ").append(r.id()).append("\t").append(r.verdict())
                    .append(": ").append(r.why()).append('\n');
        }
        System.out.print(report);

        Set<String> unexplained = new TreeSet<>();
        for (Result r : survivors) if (!listed.containsKey(r.id())) unexplained.add(r.id());
        Set<String> stale = new TreeSet<>(listed.keySet());
        for (Result r : survivors) stale.remove(r.id());
        List<String> problems = new ArrayList<>();
        if (!unexplained.isEmpty()) {
            problems.add("surviving mutants not explained in src/test/resources/mutation/survivors.txt (add `ID<TAB>why it is harmless`, "
                    + "or fix the runbook or the model):\n  " + String.join("\n  ", unexplained));
        }
        if (!stale.isEmpty()) {
            Map<String, Result> byId = new LinkedHashMap<>();
            for (Result r : results) byId.put(r.id(), r);
            List<String> lines = new ArrayList<>();
            for (String id : stale) {
                Result r = byId.get(id);
                lines.add(id + (r == null ? ": no such mutant any more" : ": now rejected by " + r.verdict().name().toLowerCase() + " (" + r.why() + ")"));
            }
            problems.add("listed survivors that no longer survive (remove them from survivors.txt):\n  " + String.join("\n  ", lines));
        }
        if (!problems.isEmpty()) fail(String.join("\n", problems) + "\n" + report);
        assertTrue(rate >= MINIMUM_RATE, "rejection rate below " + (int) (100 * MINIMUM_RATE) + "%\n" + report);
        assertTrue(score >= MINIMUM_SCORE, "mutation score below " + (int) (100 * MINIMUM_SCORE) + "%\n" + report);
        assertEquals(results.size(), ids.size());
    }

    private static Result judge(Checker checker, Path runbooks, Target t, String id, List<Variant> variants) throws IOException {
        List<String> files = t.file().equals(t.judge()) ? List.of(t.file()) : List.of(t.file(), t.judge());
        CheckResult judged = null;
        for (String f : files) {
            CheckResult r = checker.check(source(runbooks, f));
            for (Diagnostic d : r.diagnostics()) {
                if (d.isError()) return new Result(id, Verdict.CHECK, d.code().id() + " " + d.message());
            }
            judged = r;
        }
        for (Variant v : variants) {
            Simulation.Result run;
            try {
                run = Simulation.run(judged, v.options());
            } catch (dev.runbook.sim.InitialState.Problem p) {
                return new Result(id, Verdict.SIMULATION, "cannot start with " + v.describe() + ": " + p.getMessage());
            } catch (RuntimeException e) {
                throw new AssertionError(id + ": the simulation of a mutant that checks clean threw " + e, e);
            }
            if (run.ok()) continue;
            Explorer.Row row = Explorer.classify(id, run);
            return new Result(id, Verdict.SIMULATION, (v == DEFAULTS ? "" : "with " + v.describe() + ": ") + row.outcome().label() + " "
                    + (row.invariant() == null ? "" : row.invariant() + " ") + "step " + row.step() + ": " + row.detail());
        }
        return new Result(id, Verdict.SURVIVED, "");
    }

    private static Source source(Path runbooks, String file) throws IOException {
        return Source.read(runbooks.resolve(file), "runbooks/" + file);
    }

    /**
     * {@code FILE<TAB>k=v k=v[<TAB>cluster line | cluster line]} lines: each standard runbook named
     * is judged by its defaults and by each of its lines; blank lines and lines starting with # are ignored.
     */
    static Map<String, List<Variant>> variants() throws IOException {
        Map<String, List<Variant>> out = new LinkedHashMap<>();
        for (String line : resourceLines("/mutation/variants.txt")) {
            String[] cols = line.split("\t");
            if (cols.length < 2 || cols.length > 3) throw new AssertionError("variants.txt: write FILE<TAB>k=v k=v[<TAB>cluster lines split by |]: `" + line + "`");
            Map<String, String> params = new LinkedHashMap<>();
            for (String kv : cols[1].strip().split("\\s+")) {
                int eq = kv.indexOf('=');
                if (eq <= 0) throw new AssertionError("variants.txt: `" + kv + "` is not k=v in `" + line + "`");
                params.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            String cluster = cols.length == 3 ? String.join("\n", cols[2].strip().split("\\s*\\|\\s*")) + "\n" : "";
            out.computeIfAbsent(cols[0], k -> new ArrayList<>(List.of(DEFAULTS))).add(new Variant(params, cluster));
        }
        return out;
    }

    private static List<String> resourceLines(String name) throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream in = MutationTest.class.getResourceAsStream(name)) {
            if (in == null) return out;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) out.add(line);
            }
        }
        return out;
    }

    /** {@code ID<TAB>reason} lines; blank lines and lines starting with # are ignored. */
    static Map<String, String> survivors() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : resourceLines("/mutation/survivors.txt")) {
            int tab = line.indexOf('\t');
            if (tab < 0) throw new AssertionError("survivors.txt: no tab in `" + line + "`: write ID<TAB>reason");
            String reason = line.substring(tab + 1).strip();
            if (reason.isEmpty()) throw new AssertionError("survivors.txt: no reason for " + line.substring(0, tab));
            if (out.put(line.substring(0, tab), reason) != null) throw new AssertionError("survivors.txt lists twice " + line.substring(0, tab));
        }
        return out;
    }
}
