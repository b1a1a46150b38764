package dev.runbook.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import static dev.runbook.sim.RuleSupport.*;

/** I-33: memory and disk of a host during an online upgrade (sums over its databases and files). */
final class CapacityRules {
    private CapacityRules() {}

    /** I-33: what a host holds fits its memory and disk (when the cluster says how much it has). */
    static final class Capacity implements Invariant {
        public String id() { return "I-33"; }

        public String rule() { return "online upgrade capacity: the copies fit in memory and on disk"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            for (ModelState.Instance host : after.all("host")) {
                double memory = Physics.num(host, "memory");
                double disk = Physics.num(host, "disk");
                if (memory <= 0 && disk <= 0) continue;
                double inMemory = 0;
                double onDisk = 0;
                List<String> what = new ArrayList<>();
                for (ModelState.Instance db : after.all("database")) {
                    boolean here = host.id().equals(Physics.host(db));
                    if (here && exists(db)) {
                        if (Physics.bool(db, "loaded")) inMemory += Physics.num(db, "permSize") + Physics.num(db, "tempSize");
                        onDisk += Physics.num(db, "permSize");
                        what.add(db.id());
                    }
                    if (here && !Physics.sym(db, "migrateFile").isEmpty()) {
                        onDisk += Physics.num(db, "savedPermInUse");
                        what.add("ttMigrate file " + Physics.sym(db, "migrateFile"));
                    }
                    if (!Physics.sym(db, "backupFile").isEmpty() && db.fields.get("backupHost") instanceof Value.Ref b
                            && b.id().equals(host.id())) {
                        onDisk += Physics.num(db, "backupPermInUse");
                        what.add("ttBackup file " + Physics.sym(db, "backupFile"));
                    }
                }
                if (memory > 0 && inMemory > memory) {
                    return Optional.of(String.format(Locale.ROOT, "%s needs %d MB of memory for the loaded databases (%s) and has %d MB",
                            host.id(), (long) inMemory, String.join(", ", what), (long) memory));
                }
                if (disk > 0 && onDisk > disk) {
                    return Optional.of(String.format(Locale.ROOT, "%s needs %d MB of disk for %s and has %d MB",
                            host.id(), (long) onDisk, String.join(", ", what), (long) disk));
                }
            }
            return Optional.empty();
        }
    }
}
