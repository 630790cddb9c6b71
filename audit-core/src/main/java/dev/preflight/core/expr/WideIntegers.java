package dev.preflight.core.expr;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.CelOptions;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelStandardFunctions;
import dev.cel.runtime.RuntimeEquality;
import dev.cel.runtime.RuntimeHelpers;
import dev.cel.runtime.standard.AddOperator.AddOverload;
import dev.cel.runtime.standard.CelStandardOverload;
import dev.cel.runtime.standard.DivideOperator.DivideOverload;
import dev.cel.runtime.standard.DoubleFunction.DoubleOverload;
import dev.cel.runtime.standard.EqualsOperator.EqualsOverload;
import dev.cel.runtime.standard.GreaterEqualsOperator.GreaterEqualsOverload;
import dev.cel.runtime.standard.GreaterOperator.GreaterOverload;
import dev.cel.runtime.standard.IntFunction.IntOverload;
import dev.cel.runtime.standard.LessEqualsOperator.LessEqualsOverload;
import dev.cel.runtime.standard.LessOperator.LessOverload;
import dev.cel.runtime.standard.ModuloOperator.ModuloOverload;
import dev.cel.runtime.standard.MultiplyOperator.MultiplyOverload;
import dev.cel.runtime.standard.NegateOperator.NegateOverload;
import dev.cel.runtime.standard.NotEqualsOperator.NotEqualsOverload;
import dev.cel.runtime.standard.StringFunction.StringOverload;
import dev.cel.runtime.standard.SubtractOperator.SubtractOverload;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.BinaryOperator;

/**
 * Exact integers for CEL's {@code int}. Solana programs hold {@code u64} amounts up to 2^64-1 (and
 * the fuzzer tries them), which CEL's signed 64-bit {@code int} cannot hold and its {@code uint}
 * cannot mix with signed fields or constants. So every IDL integer is typed {@code int} for the
 * checker, and at run time an integer is a {@code Long} when it fits, an {@code UnsignedLong} up to
 * 2^64-1 and a {@code BigInteger} beyond; the standard {@code int} arithmetic, comparisons and
 * equality (and {@code int()}, {@code double()}, {@code string()} of an int) are replaced by ones
 * that compute on {@code BigInteger}, so {@code args.amount * 10000} and {@code post.x - pre.x}
 * never overflow and are never rounded.
 */
final class WideIntegers {
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private static final Set<CelStandardOverload> REPLACED = Set.of(
      AddOverload.ADD_INT64, SubtractOverload.SUBTRACT_INT64, MultiplyOverload.MULTIPLY_INT64,
      DivideOverload.DIVIDE_INT64, ModuloOverload.MODULO_INT64, NegateOverload.NEGATE_INT64,
      LessOverload.LESS_INT64, LessEqualsOverload.LESS_EQUALS_INT64,
      GreaterOverload.GREATER_INT64, GreaterEqualsOverload.GREATER_EQUALS_INT64,
      EqualsOverload.EQUALS, NotEqualsOverload.NOT_EQUALS, DoubleOverload.INT64_TO_DOUBLE,
      StringOverload.INT64_TO_STRING, IntOverload.INT64_TO_INT64);

  private WideIntegers() {}

  /** The standard library without the overloads {@link #bindings} replaces. */
  static CelStandardFunctions standardFunctions() {
    return CelStandardFunctions.newBuilder()
        .filterFunctions((function, overload) -> !REPLACED.contains(overload)).build();
  }

  static List<CelFunctionBinding> bindings(CelOptions options) {
    RuntimeEquality equality = RuntimeEquality.create(RuntimeHelpers.create(), options);
    return List.of(
        arithmetic("add_int64", BigInteger::add),
        arithmetic("subtract_int64", BigInteger::subtract),
        arithmetic("multiply_int64", BigInteger::multiply),
        arithmetic("divide_int64", (a, b) -> {
          if (b.signum() == 0) {
            throw new ArithmeticException("division by zero");
          }
          return a.divide(b);
        }),
        arithmetic("modulo_int64", (a, b) -> {
          if (b.signum() == 0) {
            throw new ArithmeticException("modulus by zero");
          }
          return a.remainder(b);
        }),
        CelFunctionBinding.from("negate_int64", Number.class, x -> normalize(big(x).negate())),
        CelFunctionBinding.from("less_int64", Number.class, Number.class,
            (a, b) -> big(a).compareTo(big(b)) < 0),
        CelFunctionBinding.from("less_equals_int64", Number.class, Number.class,
            (a, b) -> big(a).compareTo(big(b)) <= 0),
        CelFunctionBinding.from("greater_int64", Number.class, Number.class,
            (a, b) -> big(a).compareTo(big(b)) > 0),
        CelFunctionBinding.from("greater_equals_int64", Number.class, Number.class,
            (a, b) -> big(a).compareTo(big(b)) >= 0),
        CelFunctionBinding.from("int64_to_double", Number.class, x -> big(x).doubleValue()),
        CelFunctionBinding.from("int64_to_string", Number.class, x -> big(x).toString()),
        CelFunctionBinding.from("int64_to_int64", Number.class, x -> x),
        CelFunctionBinding.from("equals", Object.class, Object.class,
            (a, b) -> equal(a, b, equality)),
        CelFunctionBinding.from("not_equals", Object.class, Object.class,
            (a, b) -> !equal(a, b, equality)));
  }

  private static CelFunctionBinding arithmetic(String overload, BinaryOperator<BigInteger> op) {
    return CelFunctionBinding.from(overload, Number.class, Number.class,
        (a, b) -> normalize(op.apply(big(a), big(b))));
  }

  /** The run-time form of an integer: Long, else UnsignedLong, else BigInteger. */
  static Object normalize(BigInteger v) {
    if (v.compareTo(LONG_MIN) >= 0 && v.compareTo(LONG_MAX) <= 0) {
      return v.longValue();
    }
    if (v.signum() > 0 && v.compareTo(U64_MAX) <= 0) {
      return UnsignedLong.valueOf(v);
    }
    return v;
  }

  static boolean isInteger(Object o) {
    return o instanceof Long || o instanceof UnsignedLong || o instanceof BigInteger
        || o instanceof Integer;
  }

  static BigInteger big(Object n) {
    return switch (n) {
      case Long l -> BigInteger.valueOf(l);
      case Integer i -> BigInteger.valueOf(i);
      case UnsignedLong u -> u.bigIntegerValue();
      case BigInteger b -> b;
      default -> throw new IllegalArgumentException("not an integer: " + n);
    };
  }

  private static boolean equal(Object a, Object b, RuntimeEquality standard) {
    if (isInteger(a) && isInteger(b)) {
      return big(a).equals(big(b));
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      Iterator<?> i = x.iterator();
      Iterator<?> j = y.iterator();
      while (i.hasNext()) {
        if (!equal(i.next(), j.next(), standard)) {
          return false;
        }
      }
      return true;
    }
    return standard.objectEquals(a, b);
  }
}
