package dev.preflight.core.fuzz;

import dev.preflight.core.PreflightException;

/**
 * One slice of a campaign for a CI matrix: shard {@code index} of {@code count} (1-based, as
 * {@code 2/8} is written) takes the case and sequence numbers {@code n} with
 * {@code n mod count == index - 1}. Case and sequence {@code n} are functions of the seed and n,
 * so the shards of one seed together run exactly the numbers one run would, and merging them
 * gives one run's result. The budgets ({@code maxCases}, {@code sequences.count}, the time
 * bounds) are per shard: {@code count} shards of {@code maxCases} cases run the numbers
 * {@code 0 .. count * maxCases - 1}.
 */
public record FuzzShard(int index, int count) {

  /** The whole campaign: one shard. */
  public static final FuzzShard WHOLE = new FuzzShard(1, 1);

  public FuzzShard {
    if (count < 1 || index < 1 || index > count) {
      throw new IllegalArgumentException("shard " + index + "/" + count);
    }
  }

  /**
   * Reads {@code i/k} as typed in {@code where} (e.g. {@code -Dpreflight.fuzz.shard}); bad input
   * fails with a message saying what is wrong and what to write.
   */
  public static FuzzShard parse(String text, String where) {
    String t = text == null ? "" : text.trim();
    int slash = t.indexOf('/');
    String hint = "; write it as i/k, the shard's number from 1 to k and the number of shards, "
        + "e.g. 2/8 for the second of eight";
    if (slash < 0) {
      throw new PreflightException(where + " '" + t + "' is not a shard" + hint + ".");
    }
    int i;
    int k;
    try {
      i = Integer.parseInt(t.substring(0, slash).trim());
      k = Integer.parseInt(t.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      throw new PreflightException(where + " '" + t + "' is not a shard: both sides of '/' must "
          + "be whole numbers" + hint + ".");
    }
    if (k < 1) {
      throw new PreflightException(where + " '" + t + "': the number of shards must be at "
          + "least 1" + hint + ".");
    }
    if (i < 1 || i > k) {
      throw new PreflightException(where + " '" + t + "': shard " + i + " does not exist, shards "
          + "are numbered 1 to " + k + hint + ".");
    }
    return new FuzzShard(i, k);
  }

  /** The campaign-wide number of this shard's {@code local}-th case or sequence. */
  public long global(long local) {
    return local * count + (index - 1);
  }

  /** Whether campaign-wide number {@code n} belongs to this shard. */
  public boolean includes(long n) {
    return n >= 0 && n % count == index - 1;
  }

  public boolean whole() {
    return count == 1;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
