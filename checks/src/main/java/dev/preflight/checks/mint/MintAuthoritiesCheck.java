package dev.preflight.checks.mint;

import dev.preflight.core.PreflightException;
import dev.preflight.core.chain.TokenMints;
import dev.preflight.core.check.AuditContext;
import dev.preflight.core.check.Check;
import dev.preflight.core.check.CheckDefinition;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.snapshot.ClusterSnapshot;
import dev.preflight.core.snapshot.Lookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/** A mint's mint and freeze authorities are absent, or held by a governed key. */
@CheckDefinition(id = "mint.authorities",
    title = "Mint and freeze authorities are absent or governed",
    severity = Severity.HIGH, checklist = {"act.medium.2.token-whitelist"},
    rationale = "A mint authority can inflate supply and a freeze authority can lock every "
        + "holder; held by one key, either is a single point of failure for the sale.",
    remediation = "Revoke the authority (spl-token authorize <MINT> mint --disable) or move it to "
        + "the governing multisig; list deliberate holders in mints[].allowedAuthorities.")
public final class MintAuthoritiesCheck implements Check {

  @Override
  public Set<PublicKey> accountsNeeded(AuditContext context, ClusterSnapshot cluster) {
    return Mints.addresses(context.policy());
  }

  @Override
  public List<CheckResult> evaluate(AuditContext context) {
    CheckInfo info = info();
    ClusterSnapshot cluster = context.primary();
    if (context.policy().mints().isEmpty()) {
      return List.of(info.notApplicable("The policy lists no mints.").subject("mints", "mints")
          .build());
    }
    List<CheckResult> out = new ArrayList<>();
    for (Policy.MintRef mint : context.policy().mints()) {
      PublicKey address = PublicKey.fromBase58Encoded(mint.address());
      String label = mint.role() + " mint " + mint.address();
      switch (cluster.lookup(address)) {
        case Lookup.Unavailable u -> out.add(info.inconclusive(label + " could not be read: "
            + u.reason()).subject(mint.address(), "authorities")
            .genesisHash(cluster.genesisHash()).build());
        case Lookup.Absent a -> out.add(info.fail("No account exists at the " + label + ".")
            .evidence(Evidence.absent(cluster, mint.address(), "mint"))
            .subject(mint.address(), "authorities").build());
        case Lookup.Present p -> {
          TokenMints.MintInfo m;
          try {
            m = TokenMints.decodeMint(p.account().owner(), p.account().data(), mint.address());
          } catch (PreflightException e) {
            out.add(info.fail("The " + label + " is not a mint: " + e.getMessage())
                .evidence(Evidence.account(cluster, p.account(), "owner",
                    p.account().owner().toBase58())).subject(mint.address(), "authorities")
                .build());
            continue;
          }
          Set<String> governed = Mints.governed(context.policy(), mint);
          List<Evidence> ev = new ArrayList<>();
          List<String> problems = new ArrayList<>();
          check("mint_authority", m.mintAuthority(), governed, ev, problems, cluster, p);
          check("freeze_authority", m.freezeAuthority(), governed, ev, problems, cluster, p);
          out.add(problems.isEmpty()
              ? info.pass("The " + label + " has no ungoverned authority.").evidence(ev)
                  .subject(mint.address(), "authorities").build()
              : info.fail("The " + label + ": " + String.join("; ", problems) + ".")
                  .evidence(ev).subject(mint.address(), "authorities").build());
        }
      }
    }
    return out;
  }

  private static void check(String field, Optional<PublicKey> authority, Set<String> governed,
                            List<Evidence> ev, List<String> problems, ClusterSnapshot cluster,
                            Lookup.Present p) {
    ev.add(Evidence.account(cluster, p.account(), field,
        authority.map(PublicKey::toBase58).orElse("none")));
    authority.filter(a -> !governed.contains(a.toBase58())).ifPresent(a ->
        problems.add(field + " is " + a.toBase58() + ", which is neither revoked nor governed"));
  }
}
