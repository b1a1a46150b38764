package dev.runbook.exec.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The three inventory formats, read as their users write them (issue 8 point 2). */
class InventoryTest {

    @Test
    @DisplayName("Runbook format: hosts, group and all variables, groups and children; a host's own values win")
    void runbookFormat() throws Exception {
        Inventory inv = Inventory.parse("site.inventory", """
                # the pair of site A
                host master1host address=10.0.0.1 port=2222 identity=~/.ssh/tt_ed25519
                host master2host address="10.0.0.2" user=oracle
                vars all user=timesten env=$TT_HOME/bin/ttenv.sh
                vars pair1 param_active=master1@master1host
                group pair1 master1host master2host
                children pairs pair1
                """);
        HostEntry m1 = inv.host("master1host").orElseThrow();
        assertEquals("10.0.0.1", m1.address());
        assertEquals(2222, m1.port());
        assertEquals("timesten", m1.user());
        assertEquals("~/.ssh/tt_ed25519", m1.identityFile());
        assertEquals("$TT_HOME/bin/ttenv.sh", m1.envScript());
        assertEquals("master1@master1host", m1.vars().get("param_active"));
        HostEntry m2 = inv.host("master2host").orElseThrow();
        assertEquals("oracle", m2.user());
        assertEquals(0, m2.port(), "no port: ~/.ssh/config's or 22");
        assertEquals(List.of("master1host", "master2host"), inv.hostsOf("pairs"));
        assertEquals(List.of("pair1"), inv.group("pairs").orElseThrow().children());
    }

    @Test
    @DisplayName("Runbook format: a group naming an undeclared host, an unknown statement and a bare word are errors with file and line")
    void runbookFormatErrors() {
        InventoryException undeclared = assertThrows(InventoryException.class,
                () -> Inventory.parse("a.inventory", "host h1 address=1.2.3.4\ngroup g h1 h2\n"));
        assertEquals("a.inventory:2: group g names host `h2`, which no `host` line declares: add `host h2 address=...`", undeclared.getMessage());
        InventoryException unknown = assertThrows(InventoryException.class, () -> Inventory.parse("a.inventory", "host h1\nhots h2\n"));
        assertEquals(2, unknown.line());
        InventoryException bare = assertThrows(InventoryException.class, () -> Inventory.parse("a.inventory", "host h1 address\n"));
        assertTrue(bare.getMessage().startsWith("a.inventory:1: `address` is not name=value"), bare.getMessage());
    }

    @Test
    @DisplayName("Ansible INI: ungrouped hosts, [group], [group:vars], [group:children], ranges, quotes, ; and # comments")
    void ansibleIni() throws Exception {
        Inventory inv = Inventory.parse("hosts", """
                ; site inventory
                bastion ansible_host=10.9.9.9

                [masters]
                master1host ansible_host=10.0.0.1 ansible_port=2201
                master2host ansible_host=10.0.0.2   # the standby
                sub[01:02]host ansible_user="sub user"

                [masters:vars]
                ansible_user=timesten
                ansible_ssh_private_key_file=/keys/tt

                [pairs:children]
                masters

                [pairs:vars]
                ansible_user=nobody
                runbook_env = /opt/tt/bin/ttenv.sh
                """);
        assertEquals(List.of("bastion", "master1host", "master2host", "sub01host", "sub02host"), inv.hostNames());
        HostEntry m1 = inv.host("master1host").orElseThrow();
        assertEquals(2201, m1.port());
        assertEquals("timesten", m1.user(), "the child group's variable wins over its parent's");
        assertEquals("/keys/tt", m1.identityFile());
        assertEquals("/opt/tt/bin/ttenv.sh", m1.envScript());
        assertEquals("sub user", inv.host("sub02host").orElseThrow().user(), "the host's own variable wins");
        assertEquals(List.of("master1host", "master2host", "sub01host", "sub02host"), inv.hostsOf("pairs"));
    }

    @Test
    @DisplayName("Ansible YAML: all, hosts with variables, vars, nested children")
    void ansibleYaml() throws Exception {
        Inventory inv = Inventory.parse("hosts.yml", """
                all:
                  vars:
                    ansible_user: timesten
                  children:
                    pairs:
                      children:
                        pair1:
                          hosts:
                            master1host:
                              ansible_host: 10.0.0.1
                              ansible_port: 2201
                            master2host:
                          vars:
                            param_active: master1@master1host
                """);
        HostEntry m1 = inv.host("master1host").orElseThrow();
        assertEquals("10.0.0.1", m1.address());
        assertEquals(2201, m1.port());
        assertEquals("timesten", m1.user());
        assertEquals("master1@master1host", inv.host("master2host").orElseThrow().vars().get("param_active"));
        assertEquals(List.of("master1host", "master2host"), inv.hostsOf("pairs"));
    }

    @Test
    @DisplayName("Broken YAML and a YAML that is not an inventory say where and what")
    void yamlErrors() {
        InventoryException broken = assertThrows(InventoryException.class, () -> Inventory.parse("h.yaml", "all:\n  hosts: [a\n"));
        assertTrue(broken.getMessage().startsWith("h.yaml:"), broken.getMessage());
        InventoryException list = assertThrows(InventoryException.class, () -> Inventory.parse("h.yaml", "- a\n- b\n"));
        assertTrue(list.getMessage().contains("a map of groups"), list.getMessage());
        InventoryException empty = assertThrows(InventoryException.class, () -> Inventory.parse("h.inventory", "# nothing\n"));
        assertTrue(empty.getMessage().contains("names no host"), empty.getMessage());
    }
}
