package dev.preflight.core.idl;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** An account an instruction takes: a single account, or a named group of accounts (composite). */
public sealed interface IdlAccountItem permits IdlAccountItem.Single, IdlAccountItem.Composite {

  String name();

  /**
   * One account.
   *
   * @param address the fixed address when the IDL declares one (0.30+ {@code address})
   * @param pda true when the IDL describes it as a program-derived address (seeds are not modelled)
   */
  record Single(
      String name,
      boolean writable,
      boolean signer,
      boolean optional,
      Optional<String> address,
      boolean pda,
      List<String> docs)
      implements IdlAccountItem {
    public Single {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(address, "address");
      docs = List.copyOf(docs);
    }
  }

  record Composite(String name, List<IdlAccountItem> accounts) implements IdlAccountItem {
    public Composite {
      Objects.requireNonNull(name, "name");
      accounts = List.copyOf(accounts);
    }
  }

}
