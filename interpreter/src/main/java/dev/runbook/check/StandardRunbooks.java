package dev.runbook.check;

import dev.runbook.source.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The standard runbooks built into the jar ({@code runbooks/} of the repository): found by id, and
 * listed by scanning the library's {@code runbooks/} directory through the class loader, whether the
 * classes run from a directory (tests, an IDE) or from the jar.
 */
public final class StandardRunbooks {

    public static final String DIR = "runbook-lib/runbooks/";

    private StandardRunbooks() {}

    /** The directory of the shared parts: the runbooks other runbooks {@code run}, never run on their own. */
    public static final String SUB_PROCEDURES = "common/";

    /** The ids of the top-level standard runbooks, sorted ({@code common/} holds shared parts, not procedures). */
    public static List<String> ids() {
        return all().stream().filter(id -> !id.contains("/")).toList();
    }

    /**
     * The ids of every standard runbook, those in subdirectories included ({@code common/role-reversal}),
     * sorted: what {@link #find} takes.
     */
    public static List<String> all() {
        return under(DIR);
    }

    /** The modules of the standard library built into the jar ({@code stdlib/}), sorted: {@code cache}, {@code ocms}, {@code timesten}. */
    public static List<String> modules() {
        return under(MODULES);
    }

    /** The directory of the standard library's modules inside the jar. */
    public static final String MODULES = "runbook-lib/stdlib/";

    private static List<String> under(String dir) {
        TreeSet<String> out = new TreeSet<>();
        try {
            Enumeration<URL> roots = StandardRunbooks.class.getClassLoader().getResources(dir);
            while (roots.hasMoreElements()) scan(roots.nextElement(), dir, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ArrayList<>(out);
    }

    /** Whether the standard runbook {@code id} is a shared part that other runbooks run ({@code common/...}). */
    public static boolean isSubProcedure(String id) {
        return id.startsWith(SUB_PROCEDURES);
    }

    private static void scan(URL root, String dir, TreeSet<String> out) throws IOException {
        if ("file".equals(root.getProtocol())) {
            Path base;
            try {
                base = Path.of(root.toURI());
            } catch (URISyntaxException | IllegalArgumentException e) {
                return;
            }
            if (!Files.isDirectory(base)) return;
            try (Stream<Path> files = Files.walk(base)) {
                files.filter(Files::isRegularFile).map(p -> base.relativize(p).toString().replace('\\', '/')).forEach(name -> add(name, out));
            }
        } else if ("jar".equals(root.getProtocol())) {
            URLConnection connection = root.openConnection();
            if (!(connection instanceof JarURLConnection jar)) return;
            jar.setUseCaches(false);
            try (JarFile file = jar.getJarFile()) {
                String prefix = jar.getEntryName() == null ? dir : jar.getEntryName();
                if (!prefix.endsWith("/")) prefix += "/";
                Enumeration<JarEntry> entries = file.entries();
                while (entries.hasMoreElements()) {
                    String name = entries.nextElement().getName();
                    if (!name.startsWith(prefix)) continue;
                    add(name.substring(prefix.length()), out);
                }
            }
        }
    }

    /** A file's path under {@code runbooks/}, {@code common/role-reversal.rbk}: its id, if it is a runbook. */
    private static void add(String relative, TreeSet<String> out) {
        String fileName = relative.substring(relative.lastIndexOf('/') + 1);
        if (relative.endsWith(".rbk") && fileName.length() > 4) out.add(relative.substring(0, relative.length() - 4));
    }

    /** A standard runbook by id ({@code asp-major-online-nocg}, or {@code common/role-reversal}), named as the library names it. */
    public static Optional<Source> find(String id) {
        if (id.isEmpty() || id.contains("..") || id.startsWith("/") || id.contains("\\")) return Optional.empty();
        String relative = (id.endsWith(".rbk") ? id.substring(0, id.length() - 4) : id).replace('.', '/') + ".rbk";
        return Library.readResource(DIR + relative).map(text -> Source.of("<builtin>/runbooks/" + relative, text));
    }
}
