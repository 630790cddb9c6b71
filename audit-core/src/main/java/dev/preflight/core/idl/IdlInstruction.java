package dev.preflight.core.idl;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An instruction of the program: its discriminator (declared by 0.30+ IDLs, derived for legacy ones),
 * the accounts it takes and its Borsh-encoded arguments.
 */
public record IdlInstruction(
    String name,
    Discriminator discriminator,
    List<IdlAccountItem> accounts,
    List<IdlField> args,
    Optional<IdlType> returns,
    List<String> docs) {

  public IdlInstruction {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(discriminator, "discriminator");
    accounts = List.copyOf(accounts);
    args = List.copyOf(args);
    Objects.requireNonNull(returns, "returns");
    docs = List.copyOf(docs);
  }

  /** The arguments as one struct type, so the codec treats them like any other struct. */
  public IdlFields argsAsFields() {
    return new IdlFields.Named(args);
  }
}
