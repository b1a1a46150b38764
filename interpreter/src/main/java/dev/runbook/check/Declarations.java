package dev.runbook.check;

import dev.runbook.ast.Item;
import dev.runbook.ast.Name;
import dev.runbook.ast.RunbookFile;
import dev.runbook.ast.TypeRef;
import dev.runbook.parse.ParseResult;
import dev.runbook.source.Code;
import dev.runbook.source.Source;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Names: finds the modules and runbooks a file uses and registers what they declare (types,
 * entities and fields, model-wide values, verbs, queries, built-ins) in the vocabulary.
 */
abstract class Declarations extends CheckState {

    Declarations(Library library, Source source) {
        super(library, source);
    }

    void load(Item.UseItem use, Path dir, List<Declared> modules, boolean fromCheckedFile) {
        String name = use.dottedPath();
        if (loaded.contains(name)) return;
        if (!loading.add(name)) {
            if (fromCheckedFile) report(Code.CYCLIC_USE, use.span(), "`" + name + "` uses itself through other modules",
                    "break the cycle: move what both need into a third module");
            return;
        }
        try {
            Optional<Library.Found> found = library.find(name, dir);
            if (found.isEmpty()) {
                vocabularyIncomplete = true;
                if (fromCheckedFile) {
                    report(Code.UNKNOWN_MODULE, use.span(), "no module or runbook `" + name + "`",
                            "looked for " + name.replace('.', '/') + ".rbk in " + String.join(", ", library.searchPath(name, dir))
                                    + "; add --lib DIR if it lives elsewhere");
                }
                return;
            }
            Library.Found f = found.get();
            String key = f.source().path() == null ? f.source().name() : f.source().path().toAbsolutePath().normalize().toString();
            if (openFiles.contains(key)) {
                report(Code.CYCLIC_USE, topUse.span(), "`" + topUse.dottedPath() + "` leads back to "
                        + (f.source().path() != null && key.equals(openFiles.iterator().next()) ? "this file" : "`" + name + "`")
                        + ": modules use each other in a cycle", "move what both need into a third module");
                return;
            }
            if (fromCheckedFile) resolutions.add(new CheckResult.Resolution(name, f.where()));
            ParseResult parsed = library.parsed(f.source());
            if (parsed.hasErrors()) {
                vocabularyIncomplete = true;
                if (fromCheckedFile) {
                    report(Code.UNKNOWN_MODULE, use.span(), "`" + name + "` (" + f.where() + ") has syntax errors",
                            "run `runbook check` on it");
                }
                return;
            }
            RunbookFile used = parsed.file();
            openFiles.add(key);
            Path usedDir = f.source().path() == null ? null : f.source().path().toAbsolutePath().getParent();
            for (Item.UseItem inner : used.itemsOf(Item.UseItem.class)) load(inner, usedDir, modules, false);
            if (used.isModule()) {
                modules.add(new Declared(used, f.source()));
            } else if (fromCheckedFile) {
                runbooks.put(use.localName(), new UsedRunbook(used, f.source()));
                runbooks.putIfAbsent(use.dottedPath(), runbooks.get(use.localName()));
                usedLocalNames.put(use.localName(), false);
            } else {
                // a runbook that a used runbook runs: the engine runs it through that one's `run`
                runbooks.putIfAbsent(use.localName(), new UsedRunbook(used, f.source()));
                runbooks.putIfAbsent(use.dottedPath(), runbooks.get(use.localName()));
            }
            loaded.add(name);
        } catch (IOException e) {
            if (fromCheckedFile) report(Code.UNKNOWN_MODULE, use.span(), "cannot read `" + name + "`: " + e.getMessage(), null);
        } finally {
            loading.remove(name);
        }
    }

