package dev.preflight.core.chain;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/**
 * A Squads v4 {@code Multisig} account (layout per the IDL of {@code @sqds/multisig} 2.1.4,
 * {@code idl/squads_multisig_program.json}).
 *
 * @param configAuthority who may change members and threshold without a vote; the default key
 *     (all zeros) means the multisig is autonomous
 * @param threshold approvals needed (u16)
 * @param timeLockSeconds seconds between approval and execution (u32)
 * @param transactionIndex last transaction index (u64, unsigned)
 * @param staleTransactionIndex transactions up to this index are stale (u64, unsigned)
 */
public record SquadsMultisig(
    PublicKey createKey,
    PublicKey configAuthority,
    int threshold,
    long timeLockSeconds,
    long transactionIndex,
    long staleTransactionIndex,
    Optional<PublicKey> rentCollector,
    int bump,
    List<Member> members) {

  public SquadsMultisig {
    Objects.requireNonNull(createKey, "createKey");
    Objects.requireNonNull(configAuthority, "configAuthority");
    Objects.requireNonNull(rentCollector, "rentCollector");
    members = List.copyOf(members);
    if (threshold < 0 || threshold > 0xFFFF) {
      throw new IllegalArgumentException("threshold is a u16: " + threshold);
    }
    if (timeLockSeconds < 0 || timeLockSeconds > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("time lock is a u32: " + timeLockSeconds);
    }
    if (bump < 0 || bump > 255) {
      throw new IllegalArgumentException("bump is a u8: " + bump);
    }
  }

  /** Member permissions, the bits of {@code Permissions.mask} (Squads v4 {@code Permission}). */
  public enum Permission {
    INITIATE(1),
    VOTE(2),
    EXECUTE(4);

    private final int bit;

    Permission(int bit) {
      this.bit = bit;
    }

    public int bit() {
      return bit;
    }
  }

  /** A member and its permission mask (u8). */
  public record Member(PublicKey key, int permissionsMask) {
    public Member {
      Objects.requireNonNull(key, "key");
      if (permissionsMask < 0 || permissionsMask > 255) {
        throw new IllegalArgumentException("permissions mask is a u8: " + permissionsMask);
      }
    }

    public static Member of(PublicKey key, Permission... permissions) {
      int mask = 0;
      for (Permission p : permissions) {
        mask |= p.bit();
      }
      return new Member(key, mask);
    }

    public boolean has(Permission p) {
      return (permissionsMask & p.bit()) != 0;
    }

    public Set<Permission> permissions() {
      Set<Permission> out = EnumSet.noneOf(Permission.class);
      for (Permission p : Permission.values()) {
        if (has(p)) {
          out.add(p);
        }
      }
      return out;
    }

    /** Bits the program does not define (it rejects masks of 8 or more). */
    public int unknownBits() {
      return permissionsMask & ~7;
    }
  }

  /** True when config changes need no vote because a config authority is set. */
  public boolean controlled() {
    return !java.util.Arrays.equals(configAuthority.toByteArray(), new byte[32]);
  }

  /** Members holding the vote permission: the pool the threshold is taken from. */
  public long voters() {
    return members.stream().filter(m -> m.has(Permission.VOTE)).count();
  }
}
