package dev.runbook.lint;

import dev.runbook.lint.rules.ActivateWhileActive;
import dev.runbook.lint.rules.DeactivateBeforeRepStop;
import dev.runbook.lint.rules.DestroyWithCacheGroups;
import dev.runbook.lint.rules.DestroyWithRunningAgent;
import dev.runbook.lint.rules.DestructiveWithoutConfirm;
import dev.runbook.lint.rules.HardCodedSecret;
import dev.runbook.lint.rules.MisspelledName;
import dev.runbook.lint.rules.OrderDiffersBetweenVersions;
import dev.runbook.lint.rules.PairFirstNameNotLocal;
import dev.runbook.lint.rules.PausedApplicationsNotResumed;
import dev.runbook.lint.rules.RawCommandHasVerb;
import dev.runbook.lint.rules.RepeatedStart;
import dev.runbook.lint.rules.StartAfterUpgradeWrongDb;
import dev.runbook.lint.rules.SuppressionWithoutReason;
import dev.runbook.lint.rules.TemporarySettingLeft;
import dev.runbook.lint.rules.TitleContradictsCommand;
import dev.runbook.lint.rules.UnknownUser;
import dev.runbook.lint.rules.UnreachableStep;
import dev.runbook.lint.rules.UnusedParameter;
import dev.runbook.lint.rules.UnusedSuppression;
import dev.runbook.lint.rules.UtilityOptions;
import dev.runbook.lint.rules.WaitWithoutTimeout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** The registry of lint rules: every rule is listed here once, and has its page docs/rules/ID.md (in the jar: /lint-rules/ID.md). */
public final class Rules {

    private static final List<Rule> ALL = List.of(
            new TitleContradictsCommand(),
            new RepeatedStart(),
            new StartAfterUpgradeWrongDb(),
            new PausedApplicationsNotResumed(),
            new ActivateWhileActive(),
            new DestroyWithCacheGroups(),
            new DestroyWithRunningAgent(),
            new PairFirstNameNotLocal(),
            new MisspelledName(),
            new UtilityOptions(),
            new UnknownUser(),
            new TemporarySettingLeft(),
            new OrderDiffersBetweenVersions(),
            new DeactivateBeforeRepStop(),
            new DestructiveWithoutConfirm(),
            new WaitWithoutTimeout(),
            new HardCodedSecret(),
            new RawCommandHasVerb(),
            new UnusedParameter(),
            new UnreachableStep(),
            new SuppressionWithoutReason(),
            new UnusedSuppression());

    private Rules() {}

    public static List<Rule> all() {
        return ALL;
    }

    public static Optional<Rule> byId(String id) {
        return ALL.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** The rule's page, as shipped in the jar (copied from docs/rules/ at build time), or empty. */
    public static Optional<String> page(String id) {
        try (InputStream in = Rules.class.getResourceAsStream("/lint-rules/" + id + ".md")) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
