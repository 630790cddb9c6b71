package dev.preflight.core.chain;

import dev.preflight.core.PreflightException;
import java.util.Objects;
import java.util.Optional;

/**
 * Account data that does not decode as the account kind it should be (loader state, multisig,
 * mint). Carries the account kind, the address when known and the byte offset of the problem.
 */
public final class ChainDecodeException extends PreflightException {

  private final String accountKind;
  private final String address;
  private final int offset;

  public ChainDecodeException(String accountKind, String address, int offset, String problem, String remedy) {
    this(accountKind, address, offset, problem, remedy, null);
  }

  public ChainDecodeException(String accountKind, String address, int offset, String problem, String remedy,
      Throwable cause) {
    super(problem, locate(accountKind, address), remedy, cause);
    this.accountKind = Objects.requireNonNull(accountKind, "accountKind");
    this.address = address;
    this.offset = offset;
  }

  /** What the data was decoded as, e.g. {@code ProgramData account}. */
  public String accountKind() {
    return accountKind;
  }

  public Optional<String> address() {
    return Optional.ofNullable(address);
  }

  public int offset() {
    return offset;
  }

  private static String locate(String kind, String address) {
    return address == null ? kind : kind + " " + address;
  }
}
