package dev.preflight.core.fuzz;

import dev.preflight.core.idl.IdlValue;
import java.math.BigInteger;
import java.util.Optional;

/** Small helpers over argument values. */
final class Values {
  private Values() {}

  static String text(IdlValue v) {
    return v.toJson().toString();
  }

  /**
   * The integer at {@code path} (dot-separated field names); an enum is looked through into its
   * payload, so {@code update.fee_bps} finds the fee of a {@code SetPlatformFee} update.
   */
  static Optional<BigInteger> integerAt(IdlValue root, String path) {
    IdlValue v = root;
    for (String part : path.split("\\.")) {
      Optional<IdlValue> next = field(v, part);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      v = next.get();
    }
    return v.bigInteger();
  }

  private static Optional<IdlValue> field(IdlValue v, String name) {
    IdlValue u = v.unwrapped().orElse(null);
    if (u instanceof IdlValue.EnumValue e) {
      if (e.variant().equalsIgnoreCase(name)) {
        return e.payload();
      }
      return e.payload().flatMap(p -> field(p, name));
    }
    if (u instanceof IdlValue.StructValue s) {
      String loose = loose(name);
      return s.fields().stream().filter(f -> loose(f.name()).equals(loose)).findFirst()
          .map(IdlValue.Field::value);
    }
    return Optional.empty();
  }

  static String loose(String s) {
    return s.replace("_", "").toLowerCase(java.util.Locale.ROOT);
  }
}
