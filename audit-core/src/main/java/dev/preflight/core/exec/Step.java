package dev.preflight.core.exec;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import software.sava.core.accounts.PublicKey;

/**
 * One step of a stateful sequence run by {@link RpcValidator#execute}: each runs for real on a
 * loopback validator and the next one sees its effects.
 */
public sealed interface Step {

  /**
   * A transaction executed and committed without signature verification or blockhash check (its
   * signatures may be zero: sequences use keys nobody holds). {@code watch} lists the accounts
   * whose state before and after the step is wanted.
   */
  record Transaction(byte[] transaction, List<PublicKey> watch) implements Step {
    public Transaction {
      Objects.requireNonNull(transaction, "transaction");
      watch = List.copyOf(watch);
    }
  }

  /**
   * Sets the Clock sysvar: the Unix time (seconds) and, if given, the slot. Forward or backward:
   * a fuzzer probes both sides of a deadline.
   */
  record SetClock(long unixTimestamp, OptionalLong slot) implements Step {
    public SetClock {
      if (unixTimestamp < 0) {
        throw new IllegalArgumentException("unixTimestamp must not be negative: " + unixTimestamp);
      }
    }

    public SetClock(long unixTimestamp) {
      this(unixTimestamp, OptionalLong.empty());
    }
  }

  /** Writes an account whole, as {@code surfnet_setAccount} does. */
  record SetAccount(PublicKey address, long lamports, byte[] data, PublicKey owner, boolean executable) implements Step {
    public SetAccount {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(owner, "owner");
    }
  }

  /**
   * Simulates the transaction with register tracing on the current state, in the validator's
   * second, traced instance ({@code --trace-on-demand}); the chain does not change. Its traces
   * land in the validator's trace directory.
   */
  record Trace(byte[] transaction) implements Step {
    public Trace {
      Objects.requireNonNull(transaction, "transaction");
    }
  }

  /**
   * Goes back to a save point of {@link RpcValidator#snapshot()}; allowed only as the first step,
   * so that one call reverts and runs a whole sequence.
   */
  record Revert(String snapshotId) implements Step {
    public Revert {
      Objects.requireNonNull(snapshotId, "snapshotId");
    }
  }
}
