package dev.runbook.check;

import dev.runbook.source.Source;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds modules and runbooks named by {@code use}: first beside the file that uses them, then in
 * each {@code --lib} directory, then in the library built into the jar (stdlib/ and runbooks/).
 * {@code common.role-reversal} is the file {@code common/role-reversal.rbk}.
 */
public final class Library {

    static final String BUILTIN_ROOT = "runbook-lib/";
    private static final String[] BUILTIN_DIRS = {"stdlib/", "runbooks/"};

    private final List<Path> libDirs;

    public Library(List<Path> libDirs) {
        this.libDirs = List.copyOf(libDirs);
    }

    public static Library builtinOnly() {
        return new Library(List.of());
    }

    /** Where a name was found, for {@code --verbose}. */
    public record Found(Source source, String where) {}

    public Optional<Found> find(String dottedName, Path fromDir) throws IOException {
        String relative = dottedName.replace('.', '/') + ".rbk";
        List<Path> dirs = new ArrayList<>(localDirs(dottedName, fromDir));
        dirs.addAll(libDirs);
        for (Path dir : dirs) {
            Path candidate = dir.resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(new Found(Source.read(candidate, display(candidate)), candidate.toString()));
            }
        }
        for (String builtinDir : BUILTIN_DIRS) {
            String resource = BUILTIN_ROOT + builtinDir + relative;
            Optional<String> text = readResource(resource);
            if (text.isPresent()) {
                String name = "<builtin>/" + builtinDir + relative;
                return Optional.of(new Found(Source.of(name, text.get()), "built-in " + builtinDir + relative));
            }
        }
        return Optional.empty();
    }

    private static final int CACHE_LIMIT = 256;
    // a future per file: files checked in parallel that use the same module wait for one parse of it
    private final java.util.Map<String, java.util.concurrent.CompletableFuture<dev.runbook.parse.ParseResult>> parsedCache =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, java.util.concurrent.CompletableFuture<dev.runbook.parse.ParseResult>> eldest) {
                    return size() > CACHE_LIMIT;
                }
            });

    /** A used file, parsed once per library for as long as its text stays the same. */
    public dev.runbook.parse.ParseResult parsed(Source source) {
        String key = source.name() + '\0' + source.text();
        java.util.concurrent.CompletableFuture<dev.runbook.parse.ParseResult> mine = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<dev.runbook.parse.ParseResult> cached = parsedCache.putIfAbsent(key, mine);
        if (cached != null) return cached.join();
        try {
            mine.complete(dev.runbook.parse.Parser.parse(source));
        } catch (RuntimeException | Error e) {
            parsedCache.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
        return mine.join();
    }

    /**
     * The directories a file's {@code use} looks in before the library: its own, and, when the file
     * is inside the directory the name starts with ({@code use common.x} in {@code runbooks/common/}),
     * the one above it, so that shared parts use each other by the names the runbooks use.
     */
    private static List<Path> localDirs(String dottedName, Path fromDir) {
        List<Path> out = new ArrayList<>();
        if (fromDir == null) return out;
        out.add(fromDir);
        String first = dottedName.contains(".") ? dottedName.substring(0, dottedName.indexOf('.')) : null;
        Path name = fromDir.getFileName();
        if (first != null && name != null && name.toString().equals(first) && fromDir.getParent() != null) out.add(fromDir.getParent());
        return out;
    }

    /** The places searched for {@code dottedName}, in order, for a hint when it is not found. */
    public List<String> searchPath(String dottedName, Path fromDir) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (Path d : localDirs(dottedName, fromDir)) out.add(d.toString());
        for (Path dir : libDirs) out.add(dir.toAbsolutePath().normalize().toString().equals(
                fromDir == null ? "" : fromDir.toAbsolutePath().normalize().toString()) ? fromDir.toString() : dir.toString());
        out.add("the built-in library");
        return new ArrayList<>(out);
    }

    /** Reads a built-in file by its path under the library root, e.g. {@code runbooks/asp-major-online-nocg.rbk}. */
    public static Optional<String> readResource(String resource) {
        try (InputStream in = Library.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) return Optional.empty();
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String display(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : path.toString();
    }
}
