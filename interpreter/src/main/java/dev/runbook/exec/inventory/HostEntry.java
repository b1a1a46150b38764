package dev.runbook.exec.inventory;

import java.util.Map;

/**
 * How to reach one host that runbooks name: its address, SSH port and user, the private key to
 * offer (null: the agent and the defaults of ~/.ssh/config), and the shell script that sets the
 * TimesTen environment before each command (null: none). {@code vars}: every variable the
 * inventory gives the host, its groups' included, for fleets.
 */
public record HostEntry(String name, String address, int port, String user, String identityFile, String envScript,
                        Map<String, String> vars) {
    public HostEntry {
        vars = Map.copyOf(vars);
    }
}
