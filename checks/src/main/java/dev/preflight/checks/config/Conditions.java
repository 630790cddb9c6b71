package dev.preflight.checks.config;

import dev.preflight.core.idl.IdlValue;
import dev.preflight.core.policy.Policy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Tests one {@link Policy.Condition} against a decoded account value. Pure. */
final class Conditions {
  private Conditions() {}

  /** Whether the condition holds, the actual value as shown in evidence, and why not. */
  record Verdict(boolean holds, String actual, String why) {}

  static Verdict test(Policy.Condition c, IdlValue root) {
    Optional<Scalar> left = read(c.field(), root);
    if (c.op() == Policy.Op.EXISTS) {
      return new Verdict(left.isPresent(), left.map(Scalar::shown).orElse("missing"), "");
    }
    if (left.isEmpty()) {
      return new Verdict(false, "missing", "the account has no field " + c.field());
    }
    Scalar l = left.get();
    List<Scalar> rights = new ArrayList<>();
    for (Policy.Operand o : c.values()) {
      Optional<Scalar> r = switch (o) {
        case Policy.Literal lit -> Optional.of(Scalar.literal(lit.text()));
        case Policy.FieldRef ref -> read(ref.path(), root);
      };
      if (r.isEmpty()) {
        return new Verdict(false, l.shown(), "the account has no field " + o.describe());
      }
      rights.add(r.get());
    }
    try {
      boolean holds = switch (c.op()) {
        case EQ -> l.compare(rights.get(0)) == 0;
        case NE -> l.compare(rights.get(0)) != 0;
        case LT -> l.compare(rights.get(0)) < 0;
        case LTE -> l.compare(rights.get(0)) <= 0;
        case GT -> l.compare(rights.get(0)) > 0;
        case GTE -> l.compare(rights.get(0)) >= 0;
        case BETWEEN -> l.compare(rights.get(0)) >= 0 && l.compare(rights.get(1)) <= 0;
        case IN -> rights.stream().anyMatch(r -> l.compare(r) == 0);
        case EXISTS -> true;
      };
      return new Verdict(holds, l.shown(), "");
    } catch (IllegalArgumentException e) {
      return new Verdict(false, l.shown(), e.getMessage());
    }
  }

  /** Reads {@code path} or {@code len(path)}. */
  static Optional<Scalar> read(String path, IdlValue root) {
    String p = path.trim();
    if (p.startsWith("len(") && p.endsWith(")")) {
      return root.at(p.substring(4, p.length() - 1).trim()).flatMap(v -> switch (unwrap(v)) {
        case IdlValue.SeqValue s -> Optional.of(Scalar.number(BigInteger.valueOf(
            s.elements().size())));
        case IdlValue.BytesValue b -> Optional.of(Scalar.number(BigInteger.valueOf(
            b.value().length)));
        case IdlValue.StringValue s -> Optional.of(Scalar.number(BigInteger.valueOf(
            s.value().length())));
        default -> Optional.empty();
      });
    }
    return root.at(p).flatMap(Conditions::scalar);
  }

  private static IdlValue unwrap(IdlValue v) {
    while (v instanceof IdlValue.OptionValue o && o.value().isPresent()) {
      v = o.value().get();
    }
    return v;
  }

  private static Optional<Scalar> scalar(IdlValue raw) {
    IdlValue v = unwrap(raw);
    return switch (v) {
      case IdlValue.IntValue i -> Optional.of(Scalar.number(i.value()));
      case IdlValue.BoolValue b -> Optional.of(new Scalar(Kind.BOOL, null, b.value() ? "true"
          : "false"));
      case IdlValue.FloatValue f -> Optional.of(new Scalar(Kind.NUMBER,
          new BigDecimal(Double.toString(f.value())), Double.toString(f.value())));
      case IdlValue.PubkeyValue k -> Optional.of(new Scalar(Kind.TEXT, null, k.value().toBase58()));
      case IdlValue.StringValue s -> Optional.of(new Scalar(Kind.TEXT, null, s.value()));
      case IdlValue.EnumValue e -> Optional.of(new Scalar(Kind.TEXT, null, e.variant()));
      case IdlValue.OptionValue o -> Optional.of(new Scalar(Kind.TEXT, null, "none"));
      default -> Optional.empty();
    };
  }

  enum Kind { NUMBER, BOOL, TEXT }

  /** A comparable leaf value. */
  record Scalar(Kind kind, BigDecimal number, String shown) {
    static Scalar number(BigInteger n) {
      return new Scalar(Kind.NUMBER, new BigDecimal(n), n.toString());
    }

    static Scalar literal(String text) {
      String t = text.trim();
      if (t.equals("true") || t.equals("false")) {
        return new Scalar(Kind.BOOL, null, t);
      }
      try {
        return new Scalar(Kind.NUMBER, new BigDecimal(t.replace("_", "")), t);
      } catch (NumberFormatException e) {
        return new Scalar(Kind.TEXT, null, t);
      }
    }

    int compare(Scalar other) {
      if (kind == Kind.NUMBER && other.kind == Kind.NUMBER) {
        return number.compareTo(other.number);
      }
      if (kind != other.kind) {
        throw new IllegalArgumentException("cannot compare " + kind.name().toLowerCase()
            + " " + shown + " with " + other.kind.name().toLowerCase() + " " + other.shown);
      }
      return shown.compareTo(other.shown);
    }
  }
}
