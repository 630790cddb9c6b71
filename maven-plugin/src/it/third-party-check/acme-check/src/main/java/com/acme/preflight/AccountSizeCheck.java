package com.acme.preflight;

import dev.preflight.core.check.AuditContext;
import dev.preflight.core.check.Check;
import dev.preflight.core.check.CheckDefinition;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Configurable;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.snapshot.ClusterSnapshot;
import dev.preflight.core.snapshot.Lookup;
import dev.preflight.core.vocabulary.Severity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/**
 * A third party's check: the accounts it is given stay within a size budget (rent is paid on
 * every byte). Its settings are its own section of preflight.yaml, {@code checks.acme.account-size}.
 */
@CheckDefinition(id = AccountSizeCheck.ID, title = "Accounts stay within the size budget",
    severity = Severity.LOW, checklist = {"p1.2.gas-optimization"},
    rationale = "Every byte of an account costs rent; a config account that grows past its budget "
        + "is paid for by every deployment.",
    remediation = "Shrink the account's layout, or raise checks.acme.account-size.maxBytes with "
        + "the reason.",
    references = {"https://acme.example/preflight/account-size"})
public final class AccountSizeCheck implements Check, Configurable<AccountSizeCheck.Settings> {
  public static final String ID = "acme.account-size";

  /** {@code checks.acme.account-size}: the accounts to weigh and the budget. */
  public record Settings(List<String> accounts, int maxBytes) {
    public Settings {
      if (accounts == null || accounts.isEmpty()) {
        throw new IllegalArgumentException("list at least one account address under 'accounts'");
      }
      if (maxBytes < 1) {
        throw new IllegalArgumentException("maxBytes must be at least 1, not " + maxBytes);
      }
      accounts = List.copyOf(accounts);
    }
  }

  @Override
  public Class<Settings> settingsType() {
    return Settings.class;
  }

  @Override
  public Set<PublicKey> accountsNeeded(AuditContext context, ClusterSnapshot cluster) {
    Set<PublicKey> out = new LinkedHashSet<>();
    context.settings(this).ifPresent(s ->
        s.accounts().forEach(a -> out.add(PublicKey.fromBase58Encoded(a))));
    return out;
  }

  @Override
  public List<CheckResult> evaluate(AuditContext context) {
    CheckInfo info = info();
    var settings = context.settings(this);
    if (settings.isEmpty()) {
      return List.of(info.notApplicable("No accounts are configured under checks." + ID + ".")
          .subject(context.policy().program().id(), "accounts").build());
    }
    ClusterSnapshot cluster = context.primary();
    List<CheckResult> out = new ArrayList<>();
    for (String a : settings.get().accounts()) {
      int max = settings.get().maxBytes();
      out.add(switch (cluster.lookup(PublicKey.fromBase58Encoded(a))) {
        case Lookup.Present p -> {
          int len = p.account().length();
          Evidence ev = Evidence.account(cluster, p.account(), "data length", len + " bytes");
          yield (len <= max ? info.pass(a + " holds " + len + " bytes, within " + max + ".")
              : info.fail(a + " holds " + len + " bytes, over the budget of " + max + "."))
              .evidence(ev).evidence(Evidence.note("checks." + ID + ".maxBytes",
                  Integer.toString(max))).build();
        }
        case Lookup.Absent x -> info.fail("No account exists at " + a + ".")
            .evidence(Evidence.absent(cluster, a, "data length")).build();
        case Lookup.Unavailable u -> info.inconclusive(a + " could not be read: " + u.reason())
            .subject(a, "data length").genesisHash(cluster.genesisHash()).build();
      });
    }
    return out;
  }
}
