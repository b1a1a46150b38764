package dev.runbook.bench;

import dev.runbook.source.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The benchmark's input, built from the project's real files: one large runbook made of copies of
 * the A4 runbook's steps (renumbered, so that it checks clean), plus copies of every shipped .rbk
 * file under stdlib/ and runbooks/. At least {@link #MIN_LINES} lines in all.
 */
public final class Corpus {

    public static final int MIN_LINES = 10_000;
    static final String BIG_FROM = "runbooks/asp-major-online-nocg.rbk";
    static final int REAL_COPIES = 12;

    private static final Pattern STEP = Pattern.compile("^step (\\S+?)(:| \"(.*)\":)(.*)$");
    private static final Pattern LABEL_NUMBER = Pattern.compile("(^|-)(\\d+)");

    public final Path root;
    public final List<Source> sources = new ArrayList<>();
    /** Lines of text (line breaks) in all sources. */
    public final int lines;
    public final int bigRunbookLines;
    public final int stepCopies;

    private Corpus(Path root, List<Source> sources, int bigRunbookLines, int stepCopies) {
        this.root = root;
        this.sources.addAll(sources);
        this.lines = sources.stream().mapToInt(s -> lineCount(s.text())).sum();
        this.bigRunbookLines = bigRunbookLines;
        this.stepCopies = stepCopies;
    }

    public static Corpus build() {
        Path root = findRoot();
        List<Path> real = new ArrayList<>();
        for (String dir : List.of("stdlib", "runbooks")) {
            try (Stream<Path> files = Files.walk(root.resolve(dir))) {
                files.filter(p -> p.toString().endsWith(".rbk")).sorted().forEach(real::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<Source> sources = new ArrayList<>();
        int realLines = 0;
        for (int copy = 0; copy < REAL_COPIES; copy++) {
            for (Path p : real) {
                String text = read(p);
                sources.add(Source.of("copy" + copy + "/" + root.relativize(p), text));
                realLines += lineCount(text);
            }
        }
        String a4 = read(root.resolve(BIG_FROM));
        Parts parts = split(a4);
        int stepLines = lineCount(parts.steps);
        int copies = Math.max(10, (MIN_LINES - realLines - lineCount(parts.prelude) - lineCount(parts.epilogue)) / stepLines + 1);
        StringBuilder big = new StringBuilder(parts.prelude);
        for (int k = 0; k < copies; k++) big.append(renumber(parts.steps, k * 100, k));
        big.append(parts.epilogue);
        String bigText = big.toString();
        sources.add(0, Source.of("big-" + Path.of(BIG_FROM).getFileName(), bigText));
        return new Corpus(root, sources, lineCount(bigText), copies);
    }

    /** The runbook up to its first step, the steps, and the file-level expectations after them. */
    record Parts(String prelude, String steps, String epilogue) {}

    static Parts split(String text) {
        String[] lines = text.split("\n", -1);
        int firstStep = -1;
        int firstExpect = lines.length;
        for (int i = 0; i < lines.length; i++) {
            if (firstStep < 0 && lines[i].startsWith("step ")) firstStep = i;
            if (firstStep >= 0 && lines[i].startsWith("expect ")) {
                firstExpect = i;
                break;
            }
        }
        if (firstStep < 0) throw new IllegalStateException(BIG_FROM + " has no steps");
        return new Parts(join(lines, 0, firstStep), join(lines, firstStep, firstExpect), join(lines, firstExpect, lines.length));
    }

    /** The steps with every step number moved up by {@code offset} (7 -> 107, 17-22 -> 117-122, 10a -> 110a). */
    static String renumber(String steps, int offset, int copy) {
        StringBuilder out = new StringBuilder();
        for (String line : steps.split("\n", -1)) {
            Matcher m = STEP.matcher(line);
            if (m.matches()) {
                Matcher n = LABEL_NUMBER.matcher(m.group(1));
                StringBuilder id = new StringBuilder();
                while (n.find()) n.appendReplacement(id, n.group(1) + (Integer.parseInt(n.group(2)) + offset));
                n.appendTail(id);
                String title = m.group(3) == null ? "" : " \"" + m.group(3) + " (copy " + copy + ")\"";
                line = "step " + id + title + ":" + m.group(4);
            }
            out.append(line).append('\n');
        }
        // split() leaves one empty string after the last line break: do not double it
        out.setLength(out.length() - 1);
        return out.toString();
    }

    private static String join(String[] lines, int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < to; i++) {
            out.append(lines[i]);
            if (i < lines.length - 1) out.append('\n');
        }
        return out.toString();
    }

    static int lineCount(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') n++;
        return text.isEmpty() || text.endsWith("\n") ? n : n + 1;
    }

    /** -Drepo.root, else the working directory or one of its parents that has stdlib/ and runbooks/. */
    static Path findRoot() {
        String given = System.getProperty("repo.root");
        if (given != null) return Path.of(given).toAbsolutePath().normalize();
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("stdlib")) && Files.isDirectory(p.resolve("runbooks"))) return p;
        }
        throw new IllegalStateException("run from the repository (or pass -Drepo.root=DIR): no stdlib/ and runbooks/ found");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
