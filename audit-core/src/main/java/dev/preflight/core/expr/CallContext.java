package dev.preflight.core.expr;

import dev.preflight.core.idl.IdlValue;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a call expression sees of one successful instruction: its decoded arguments, the accounts
 * of the call decoded before ({@code pre}) and after ({@code post}) by their names in the IDL (an
 * account the IDL cannot decode, or that does not exist, is left out), the signed change of the
 * token amount ({@code delta}) and of the lamports ({@code lamportsDelta}) per account name, the
 * clock the call ran at, the names of the accounts that signed, and the address (base58) of each
 * account by its name.
 */
public record CallContext(String instruction, IdlValue.StructValue args,
                          Map<String, IdlValue> pre, Map<String, IdlValue> post,
                          Map<String, BigInteger> delta, Map<String, BigInteger> lamportsDelta,
                          long unixTimestamp, long slot, List<String> signers,
                          AccountLookup lookup, Map<String, String> accounts) {
  public CallContext {
    Objects.requireNonNull(instruction, "instruction");
    Objects.requireNonNull(args, "args");
    pre = Map.copyOf(pre);
    post = Map.copyOf(post);
    delta = Map.copyOf(delta);
    lamportsDelta = Map.copyOf(lamportsDelta);
    signers = List.copyOf(signers);
    accounts = Map.copyOf(accounts);
    Objects.requireNonNull(lookup, "lookup");
  }

  /** A call whose account addresses are not known ({@code accounts} is empty). */
  public CallContext(String instruction, IdlValue.StructValue args, Map<String, IdlValue> pre,
                     Map<String, IdlValue> post, Map<String, BigInteger> delta,
                     Map<String, BigInteger> lamportsDelta, long unixTimestamp, long slot,
                     List<String> signers, AccountLookup lookup) {
    this(instruction, args, pre, post, delta, lamportsDelta, unixTimestamp, slot, signers, lookup, Map.of());
  }
}
