package dev.preflight.core.fuzz;

import dev.preflight.core.check.CheckDefinition;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.exec.AccountState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/**
 * Denial of service through account creation: the system program's {@code create_account} fails
 * when the new address already holds lamports, and anyone can send lamports to a predictable
 * address (a PDA). For every account a successful call created, the campaign replays the call
 * after a stranger's transfer of the rent-exempt minimum to that address; a call that then fails
 * is a finding.
 */
@CheckDefinition(id = PrefundOracle.ID, title = "Nobody can block account creation by sending lamports",
    severity = Severity.HIGH, checklist = {"p1.2.fuzzing", "p2.1.edge-cases"},
    rationale = "create_account refuses an address that already holds lamports. When a program "
        + "creates accounts at predictable addresses (PDAs of a buyer, a sale id) with it, a "
        + "stranger's transfer of one lamport blocks that creation for ever: a buyer's first "
        + "purchase, a seller's next sale.",
    remediation = "When the address already holds lamports, top it up to rent exemption with a "
        + "transfer, then allocate and assign it (signed with the PDA seeds) instead of calling "
        + "create_account.")
final class PrefundOracle {
  static final String ID = "fuzz.prefunded-account";
  /**
   * The smallest gift the runtime lets land: an account with no data must be rent exempt
   * (890,880 lamports at the default rent of 3,480 lamports per byte-year x 2 years x 128 bytes of
   * account overhead); one lamport is refused with InsufficientFundsForRent.
   */
  static final long LAMPORTS = 890_880;

  /** (instruction, account name) pairs already probed: one probe each. */
  private final Set<String> probed = new LinkedHashSet<>();
  private long probes;

  static CheckInfo info() {
    return CheckInfo.fromAnnotations(PrefundOracle.class).getFirst();
  }

  long probes() {
    return probes;
  }

  /** The accounts a successful call created that have not been probed for its instruction. */
  List<Action.Prefund> toProbe(CaseRunner.Call call, List<PublicKey> watch,
                               Map<PublicKey, Optional<AccountState>> pre, List<Optional<AccountState>> post) {
    List<Action.Prefund> out = new ArrayList<>();
    for (int i = 0; i < watch.size() && i < post.size(); i++) {
      PublicKey k = watch.get(i);
      Optional<AccountState> before = pre.getOrDefault(k, Optional.empty());
      boolean created = before.isEmpty() && post.get(i).isPresent() && post.get(i).get().data().length > 0;
      if (!created) {
        continue;
      }
      String name = call.accounts().stream().filter(a -> a.key().equals(k)).map(CallTemplate.Account::name)
          .findFirst().orElse(k.toBase58());
      if (probed.add(call.instruction() + "." + name)) {
        probes++;
        out.add(new Action.Prefund(k, name, LAMPORTS));
      }
    }
    return out;
  }
}
