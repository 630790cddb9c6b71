package dev.preflight.core.expr;

import com.google.common.primitives.UnsignedLong;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelLateFunctionBindings;
import dev.cel.runtime.Program;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.policy.Expression;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** One compiled policy expression, ready to evaluate on CEL values. Thread-safe. */
public final class CompiledExpression {
  private final Expression source;
  private final Program program;
  private final IdlCel types;
  private final List<String> paths;

  CompiledExpression(Expression source, Program program, IdlCel types) {
    this.source = source;
    this.program = program;
    this.types = types;
    this.paths = source.fieldPaths();
  }

  /** The expression as written (or as translated from an older form). */
  public String text() {
    return source.text();
  }

  public Expression source() {
    return source;
  }

  /** The integer constants of the expression: boundary values for the fuzzer. */
  public List<BigInteger> literals() {
    return source.integerLiterals();
  }

  /** The dotted names the expression reads ({@code sale.sold_amount}). */
  public List<String> paths() {
    return paths;
  }

  /** Evaluates on {@code activation} (names to CEL values). */
  Verdict evaluate(Map<String, Object> activation, AccountLookup lookup) {
    String[] missing = new String[1];
    CelLateFunctionBindings functions = CelLateFunctionBindings.from(
        CelFunctionBinding.from(ExprEnv.ACCOUNT_OVERLOAD, String.class, address -> {
          Optional<Idl.DecodedAccount> a = lookup.account(address);
          if (a.isEmpty()) {
            missing[0] = "account(" + address + ") does not exist or the IDL cannot decode it";
            throw new IllegalArgumentException(missing[0]);
          }
          return types.value(a.get().value(), types.accountType(a.get().name()));
        }));
    Object result;
    try {
      result = program.eval(activation, functions);
    } catch (CelEvaluationException | RuntimeException e) {
      String why = missing[0] != null ? missing[0] : reason(e);
      return new Verdict.NotEvaluated(why + " (in '" + source.text().strip() + "')");
    }
    if (Boolean.TRUE.equals(result)) {
      return Verdict.HOLDS;
    }
    if (Boolean.FALSE.equals(result)) {
      return new Verdict.Violated(describe(activation));
    }
    return new Verdict.NotEvaluated("the expression gave " + result + ", not a bool");
  }

  private static String reason(Exception e) {
    Throwable t = e;
    String message = e.getMessage();
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return message == null ? e.getClass().getSimpleName() : message;
  }

  /** {@code sale.sold_amount = 1200, sale.total_amount = 1000}: the values of the names read. */
  String describe(Map<String, Object> activation) {
    List<String> parts = new ArrayList<>();
    for (String p : paths) {
      Optional<Object> v = resolve(activation, p);
      if (v.isEmpty()) {
        if (activation.containsKey(p.split("\\.", 2)[0])) {
          parts.add(p + " absent");
        }
        continue;
      }
      if (v.get() instanceof Map<?, ?> && p.indexOf('.') < 0) {
        continue; // a whole account; its fields used are listed on their own
      }
      parts.add(p + " = " + show(v.get()));
    }
    return String.join(", ", parts);
  }

  /** The value at a dotted path of the activation, when every step exists. */
  static Optional<Object> resolve(Map<String, Object> activation, String path) {
    String[] steps = path.split("\\.");
    Object v = activation.get(steps[0]);
    for (int i = 1; i < steps.length && v != null; i++) {
      v = v instanceof Map<?, ?> m ? m.get(steps[i]) : null;
    }
    return Optional.ofNullable(v);
  }

  static String show(Object v) {
    return switch (v) {
      case String s -> s;
      case UnsignedLong u -> u.toString();
      case List<?> l -> l.stream().map(CompiledExpression::show)
          .collect(Collectors.joining(", ", "[", "]"));
      case Map<?, ?> m -> m.entrySet().stream().map(e -> e.getKey() + ": " + show(e.getValue()))
          .collect(Collectors.joining(", ", "{", "}"));
      default -> String.valueOf(v);
    };
  }
}
