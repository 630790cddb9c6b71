package dev.preflight.core.idl;

import dev.preflight.core.idl.IdlType.PrimitiveKind;
import java.math.BigInteger;

/** Value ranges of the integer kinds. */
final class IntRange {

  private IntRange() {}

  static BigInteger min(PrimitiveKind kind) {
    return kind.isSigned() ? BigInteger.ONE.shiftLeft(kind.size() * 8 - 1).negate() : BigInteger.ZERO;
  }

  static BigInteger max(PrimitiveKind kind) {
    int bits = kind.size() * 8;
    return kind.isSigned()
        ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
        : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
  }

  static boolean fits(PrimitiveKind kind, BigInteger v) {
    return v.compareTo(min(kind)) >= 0 && v.compareTo(max(kind)) <= 0;
  }
}
