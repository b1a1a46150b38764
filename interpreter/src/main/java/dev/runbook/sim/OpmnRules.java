package dev.runbook.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import static dev.runbook.sim.RuleSupport.*;

/** I-30: the OPMN cluster of OCMS. */
final class OpmnRules {
    private OpmnRules() {}

    /** I-30: one OPMN cluster, on a valid multicast address, loaded everywhere; SIP containers configured with the cluster stopped. */
    static final class OpmnCluster implements Invariant {
        private static final List<String> SIP_SETTINGS = List.of("sipEdgeProxy", "sipRecordRoute", "sipDistributableRecordRoute");

        public String id() { return "I-30"; }

        public String rule() { return "OPMN clustering: one multicast address and port in the valid range, reloaded everywhere; SIP containers configured with the cluster stopped"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            for (ModelState.Instance h : after.all("host")) {
                for (String field : List.of("opmnDiscover", "opmnLoaded")) {
                    String topology = str(h, field);
                    String problem = multicastProblem(topology);
                    if (problem != null) {
                        return Optional.of("the OPMN topology of " + h.id() + " discovers " + topology + ": " + problem + " (004 L114)");
                    }
                }
            }
            for (ModelState.Instance h : after.all("host")) {
                ModelState.Instance was = before.instance(h.ref());
                if (was == null || !Physics.sym(h, "ocms").equals("running")) continue;
                for (String field : SIP_SETTINGS) {
                    if (has(h, field) && !str(h, field).equals(str(was, field))) {
                        return Optional.of("the SIP container of " + h.id() + " was configured (" + field + ") while it runs: "
                                + "stop the cluster first (opmnctl stopall, 004 L87)");
                    }
                }
            }
            if (!facts.atEnd()) return Optional.empty();
            Map<String, List<String>> clusters = new LinkedHashMap<>();
            for (ModelState.Instance h : after.all("host")) {
                if (!Physics.bool(h, "opmnRunning") || !has(h, "opmnLoaded")) continue;
                if (!str(h, "opmnDiscover").equals(str(h, "opmnLoaded"))) {
                    return Optional.of("opmn.xml of " + h.id() + " discovers " + shown(str(h, "opmnDiscover")) + " but OPMN still uses "
                            + shown(str(h, "opmnLoaded")) + ": run opmnctl reload on it (004 L120)");
                }
                if (str(h, "opmnDiscover").isEmpty() && !str(h, "opmnDiscoverSaved").isEmpty()) {
                    return Optional.of("the <topology> element of opmn.xml on " + h.id() + " is still commented out, so it is in no "
                            + "cluster: uncomment it and restart OPMN (004 L480)");
                }
                if (!str(h, "opmnLoaded").isEmpty()) clusters.computeIfAbsent(str(h, "opmnLoaded"), k -> new ArrayList<>()).add(h.id());
            }
            if (clusters.size() > 1) {
                List<String> parts = new ArrayList<>();
                for (Map.Entry<String, List<String>> c : clusters.entrySet()) {
                    parts.add(String.join(" and ", c.getValue()) + " " + (c.getValue().size() == 1 ? "uses " : "use ") + shown(c.getKey()));
                }
                return Optional.of("the nodes are not one cluster: " + String.join("; ", parts)
                        + ". Give every instance the same multicast address and port (004 L118)");
            }
            return Optional.empty();
        }

        private static String shown(String topology) {
            return topology.isEmpty() ? "no topology" : topology;
        }

        /** What is wrong with a multicast topology "*a.b.c.d:port", or null (also for the other forms). */
        static String multicastProblem(String topology) {
            if (!topology.startsWith("*")) return null;
            int colon = topology.lastIndexOf(':');
            if (colon < 0) return "a multicast topology is *address:port";
            String[] parts = topology.substring(1, colon).split("\\.", -1);
            long address = 0;
            if (parts.length != 4) return "not an IPv4 address";
            for (String p : parts) {
                int n;
                try {
                    n = Integer.parseInt(p);
                } catch (NumberFormatException e) {
                    return "not an IPv4 address";
                }
                if (n < 0 || n > 255) return "not an IPv4 address";
                address = address * 256 + n;
            }
            long low = ((224L * 256 + 0) * 256 + 1) * 256;
            long high = ((239L * 256 + 255) * 256 + 255) * 256 + 255;
            if (address < low || address > high) return "a multicast address is between 224.0.1.0 and 239.255.255.255";
            try {
                int port = Integer.parseInt(topology.substring(colon + 1));
                if (port < 1 || port > 65535) return "the port is not between 1 and 65535";
            } catch (NumberFormatException e) {
                return "the port is not a number";
            }
            return null;
        }
    }
}
