package dev.preflight.checks.contributing;

// tag::check[]
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
import java.util.List;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/** The program account is owned by an allowed loader ({@code checks.example.program-owner}). */
@CheckDefinition(id = ProgramOwnerCheck.ID, title = "The program is under an allowed loader",
    severity = Severity.MEDIUM, checklist = {"p4.1.solana-mainnet"},
    rationale = "A program under a deprecated loader cannot be upgraded or closed the usual way.",
    remediation = "Redeploy the program with an allowed loader, or allow its loader in the policy.")
public final class ProgramOwnerCheck implements Check, Configurable<ProgramOwnerCheck.Settings> {
  public static final String ID = "example.program-owner";

  /** {@code checks.example.program-owner}; the default allows the upgradeable loader and v4. */
  public record Settings(List<String> loaders) {
    public Settings {
      loaders = loaders == null ? List.of("BPFLoaderUpgradeab1e11111111111111111111111",
          "LoaderV411111111111111111111111111111111111") : List.copyOf(loaders);
    }
  }

  @Override
  public Class<Settings> settingsType() {
    return Settings.class;
  }

  /** Round one asks for the program account; the reader fetches it with everyone else's. */
  @Override
  public Set<PublicKey> accountsNeeded(AuditContext context, ClusterSnapshot cluster) {
    return Set.of(context.programId());
  }

  /** Pure: the snapshot in, results out; what could not be read is INCONCLUSIVE, never PASS. */
  @Override
  public List<CheckResult> evaluate(AuditContext context) {
    CheckInfo info = info();
    List<String> allowed = context.settings(this).orElseGet(() -> new Settings(null)).loaders();
    ClusterSnapshot cluster = context.primary();
    String program = context.programId().toBase58();
    return List.of(switch (cluster.lookup(context.programId())) {
      case Lookup.Present p -> {
        String owner = p.account().owner().toBase58();
        Evidence ev = Evidence.account(cluster, p.account(), "owner", owner);
        yield (allowed.contains(owner) ? info.pass(program + " is owned by " + owner + ".")
            : info.fail(program + " is owned by " + owner + ", not one of " + allowed + "."))
            .evidence(ev).build();
      }
      case Lookup.Absent a -> info.fail("No program account exists at " + program + ".")
          .evidence(Evidence.absent(cluster, program, "owner")).build();
      case Lookup.Unavailable u -> info.inconclusive(program + " could not be read: "
          + u.reason()).subject(program, "owner").genesisHash(cluster.genesisHash()).build();
    });
  }
}
// end::check[]
