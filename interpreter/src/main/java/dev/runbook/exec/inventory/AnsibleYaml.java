package dev.runbook.exec.inventory;

import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * An Ansible YAML inventory: groups (usually under {@code all}) with {@code hosts} (a host and
 * its variables), {@code vars} and {@code children} (groups again).
 */
final class AnsibleYaml {
    private AnsibleYaml() {}

    static Inventory parse(String file, String text) throws InventoryException {
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (MarkedYAMLException e) {
            throw new InventoryException(file, e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1,
                    "not YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new InventoryException(file, 0, "not YAML: " + e.getMessage());
        }
        if (!(doc instanceof Map<?, ?> top)) throw new InventoryException(file, 1, "an Ansible YAML inventory is a map of groups, such as `all:`");
        Inventory.Builder b = new Inventory.Builder(file);
        for (Map.Entry<?, ?> g : top.entrySet()) {
            String name = String.valueOf(g.getKey());
            if (!name.equals("all")) b.child("all", name);
            group(file, b, name, g.getValue());
        }
        return b.build();
    }

    private static void group(String file, Inventory.Builder b, String name, Object body) throws InventoryException {
        b.group(name);
        if (body == null) return;
        if (!(body instanceof Map<?, ?> map)) throw new InventoryException(file, 0, "group " + name + " must be a map of hosts, vars and children");
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            switch (key) {
                case "hosts" -> {
                    if (e.getValue() == null) continue;
                    if (!(e.getValue() instanceof Map<?, ?> hosts)) throw new InventoryException(file, 0, name + ".hosts must be a map of host names");
                    for (Map.Entry<?, ?> h : hosts.entrySet()) b.host(name, String.valueOf(h.getKey()), scalars(file, name + "." + h.getKey(), h.getValue()));
                }
                case "vars" -> {
                    for (Map.Entry<String, String> v : scalars(file, name + ".vars", e.getValue()).entrySet()) b.var(name, v.getKey(), v.getValue());
                }
                case "children" -> {
                    if (e.getValue() == null) continue;
                    if (!(e.getValue() instanceof Map<?, ?> children)) throw new InventoryException(file, 0, name + ".children must be a map of groups");
                    for (Map.Entry<?, ?> c : children.entrySet()) {
                        b.child(name, String.valueOf(c.getKey()));
                        group(file, b, String.valueOf(c.getKey()), c.getValue());
                    }
                }
                default -> throw new InventoryException(file, 0, "group " + name + " has `" + key + "`: a group has hosts, vars and children");
            }
        }
    }

    private static Map<String, String> scalars(String file, String where, Object value) throws InventoryException {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (value == null) return out;
        if (!(value instanceof Map<?, ?> map)) throw new InventoryException(file, 0, where + " must be a map of variables");
        for (Map.Entry<?, ?> e : map.entrySet()) out.put(String.valueOf(e.getKey()), e.getValue() == null ? "" : String.valueOf(e.getValue()));
        return out;
    }
}
