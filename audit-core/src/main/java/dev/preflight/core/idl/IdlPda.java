package dev.preflight.core.idl;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The seeds an instruction account is derived from, as a 0.30-spec IDL declares them under
 * {@code accounts[].pda} (legacy IDLs declare none). Seeds are kept as written: an account or argument
 * path may be dotted ({@code sale.seller}), which a consumer that only knows the call's own accounts
 * and arguments treats as unresolvable.
 *
 * @param seeds the seeds in order, each at most 32 bytes once resolved
 * @param program the program the address is derived for, when not the IDL's own
 */
public record IdlPda(List<Seed> seeds, Optional<Seed> program) {

  public IdlPda {
    seeds = List.copyOf(seeds);
    Objects.requireNonNull(program, "program");
  }

  /** One seed; a closed set as in the 0.30 spec ({@code IdlSeed}). */
  public sealed interface Seed permits Const, Account, Arg {}

  /** Fixed bytes. */
  public record Const(byte[] value) implements Seed {
    public Const {
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Const c && Arrays.equals(value, c.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Const[" + HexFormat.of().formatHex(value) + "]";
    }
  }

  /** The address of another account of the instruction (or a field of it, when dotted). */
  public record Account(String path) implements Seed {
    public Account {
      Objects.requireNonNull(path, "path");
    }
  }

  /** The Borsh bytes of an instruction argument (or a field of it, when dotted). */
  public record Arg(String path) implements Seed {
    public Arg {
      Objects.requireNonNull(path, "path");
    }
  }
}
