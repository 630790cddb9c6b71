package dev.preflight.checks.mint;

import dev.preflight.checks.support.GovernanceView;
import dev.preflight.core.chain.SquadsV4;
import dev.preflight.core.policy.Policy;
import java.util.LinkedHashSet;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/** Shared by the mint checks: which keys count as governed for a mint. */
final class Mints {
  private Mints() {}

  static Set<PublicKey> addresses(Policy policy) {
    Set<PublicKey> out = new LinkedHashSet<>();
    policy.mints().forEach(m -> out.add(PublicKey.fromBase58Encoded(m.address())));
    return out;
  }

  /** Keys a mint's authority may be: the policy's allow-list, the multisig and its vault. */
  static Set<String> governed(Policy policy, Policy.MintRef mint) {
    Set<String> out = new LinkedHashSet<>(mint.allowedAuthorities());
    policy.governance().ifPresent(g -> {
      out.add(g.address());
      if (GovernanceView.SQUADS_V4.equals(g.kind())) {
        out.add(SquadsV4.vaultAddress(PublicKey.fromBase58Encoded(g.address()), g.vaultIndex())
            .toBase58());
      }
    });
    return out;
  }
}
