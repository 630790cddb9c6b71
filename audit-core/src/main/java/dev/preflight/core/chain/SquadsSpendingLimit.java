package dev.preflight.core.chain;

import java.util.List;
import java.util.Objects;
import software.sava.core.accounts.PublicKey;

/**
 * A Squads v4 {@code SpendingLimit}: lets each listed member move up to {@code amount} of {@code
 * mint} from vault {@code vaultIndex} per {@code period}, without a vote (layout per the bundled IDL
 * of {@code @sqds/multisig} 2.1.4).
 *
 * @param mint the token mint; the default key (all zeros) means SOL
 * @param amount base units per period (u64, unsigned)
 * @param destinations where funds may go; empty means anywhere
 */
public record SquadsSpendingLimit(PublicKey multisig, PublicKey createKey, int vaultIndex,
                                  PublicKey mint, long amount, Period period,
                                  long remainingAmount, long lastReset, int bump,
                                  List<PublicKey> members, List<PublicKey> destinations) {

  public SquadsSpendingLimit {
    Objects.requireNonNull(multisig, "multisig");
    Objects.requireNonNull(createKey, "createKey");
    Objects.requireNonNull(mint, "mint");
    Objects.requireNonNull(period, "period");
    members = List.copyOf(members);
    destinations = List.copyOf(destinations);
  }

  /** {@code Period}, in the IDL's variant order. */
  public enum Period {
    ONE_TIME("OneTime"), DAY("Day"), WEEK("Week"), MONTH("Month");

    private final String idlName;

    Period(String idlName) {
      this.idlName = idlName;
    }

    public String idlName() {
      return idlName;
    }
  }

  /** True when the limit is on SOL rather than a token. */
  public boolean sol() {
    return mint.equals(PublicKey.NONE);
  }
}
