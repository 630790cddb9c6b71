package dev.preflight.core.chain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;

/**
 * The transaction a Squads v4 proposal votes on, at PDA {@code ["multisig", multisig,
 * "transaction", index]}: a vault transaction (arbitrary instructions signed by a vault), a config
 * transaction (changes to the multisig itself), or another kind this decoder only names (batches).
 */
public sealed interface SquadsTransaction {

  PublicKey multisig();

  long index();

  /**
   * A {@code VaultTransaction}: a compiled message the vault signs on execution.
   *
   * @param accountKeys the message's static keys; instructions index into these, then into the
   *     keys loaded from {@code lookupTables}
   */
  record Vault(PublicKey multisig, PublicKey creator, long index, int bump, int vaultIndex,
               int vaultBump, byte[] ephemeralSignerBumps, int numSigners,
               int numWritableSigners, int numWritableNonSigners, List<PublicKey> accountKeys,
               List<Instruction> instructions, List<PublicKey> lookupTables)
      implements SquadsTransaction {
    public Vault {
      Objects.requireNonNull(multisig, "multisig");
      Objects.requireNonNull(creator, "creator");
      ephemeralSignerBumps = ephemeralSignerBumps.clone();
      accountKeys = List.copyOf(accountKeys);
      instructions = List.copyOf(instructions);
      lookupTables = List.copyOf(lookupTables);
    }

    @Override
    public byte[] ephemeralSignerBumps() {
      return ephemeralSignerBumps.clone();
    }

    /** The key at {@code i} of the static keys; empty when it comes from a lookup table. */
    public Optional<PublicKey> key(int i) {
      return i >= 0 && i < accountKeys.size() ? Optional.of(accountKeys.get(i)) : Optional.empty();
    }
  }

  /** One compiled instruction of a vault transaction. */
  record Instruction(int programIdIndex, byte[] accountIndexes, byte[] data) {
    public Instruction {
      accountIndexes = accountIndexes.clone();
      data = data.clone();
    }

    @Override
    public byte[] accountIndexes() {
      return accountIndexes.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }
  }

  /** A {@code ConfigTransaction}: changes the multisig's members, threshold, time lock or limits. */
  record Config(PublicKey multisig, PublicKey creator, long index, int bump,
                List<ConfigAction> actions) implements SquadsTransaction {
    public Config {
      Objects.requireNonNull(multisig, "multisig");
      Objects.requireNonNull(creator, "creator");
      actions = List.copyOf(actions);
    }
  }

  /**
   * One {@code ConfigAction}: its IDL variant name, a readable description, and for {@code
   * AddSpendingLimit} the spending limit's create key (which seeds its address).
   */
  record ConfigAction(String variant, String description, Optional<PublicKey> spendingLimitCreateKey) {
    public ConfigAction {
      Objects.requireNonNull(variant, "variant");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(spendingLimitCreateKey, "spendingLimitCreateKey");
    }
  }

  /** A Squads account at a transaction address that is neither (a {@code Batch}). */
  record Other(PublicKey multisig, long index, String accountType) implements SquadsTransaction {}
}