    /** Registers the declarations of every module in passes, so declarations may refer to each other. */
    void declare(List<Declared> modules, RunbookFile checked) {
        for (Declared m : modules) {
            boolean own = m.file() == checked;
            for (Item.TypeItem t : m.file().itemsOf(Item.TypeItem.class)) {
                List<String> values = t.values().stream().map(Name::text).toList();
                if (own) {
                    if (vocabulary.enums.containsKey(t.name().text()) || vocabulary.entities.containsKey(t.name().text())) {
                        report(Code.DUPLICATE_NAME, t.name().span(), "type `" + t.name().text() + "` is declared twice", null);
                    }
                    Set<String> seen = new HashSet<>();
                    for (Name v : t.values()) {
                        if (!seen.add(v.text())) report(Code.DUPLICATE_NAME, v.span(), "`" + v.text() + "` is listed twice", null);
                    }
                }
                vocabulary.enums.putIfAbsent(t.name().text(), new Type.Enum(t.name().text(), values));
            }
            for (Item.EntityItem e : m.file().itemsOf(Item.EntityItem.class)) {
                if (own && vocabulary.enums.containsKey(e.name().text())) {
                    report(Code.DUPLICATE_NAME, e.name().span(), "`" + e.name().text() + "` is already a type", null);
                }
                vocabulary.entities.putIfAbsent(e.name().text(), new Type.Entity(e.name().text(), new LinkedHashMap<>()));
            }
        }
        for (Declared m : modules) {
            boolean own = m.file() == checked;
            for (Item.EntityItem e : m.file().itemsOf(Item.EntityItem.class)) {
                Map<String, Type> fields = vocabulary.entities.get(e.name().text()).fields();
                for (Item.FieldDecl f : e.fields()) {
                    Type type = resolveType(f.type(), own);
                    if (fields.containsKey(f.name().text()) && own) {
                        report(Code.DUPLICATE_NAME, f.name().span(), "field `" + f.name().text() + "` is declared twice", null);
                    }
                    fields.putIfAbsent(f.name().text(), type);
                    if (f.defaultValue() != null) {
                        vocabulary.fieldDefaults.computeIfAbsent(e.name().text(), k -> new LinkedHashMap<>())
                                .putIfAbsent(f.name().text(), f.defaultValue());
                    }
                }
            }
            for (Item.ParamItem p : m.file().itemsOf(Item.ParamItem.class)) {
                if (p.type() == null) {
                    if (own) report(Code.BAD_DECLARATION, p.span(), "a module's `param` declares a model-wide value and needs a type",
                            "write param " + p.name().text() + ": ENTITY");
                    continue;
                }
                vocabulary.globals.putIfAbsent(p.name().text(),
                        new Vocabulary.Global(p.name().text(), resolveType(p.type(), own), p, m.source()));
            }
        }
        for (Declared m : modules) {
            boolean own = m.file() == checked;
            for (Item.InvariantItem i : m.file().itemsOf(Item.InvariantItem.class)) {
                Vocabulary.DeclaredInvariant earlier = vocabulary.invariants.stream().filter(d -> d.id().equals(i.id())).findFirst().orElse(null);
                vocabulary.invariants.add(new Vocabulary.DeclaredInvariant(i, m.source()));
                if (earlier != null && own) {
                    report(Code.DUPLICATE_NAME, i.idSpan(), "invariant " + i.id() + " is declared twice",
                            "an earlier declaration is in " + earlier.source().name() + "; give this rule an id of its own");
                }
            }
            for (Item.VerbItem v : m.file().itemsOf(Item.VerbItem.class)) {
                List<Vocabulary.Param> params = new ArrayList<>();
                Set<String> names = new HashSet<>();
                for (Item.SigParam p : v.params()) {
                    if (!names.add(p.name().text()) && own) {
                        report(Code.DUPLICATE_NAME, p.name().span(), "parameter `" + p.name().text() + "` is declared twice", null);
                    }
                    params.add(new Vocabulary.Param(p, p.keyword() == null ? null : p.keyword().text(), p.name().text(),
                            resolveType(p.type(), own)));
                }
                Type result = v.result() == null ? null : resolveType(v.result(), own);
                Vocabulary.Callable callable = new Vocabulary.Callable(v, m.source(), params, result);
                Map<String, Vocabulary.Callable> table = switch (v.kind()) {
                    case VERB -> vocabulary.verbs;
                    case QUERY -> vocabulary.queries;
                    case BUILTIN -> vocabulary.builtins;
                };
                if (table.containsKey(v.name().text())) {
                    if (own) report(Code.DUPLICATE_NAME, v.name().span(), "`" + v.name().text() + "` is declared twice",
                            "an earlier declaration is in " + table.get(v.name().text()).source().name());
                    continue;
                }
                table.put(v.name().text(), callable);
            }
        }
    }

    Type resolveType(TypeRef ref, boolean report) {
        if (ref instanceof TypeRef.ListType l) {
            Type element = resolveType(l.element(), report);
            return Type.isUnknown(element) ? Type.UNKNOWN : new Type.ListOf(element);
        }
        Name name = ((TypeRef.NamedType) ref).name();
        Type t = switch (name.text()) {
            case "string" -> Type.Prim.STRING;
            case "number" -> Type.Prim.NUMBER;
            case "duration" -> Type.Prim.DURATION;
            case "bool" -> Type.Prim.BOOL;
            case "release" -> Type.Prim.RELEASE;
            default -> {
                Type e = vocabulary.entities.get(name.text());
                yield e != null ? e : vocabulary.enums.get(name.text());
            }
        };
        if (t == null) {
            if (report) {
                List<String> known = new ArrayList<>(List.of("string", "number", "duration", "bool", "release"));
                known.addAll(vocabulary.entities.keySet());
                known.addAll(vocabulary.enums.keySet());
                report(Code.UNKNOWN_TYPE, name.span(), "unknown type `" + name.text() + "`",
                        Optional.ofNullable(Suggest.hint(name.text(), known)).orElse("the types are " + String.join(", ", known)));
            }
            return Type.UNKNOWN;
        }
        return t;
    }
}
