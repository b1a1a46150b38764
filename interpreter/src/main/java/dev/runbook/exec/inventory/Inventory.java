package dev.runbook.exec.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The hosts a run may reach and the groups they are in, read from one of three formats: the
 * runbook inventory (lines of {@code host}, {@code group} and {@code vars}), an Ansible INI
 * inventory, or an Ansible YAML inventory, each as its users write it (docs/running.md).
 * Variables are resolved as Ansible does: a host's own over its groups', a child group's over
 * its parent's, and {@code all} last.
 */
public final class Inventory {

    /** A group: its own hosts, its child groups, its variables. */
    public record Group(String name, List<String> hosts, List<String> children, Map<String, String> vars) {}

    private final String file;
    private final Map<String, Map<String, String>> hostVars;
    private final Map<String, Group> groups;

    Inventory(String file, Map<String, Map<String, String>> hostVars, Map<String, Group> groups) {
        this.file = file;
        this.hostVars = hostVars;
        this.groups = groups;
    }

    public String file() {
        return file;
    }

    /** Reads an inventory file, its format told by its extension (.yml, .yaml) or its content. */
    public static Inventory load(Path path) throws InventoryException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InventoryException(path.toString(), 0, "cannot read the inventory (" + e.getClass().getSimpleName()
                    + "): give a readable file with -i");
        }
        return parse(path.toString(), text);
    }

    public static Inventory parse(String file, String text) throws InventoryException {
        return switch (Format.of(file, text)) {
            case YAML -> AnsibleYaml.parse(file, text);
            case INI -> AnsibleIni.parse(file, text);
            case RUNBOOK -> RunbookFormat.parse(file, text);
        };
    }

    enum Format {
        RUNBOOK, INI, YAML;

        static Format of(String file, String text) {
            String lower = file.toLowerCase(java.util.Locale.ROOT);
            if (lower.endsWith(".yml") || lower.endsWith(".yaml")) return YAML;
            for (String raw : text.split("\n", -1)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
                if (line.equals("---") || line.matches("[A-Za-z0-9_.-]+:\\s*(#.*)?")) return YAML;
                if (line.startsWith("[")) return INI;
                String first = line.split("\\s+", 2)[0];
                return first.equals("host") || first.equals("group") || first.equals("vars") ? RUNBOOK : INI;
            }
            return RUNBOOK;
        }
    }

    /** The names of every host, in the order the file gives them. */
    public List<String> hostNames() {
        return List.copyOf(hostVars.keySet());
    }

    public Optional<HostEntry> host(String name) {
        if (!hostVars.containsKey(name)) return Optional.empty();
        Map<String, String> vars = resolvedVars(name);
        String address = first(vars, "address", "ansible_host");
        String port = first(vars, "port", "ansible_port", "ansible_ssh_port");
        String user = first(vars, "user", "ansible_user", "ansible_ssh_user");
        String identity = first(vars, "identity", "ansible_ssh_private_key_file", "ansible_private_key_file");
        String env = first(vars, "env", "runbook_env");
        int portNumber = 0;
        if (port != null) {
            try {
                portNumber = Integer.parseInt(port.trim());
            } catch (NumberFormatException e) {
                portNumber = -1;
            }
        }
        return Optional.of(new HostEntry(name, address, portNumber, user, identity, env, vars));
    }

    public Optional<Group> group(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    public List<Group> groups() {
        return List.copyOf(groups.values());
    }

    /** Every host of a group, its children's included, in order. */
    public List<String> hostsOf(String group) {
        Set<String> out = new LinkedHashSet<>();
        collect(group, out, new LinkedHashSet<>());
        return List.copyOf(out);
    }

    private void collect(String group, Set<String> out, Set<String> seen) {
        Group g = groups.get(group);
        if (g == null || !seen.add(group)) return;
        out.addAll(g.hosts());
        for (String child : g.children()) collect(child, out, seen);
    }

    /** A host's variables: {@code all}'s, then each group's from the farthest ancestor to the nearest, then its own. */
    Map<String, String> resolvedVars(String host) {
        Map<String, String> out = new LinkedHashMap<>();
        Group all = groups.get("all");
        if (all != null) out.putAll(all.vars());
        for (String g : groupsByDepth(host)) out.putAll(groups.get(g).vars());
        out.putAll(hostVars.get(host));
        return out;
    }

    /** The groups a host is in, directly or through children, the shallowest (closest to all) first. */
    private List<String> groupsByDepth(String host) {
        Map<String, Integer> depth = new LinkedHashMap<>();
        for (Group g : groups.values()) {
            if (g.name().equals("all") || !hostsOf(g.name()).contains(host)) continue;
            depth.put(g.name(), ancestors(g.name(), new LinkedHashSet<>()));
        }
        List<String> out = new ArrayList<>(depth.keySet());
        out.sort((a, b) -> Integer.compare(depth.get(a), depth.get(b)));
        return out;
    }

    private int ancestors(String group, Set<String> seen) {
        if (!seen.add(group)) return 0;
        int most = 0;
        for (Group g : groups.values()) {
            if (!g.name().equals("all") && g.children().contains(group)) most = Math.max(most, 1 + ancestors(g.name(), seen));
        }
        return most;
    }

    private static String first(Map<String, String> vars, String... names) {
        for (String n : names) {
            String v = vars.get(n);
            if (v != null && !v.isBlank()) return v.strip();
        }
        return null;
    }

    /** Builds an inventory while a format reads it; a group named for the first time is created empty. */
    static final class Builder {
        final String file;
        final Map<String, Map<String, String>> hostVars = new LinkedHashMap<>();
        final Map<String, List<String>> hosts = new LinkedHashMap<>();
        final Map<String, List<String>> children = new LinkedHashMap<>();
        final Map<String, Map<String, String>> vars = new LinkedHashMap<>();

        Builder(String file) {
            this.file = file;
            group("all");
        }

        void group(String name) {
            hosts.computeIfAbsent(name, k -> new ArrayList<>());
            children.computeIfAbsent(name, k -> new ArrayList<>());
            vars.computeIfAbsent(name, k -> new LinkedHashMap<>());
        }

        void host(String group, String host, Map<String, String> own) {
            hostVars.computeIfAbsent(host, k -> new LinkedHashMap<>()).putAll(own);
            group(group);
            if (!hosts.get(group).contains(host)) hosts.get(group).add(host);
        }

        void child(String parent, String child) {
            group(parent);
            group(child);
            if (!children.get(parent).contains(child)) children.get(parent).add(child);
        }

        void var(String group, String name, String value) {
            group(group);
            vars.get(group).put(name, value);
        }

        Inventory build() throws InventoryException {
            if (hostVars.isEmpty()) throw new InventoryException(file, 0, "the inventory names no host: give one line per host");
            Map<String, Group> groups = new LinkedHashMap<>();
            for (String g : hosts.keySet()) groups.put(g, new Group(g, List.copyOf(hosts.get(g)), List.copyOf(children.get(g)), Map.copyOf(vars.get(g))));
            return new Inventory(file, hostVars, groups);
        }
    }
}
