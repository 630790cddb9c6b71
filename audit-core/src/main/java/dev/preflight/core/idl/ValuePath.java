package dev.preflight.core.idl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Field-path navigation for {@link IdlValue#at(String)}. */
final class ValuePath {

  private ValuePath() {}

  /** A path step: a field name or a sequence index. */
  private sealed interface Step permits Name, Index {}

  private record Name(String name) implements Step {}

  private record Index(int index) implements Step {}

  static Optional<IdlValue> at(IdlValue root, String path) {
    List<Step> steps = parse(path);
    if (steps == null) {
      return Optional.empty();
    }
    IdlValue cur = root;
    for (Step step : steps) {
      cur = unwrapSome(cur);
      if (cur == null) {
        return Optional.empty();
      }
      cur = step(cur, step);
      if (cur == null) {
        return Optional.empty();
      }
    }
    return Optional.of(cur);
  }

  private static IdlValue unwrapSome(IdlValue v) {
    while (v instanceof IdlValue.OptionValue o) {
      if (o.value().isEmpty()) {
        return null;
      }
      v = o.value().get();
    }
    return v;
  }

  private static IdlValue step(IdlValue v, Step step) {
    if (v instanceof IdlValue.EnumValue e) {
      if (step instanceof Name n && n.name().equals(e.variant())) {
        return e.payload().orElse(null);
      }
      return e.payload().map(p -> step(p, step)).orElse(null);
    }
    return switch (step) {
      case Name n -> switch (v) {
        case IdlValue.StructValue s -> s.field(n.name()).orElse(null);
        case IdlValue.TupleValue t -> indexOrNull(t.elements(), parseIndex(n.name()));
        default -> null;
      };
      case Index i -> switch (v) {
        case IdlValue.SeqValue s -> indexOrNull(s.elements(), i.index());
        case IdlValue.TupleValue t -> indexOrNull(t.elements(), i.index());
        case IdlValue.BytesValue b ->
            i.index() >= 0 && i.index() < b.length()
                ? IdlValue.IntValue.of(IdlType.PrimitiveKind.U8, b.raw()[i.index()] & 0xFF)
                : null;
        default -> null;
      };
    };
  }

  private static IdlValue indexOrNull(List<IdlValue> list, int i) {
    return i >= 0 && i < list.size() ? list.get(i) : null;
  }

  private static int parseIndex(String s) {
    if (s.isEmpty() || s.length() > 9) {
      return -1;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return -1;
      }
    }
    return Integer.parseInt(s);
  }

  /** Parses {@code a.b[2].c}; returns null for a malformed path. */
  private static List<Step> parse(String path) {
    List<Step> steps = new ArrayList<>();
    if (path == null || path.isEmpty()) {
      return steps;
    }
    int i = 0;
    int n = path.length();
    boolean expectName = true;
    while (i < n) {
      char c = path.charAt(i);
      if (c == '[') {
        int close = path.indexOf(']', i);
        if (close < 0) {
          return null;
        }
        int idx = parseIndex(path.substring(i + 1, close));
        if (idx < 0) {
          return null;
        }
        steps.add(new Index(idx));
        i = close + 1;
        expectName = false;
      } else if (c == '.') {
        if (expectName) {
          return null;
        }
        i++;
        expectName = true;
      } else {
        int j = i;
        while (j < n && path.charAt(j) != '.' && path.charAt(j) != '[') {
          j++;
        }
        steps.add(new Name(path.substring(i, j)));
        i = j;
        expectName = false;
      }
    }
    return expectName && !steps.isEmpty() ? null : steps;
  }
}
