package dev.preflight.core.fuzz;

import dev.preflight.core.check.CheckDefinition;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.exec.AccountState;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.sava.core.accounts.PublicKey;

/**
 * An initializer that succeeds on an account that is already initialized and changes it: the
 * classic re-initialization bug (a second {@code initialize_config} replaces the admin set).
 *
 * <p>An instruction is an initializer when the policy names it ({@code fuzz.initializers}), or
 * when every one of its successful calls created an account, or, before any call of it has
 * succeeded, when its name starts with {@code init} or {@code create}. The accounts it
 * initializes are the ones its successful calls created (by IDL account name), or, when none has
 * succeeded yet, its writable accounts that the program owns.
 */
@CheckDefinition(id = ReinitializationOracle.ID, title = "Initializers refuse initialized accounts",
    severity = Severity.CRITICAL, checklist = {"p1.2.fuzzing"},
    rationale = "An initializer that runs again on an existing account lets its caller overwrite "
        + "the state it holds: admins, authorities, balances, the sale terms.",
    remediation = "Refuse an account that is already initialized (a discriminator or an "
        + "is_initialized flag checked before writing), and create accounts with a fixed address "
        + "so a second call cannot succeed.")
final class ReinitializationOracle implements StepOracle {
  static final String ID = "fuzz.reinitialization";

  private final PublicKey programId;
  private final Set<String> named;
  /** Per instruction: account names its successful calls created; absent until one succeeded. */
  private final Map<String, Set<String>> created = new ConcurrentHashMap<>();
  /** Instructions that succeeded at least once without creating anything. */
  private final Set<String> notInitializers = ConcurrentHashMap.newKeySet();
  private long probes;

  ReinitializationOracle(PublicKey programId, List<String> named) {
    this.programId = programId;
    this.named = Set.copyOf(named);
  }

  static CheckInfo info() {
    return CheckInfo.fromAnnotations(ReinitializationOracle.class).getFirst();
  }

  @Override
  public List<String> ids() {
    return List.of(ID);
  }

  /** Learns from a successful call which accounts the instruction creates. */
  void observe(String instruction, List<CallTemplate.Account> accounts, List<PublicKey> watch,
               Map<PublicKey, Optional<AccountState>> pre, List<Optional<AccountState>> post) {
    boolean any = false;
    for (int i = 0; i < watch.size() && i < post.size(); i++) {
      if (isNew(pre.getOrDefault(watch.get(i), Optional.empty()), post.get(i))) {
        PublicKey k = watch.get(i);
        String name = accounts.stream().filter(a -> a.key().equals(k)).map(CallTemplate.Account::name)
            .findFirst().orElse(k.toBase58());
        created.computeIfAbsent(instruction, x -> ConcurrentHashMap.newKeySet()).add(name);
        any = true;
      }
    }
    if (!any) {
      notInitializers.add(instruction);
    }
  }

  boolean isInitializer(String instruction) {
    if (named.contains(instruction)) {
      return true;
    }
    if (notInitializers.contains(instruction)) {
      return false;
    }
    if (created.containsKey(instruction)) {
      return true;
    }
    String n = instruction.toLowerCase(Locale.ROOT);
    return n.startsWith("init") || n.startsWith("create");
  }

  /** Whether any initializer was called on an initialized account: the oracle judged something. */
  long probes() {
    return probes;
  }

  @Override
  public Optional<Oracles.Verdict> judge(Context ctx) {
    String ix = ctx.call().instruction();
    if (!isInitializer(ix)) {
      return Optional.empty();
    }
    Set<String> targets = created.get(ix);
    for (CallTemplate.Account a : ctx.call().accounts()) {
      boolean target = targets != null ? targets.contains(a.name()) : a.writable() && !a.signer();
      if (!target) {
        continue;
      }
      Optional<AccountState> before = ctx.pre().getOrDefault(a.key(), Optional.empty());
      if (before.isEmpty() || !before.get().owner().equals(programId) || before.get().data().length == 0) {
        continue;
      }
      probes++;
      if (!ctx.simulation().success()) {
        continue;
      }
      Optional<AccountState> after = ctx.after(a.key());
      if (after.isPresent() && !Arrays.equals(after.get().data(), before.get().data())) {
        return Optional.of(new Oracles.Verdict(ID, ix + " succeeded on " + a.name() + " ("
            + a.key().toBase58() + "), which was already initialized, and rewrote "
            + differing(before.get().data(), after.get().data()) + " of its " + before.get().data().length
            + " bytes"));
      }
    }
    return Optional.empty();
  }

  private static int differing(byte[] a, byte[] b) {
    int n = 0;
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length || i >= b.length || a[i] != b[i]) {
        n++;
      }
    }
    return n;
  }

  private static boolean isNew(Optional<AccountState> before, Optional<AccountState> after) {
    boolean wasEmpty = before.isEmpty() || before.get().data().length == 0
        && before.get().owner().equals(Substitutes.SYSTEM);
    return wasEmpty && after.isPresent() && after.get().data().length > 0;
  }
}
