package dev.runbook.sim;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ModelState} as text and back, whole (fields, clock, counters, partitions), for the
 * TimesTen command shims (dev.runbook.shim), which keep one cluster's state in a file that every
 * shim process reads and writes. Test-side, in this package for the clock and counters. One line a
 * fact; values are tagged tokens, text percent-encoded, so a line never holds a blank or a newline
 * of a value.
 */
public final class ModelStateFile {

    static final String HEADER = "runbook-shim-state v1";

    private ModelStateFile() {}

    /** The state as lines of text, with {@code extra} lines ("key token...") of the caller's own. */
    public static String write(ModelState s, Map<String, String> extra) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        out.append("clock ").append(s.clock).append('\n');
        out.append("committed ").append(Double.toString(s.committed)).append('\n');
        out.append("writeOutage ").append(s.writeOutage).append('\n');
        for (String p : s.partitions) out.append("partition ").append(enc(p)).append('\n');
        for (String u : s.unverified) out.append("unverified ").append(enc(u)).append('\n');
        for (Map.Entry<String, String> e : extra.entrySet()) out.append("extra ").append(enc(e.getKey())).append(' ').append(enc(e.getValue())).append('\n');
        for (ModelState.Instance i : s.instances()) {
            out.append("instance ").append(enc(i.entity)).append(' ').append(enc(i.id)).append('\n');
            for (Map.Entry<String, Value> f : i.fields.entrySet()) {
                out.append("field ").append(enc(f.getKey())).append(' ').append(value(f.getValue())).append('\n');
            }
        }
        return out.toString();
    }

    /** The state and the caller's extra lines that {@link #write} wrote. */
    public record Read(ModelState state, Map<String, String> extra) {}

    public static Read read(String text) {
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].equals(HEADER)) throw new IllegalArgumentException("not a shim state file (no `" + HEADER + "` line)");
        ModelState s = new ModelState();
        Map<String, String> extra = new LinkedHashMap<>();
        ModelState.Instance current = null;
        for (int n = 1; n < lines.length; n++) {
            if (lines[n].isEmpty()) continue;
            String[] t = lines[n].split(" ");
            switch (t[0]) {
                case "clock" -> s.clock = Long.parseLong(t[1]);
                case "committed" -> s.committed = Double.parseDouble(t[1]);
                case "writeOutage" -> s.writeOutage = Long.parseLong(t[1]);
                case "partition" -> s.partitions.add(dec(t[1]));
                case "unverified" -> s.unverified.add(dec(t[1]));
                case "extra" -> extra.put(dec(t[1]), dec(t[2]));
                case "instance" -> current = s.add(dec(t[1]), dec(t[2]));
                case "field" -> {
                    int[] at = {2};
                    current.fields.put(dec(t[1]), parse(t, at));
                }
                default -> throw new IllegalArgumentException("line " + (n + 1) + " of the shim state file: unknown `" + t[0] + "`");
            }
        }
        return new Read(s, extra);
    }

    private static String value(Value v) {
        if (v instanceof Value.Str x) return "s:" + enc(x.value());
        if (v instanceof Value.Num x) return "n:" + x.value();
        if (v instanceof Value.Bool x) return "b:" + x.value();
        if (v instanceof Value.Sym x) return "y:" + enc(x.name());
        if (v instanceof Value.Ref x) return "r:" + enc(x.entity()) + ":" + enc(x.id());
        if (v instanceof Value.Secret x) return "k:" + enc(x.owner());
        if (v instanceof Value.ListV l) {
            StringBuilder out = new StringBuilder("l:").append(l.items().size());
            for (Value item : l.items()) out.append(' ').append(value(item));
            return out.toString();
        }
        return "nil";
    }

    private static Value parse(String[] t, int[] at) {
        String token = t[at[0]++];
        if (token.equals("nil")) return Value.NIL;
        String body = token.substring(2);
        return switch (token.charAt(0)) {
            case 's' -> new Value.Str(dec(body));
            case 'n' -> new Value.Num(Double.parseDouble(body));
            case 'b' -> Value.of(Boolean.parseBoolean(body));
            case 'y' -> new Value.Sym(dec(body));
            case 'r' -> new Value.Ref(dec(body.substring(0, body.indexOf(':'))), dec(body.substring(body.indexOf(':') + 1)));
            case 'k' -> new Value.Secret(dec(body));
            case 'l' -> {
                int count = Integer.parseInt(body);
                List<Value> items = new ArrayList<>();
                for (int i = 0; i < count; i++) items.add(parse(t, at));
                yield new Value.ListV(items);
            }
            default -> throw new IllegalArgumentException("unknown value `" + token + "` in the shim state file");
        };
    }

    private static String enc(String s) {
        return s.isEmpty() ? "%" : URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return s.equals("%") ? "" : URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
