package dev.preflight.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The older ways of writing a rule ({@code field/op/value}, {@code conditions}) and a fuzz bound
 * ({@code arg/min/max}), translated to CEL text. Evaluation only ever sees CEL.
 */
final class LegacyConditions {
  static final List<String> OPS =
      List.of("eq", "ne", "lt", "lte", "gt", "gte", "between", "in", "exists");
  private static final Pattern NAME_CHAIN =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\[[0-9]+])?(\\.[A-Za-z_][A-Za-z0-9_]*(\\[[0-9]+])?)*");

  private LegacyConditions() {}

  /** One condition: {@code field op values}. {@code values} are literals or {@code {field: p}}. */
  static String condition(String field, String op, List<JsonNode> values) {
    String f = fieldPath(field);
    List<String> vs = values.stream().map(LegacyConditions::operand).toList();
    return switch (op) {
      case "eq" -> f + " == " + vs.getFirst();
      case "ne" -> f + " != " + vs.getFirst();
      case "lt" -> f + " < " + vs.getFirst();
      case "lte" -> f + " <= " + vs.getFirst();
      case "gt" -> f + " > " + vs.getFirst();
      case "gte" -> f + " >= " + vs.getFirst();
      case "between" -> f + " >= " + vs.get(0) + " && " + f + " <= " + vs.get(1);
      case "in" -> f + " in [" + String.join(", ", vs) + "]";
      case "exists" -> "has(" + hasTarget(f) + ")";
      default -> throw new IllegalArgumentException("unknown comparison " + op);
    };
  }

  /** Several conditions that must all hold. */
  static String all(List<String> conditions) {
    if (conditions.size() == 1) {
      return conditions.getFirst();
    }
    return conditions.stream().map(c -> "(" + c + ")").collect(Collectors.joining(" && "));
  }

  /** {@code len(admins)} becomes {@code size(admins)}; a path stays as it is. */
  static String fieldPath(String field) {
    String t = field.trim();
    if (t.startsWith("len(") && t.endsWith(")")) {
      return "size(" + t.substring(4, t.length() - 1).trim() + ")";
    }
    return t;
  }

  /**
   * {@code has()} needs a field selection: a top-level field is selected on the account's own
   * name.
   */
  private static String hasTarget(String f) {
    return f.contains(".") ? f : "@account." + f;
  }

  /** Replaces the account placeholder of {@code has()} by the account's name in expressions. */
  static String bindAccount(String text, String variable) {
    return text.replace("@account.", variable + ".");
  }

  private static String operand(JsonNode v) {
    if (v.isObject()) {
      return fieldPath(v.path("field").asText());
    }
    if (v.isBoolean()) {
      return Boolean.toString(v.asBoolean());
    }
    if (v.isIntegralNumber()) {
      return v.bigIntegerValue().toString();
    }
    if (v.isNumber()) {
      return v.decimalValue().toPlainString();
    }
    String t = v.asText().trim();
    if (t.equals("true") || t.equals("false")) {
      return t;
    }
    Optional<BigInteger> n = integer(t);
    if (n.isPresent()) {
      return n.get().toString();
    }
    try {
      return new BigDecimal(t.replace("_", "")).toPlainString();
    } catch (NumberFormatException e) {
      return quote(t);
    }
  }

  /** {@code 1_000}, {@code 0xff}, {@code -5}: an integer as written in YAML. */
  static Optional<BigInteger> integer(String text) {
    String t = text.trim().replace("_", "").toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("0x")) {
        return Optional.of(new BigInteger(t.substring(2), 16));
      }
      return Optional.of(new BigInteger(t));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /**
   * A bound's argument path ({@code update.fee_bps}, {@code end_time - start_time}) with {@code
   * args.} in front of every name.
   */
  static String argExpression(String arg) {
    return NAME_CHAIN.matcher(arg.trim()).replaceAll(m -> "args." + m.group());
  }

  /** {@code A >= min && A <= max} for a bound. */
  static String bound(String arg, Optional<BigInteger> min, Optional<BigInteger> max) {
    String plain = argExpression(arg);
    String a = plain.contains(" ") ? "(" + plain + ")" : plain;
    String lo = min.map(m -> a + " >= " + m).orElse("");
    String hi = max.map(m -> a + " <= " + m).orElse("");
    if (lo.isEmpty() && hi.isEmpty()) {
      return "true";
    }
    return lo.isEmpty() ? hi : hi.isEmpty() ? lo : lo + " && " + hi;
  }
}
