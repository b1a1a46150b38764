package dev.runbook.exec.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Ansible INI inventory as Ansible reads it: hosts before any section are ungrouped;
 * {@code [group]} lists hosts with their variables ({@code name key=value ...}, numeric ranges
 * such as {@code db[01:03]} expanded), {@code [group:vars]} gives a group's variables and
 * {@code [group:children]} its child groups.
 */
final class AnsibleIni {
    private static final Pattern SECTION = Pattern.compile("\\[([^\\]:]+)(?::(vars|children))?\\]");
    private static final Pattern RANGE = Pattern.compile("\\[(\\d+):(\\d+)\\]");

    private AnsibleIni() {}

    static Inventory parse(String file, String text) throws InventoryException {
        Inventory.Builder b = new Inventory.Builder(file);
        String group = "ungrouped";
        String kind = "hosts";
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = Words.uncommented(lines[n], true).strip();
            if (line.isEmpty()) continue;
            if (line.startsWith("[")) {
                Matcher m = SECTION.matcher(line);
                if (!m.matches()) throw new InventoryException(file, n + 1, "`" + line + "` is not a section: write [group], [group:vars] or [group:children]");
                group = m.group(1).strip();
                kind = m.group(2) == null ? "hosts" : m.group(2);
                b.group(group);
                if (!group.equals("all")) b.child("all", group);
                continue;
            }
            switch (kind) {
                case "vars" -> {
                    int eq = line.indexOf('=');
                    if (eq <= 0) throw new InventoryException(file, n + 1, "write `name=value` under [" + group + ":vars]");
                    b.var(group, line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
                }
                case "children" -> b.child(group, line.split("\\s+")[0]);
                default -> {
                    List<String> words = Words.of(line);
                    if (words == null) throw new InventoryException(file, n + 1, "a quote is not closed");
                    Map<String, String> vars = new LinkedHashMap<>();
                    for (String w : words.subList(1, words.size())) {
                        int eq = w.indexOf('=');
                        if (eq <= 0) throw new InventoryException(file, n + 1, "`" + w + "` is not key=value: write `host ansible_host=ADDRESS ...`");
                        vars.put(w.substring(0, eq), w.substring(eq + 1));
                    }
                    for (String host : expand(file, n + 1, words.get(0))) b.host(group, host, vars);
                }
            }
        }
        return b.build();
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'') && value.charAt(value.length() - 1) == value.charAt(0)) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    /** {@code db[01:03]} is db01, db02, db03 (the width of the first bound kept). */
    private static List<String> expand(String file, int line, String pattern) throws InventoryException {
        Matcher m = RANGE.matcher(pattern);
        if (!m.find()) return List.of(pattern);
        int from = Integer.parseInt(m.group(1));
        int to = Integer.parseInt(m.group(2));
        if (to < from || to - from > 10_000) throw new InventoryException(file, line, "the range " + m.group() + " is empty or too large");
        List<String> out = new ArrayList<>();
        String width = m.group(1).startsWith("0") ? "%0" + m.group(1).length() + "d" : "%d";
        for (int i = from; i <= to; i++) {
            String one = pattern.substring(0, m.start()) + String.format(width, i) + pattern.substring(m.end());
            out.addAll(expand(file, line, one));
        }
        return out;
    }
}
