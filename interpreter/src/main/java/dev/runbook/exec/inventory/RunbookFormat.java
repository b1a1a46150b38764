package dev.runbook.exec.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runbook inventory: one statement a line, {@code #} comments.
 * <pre>
 * host master1host address=127.0.1.1 port=2222 user=timesten identity=~/.ssh/id_ed25519
 * host master2host address=127.0.1.2 port=2222
 * vars all user=timesten env=/opt/TimesTen/tt181/bin/ttenv.sh
 * group pair1 master1host master2host
 * children pairs pair1
 * </pre>
 */
final class RunbookFormat {
    private RunbookFormat() {}

    static Inventory parse(String file, String text) throws InventoryException {
        Inventory.Builder b = new Inventory.Builder(file);
        String[] lines = text.split("\n", -1);
        // hosts first, so that a group may list a host declared further down
        for (int pass = 0; pass < 2; pass++) {
            for (int n = 0; n < lines.length; n++) {
                List<String> words = Words.of(Words.uncommented(lines[n], false).strip());
                if (words == null) throw new InventoryException(file, n + 1, "a quote is not closed");
                if (words.isEmpty()) continue;
                String keyword = words.get(0);
                if (pass == 0) {
                    if (keyword.equals("host")) {
                        if (words.size() < 2) throw new InventoryException(file, n + 1, "write `host NAME address=... port=... user=...`");
                        b.host("all", words.get(1), assignments(file, n + 1, words.subList(2, words.size())));
                    }
                    continue;
                }
                switch (keyword) {
                    case "host" -> { }
                    case "vars" -> {
                        if (words.size() < 3) throw new InventoryException(file, n + 1, "write `vars GROUP name=value ...` (`all` for every host)");
                        for (Map.Entry<String, String> v : assignments(file, n + 1, words.subList(2, words.size())).entrySet()) {
                            b.var(words.get(1), v.getKey(), v.getValue());
                        }
                    }
                    case "group" -> {
                        if (words.size() < 3) throw new InventoryException(file, n + 1, "write `group NAME HOST ...`");
                        for (String h : words.subList(2, words.size())) {
                            if (!b.hostVars.containsKey(h)) {
                                throw new InventoryException(file, n + 1, "group " + words.get(1) + " names host `" + h
                                        + "`, which no `host` line declares: add `host " + h + " address=...`");
                            }
                            b.host(words.get(1), h, Map.of());
                        }
                    }
                    case "children" -> {
                        if (words.size() < 3) throw new InventoryException(file, n + 1, "write `children GROUP CHILD ...`");
                        for (String c : words.subList(2, words.size())) b.child(words.get(1), c);
                    }
                    default -> throw new InventoryException(file, n + 1, "`" + keyword
                            + "` is not a statement of a runbook inventory: write host, group, children or vars lines");
                }
            }
        }
        return b.build();
    }

    private static Map<String, String> assignments(String file, int line, List<String> words) throws InventoryException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq <= 0) throw new InventoryException(file, line, "`" + w + "` is not name=value");
            out.put(w.substring(0, eq), w.substring(eq + 1));
        }
        return out;
    }
}
