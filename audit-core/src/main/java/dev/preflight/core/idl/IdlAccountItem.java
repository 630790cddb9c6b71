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
   * @param pda true when the IDL describes it as a program-derived address
   * @param seeds its seeds, when a 0.30-spec IDL declares them in a form this model reads
   */
  record Single(
      String name,
      boolean writable,
      boolean signer,
      boolean optional,
      Optional<String> address,
      boolean pda,
      Optional<IdlPda> seeds,
      List<String> docs)
      implements IdlAccountItem {
    public Single {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(seeds, "seeds");
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
