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

/**
 * Token-2022 extensions that let someone other than the holder move, block or tax tokens, ranked:
 * permanent delegate and transfer hook (critical/high), pausable, non-transferable, default-frozen
 * and mint close authority (medium), transfer fee (low). An extension held by a governed key is
 * reported but does not fail; one that could not be parsed makes the result inconclusive.
 */
@CheckDefinition(id = "mint.extensions", title = "Token-2022 extensions carry no ungoverned risk",
    severity = Severity.HIGH, checklist = {"act.medium.2.token-whitelist"},
    rationale = "A permanent delegate can take anyone's tokens, a transfer hook runs arbitrary "
        + "code on every transfer, and pause or default-frozen state can block buyers.",
    remediation = "Whitelist only payment mints without these extensions, or make sure their "
        + "authorities are the governing multisig.",
    references = {"https://spl.solana.com/token-2022/extensions"})
public final class MintExtensionsCheck implements Check {

  @Override
  public Set<PublicKey> accountsNeeded(AuditContext context, ClusterSnapshot cluster) {
    return Mints.addresses(context.policy());
  }

  record Risk(String name, Severity severity, Optional<PublicKey> holder) {}

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
      if (!(cluster.lookup(address) instanceof Lookup.Present p)) {
        out.add(info.inconclusive(label + " could not be read; see mint.authorities.")
            .subject(mint.address(), "extensions").genesisHash(cluster.genesisHash()).build());
        continue;
      }
      TokenMints.MintInfo m;
      try {
        m = TokenMints.decodeMint(p.account().owner(), p.account().data(), mint.address());
      } catch (PreflightException e) {
        out.add(info.inconclusive("The " + label + " does not decode: " + e.getMessage())
            .subject(mint.address(), "extensions").build());
        continue;
      }
      List<Risk> risks = new ArrayList<>();
      m.permanentDelegate().ifPresent(d -> risks.add(new Risk("permanent delegate",
          Severity.CRITICAL, Optional.of(d))));
      m.transferHookProgram().ifPresent(h -> risks.add(new Risk("transfer hook (program "
          + h.toBase58() + ")", Severity.HIGH, m.transferHookAuthority())));
      if (m.pausable()) {
        risks.add(new Risk(m.paused() ? "pausable (PAUSED now)" : "pausable", Severity.MEDIUM,
            m.pauseAuthority()));
      }
      if (m.nonTransferable()) {
        risks.add(new Risk("non-transferable", Severity.MEDIUM, Optional.empty()));
      }
      if (m.defaultAccountStateFrozen()) {
        risks.add(new Risk("default account state frozen", Severity.MEDIUM,
            m.freezeAuthority()));
      }
      m.mintCloseAuthority().ifPresent(c -> risks.add(new Risk("mint close authority",
          Severity.MEDIUM, Optional.of(c))));
      m.transferFeeConfig().ifPresent(f -> risks.add(new Risk("transfer fee", Severity.LOW,
          Optional.empty())));
      Set<String> governed = Mints.governed(context.policy(), mint);
      List<Evidence> ev = new ArrayList<>();
      ev.add(Evidence.account(cluster, p.account(), "token program",
          p.account().owner().toBase58()));
      ev.add(Evidence.account(cluster, p.account(), "extensions",
          m.extensions().isEmpty() ? "none" : Integer.toString(m.extensions().size())));
      Severity worst = null;
      List<String> ungoverned = new ArrayList<>();
      for (Risk r : risks) {
        boolean ok = r.holder().isPresent() && governed.contains(r.holder().get().toBase58());
        ev.add(Evidence.account(cluster, p.account(), "extension " + r.name(),
            r.severity().label() + " risk, authority "
                + r.holder().map(PublicKey::toBase58).orElse("n/a") + (ok ? " (governed)" : "")));
        if (!ok) {
          ungoverned.add(r.name());
          worst = worst == null || r.severity().atLeast(worst) ? r.severity() : worst;
        }
      }
      if (!m.unreadExtensions().isEmpty()) {
        out.add(info.inconclusive("The " + label + " has " + m.unreadExtensions().size()
                + " extension(s) that could not be read; their risk is unknown.").evidence(ev)
            .subject(mint.address(), "extensions").build());
      } else if (ungoverned.isEmpty()) {
        out.add(info.pass("The " + label + " has no ungoverned risky extension.").evidence(ev)
            .subject(mint.address(), "extensions").build());
      } else {
        out.add(info.fail("The " + label + " has risky extensions: " + String.join(", ",
                ungoverned) + ".").severity(worst).evidence(ev)
            .subject(mint.address(), "extensions").build());
      }
    }
    return out;
  }
}
