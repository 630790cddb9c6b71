package dev.preflight.core.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.exec.AccountState;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlAccount;
import dev.preflight.core.idl.IdlAccountItem;
import dev.preflight.core.idl.IdlField;
import dev.preflight.core.idl.IdlFields;
import dev.preflight.core.idl.IdlInstruction;
import dev.preflight.core.idl.IdlPda;
import dev.preflight.core.idl.IdlType;
import dev.preflight.core.idl.IdlTypeDef;
import dev.preflight.core.idl.IdlValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;

/**
 * Writes a starting scenario (one call per instruction of the IDL) from the IDL and a world: the
 * program's existing accounts, found with {@code getProgramAccounts} on each account type's
 * discriminator and decoded with the IDL. Accounts whose IDL seeds resolve from the call are left
 * out (they are derived when the scenario is read), accounts with a fixed IDL address too; an
 * account of a program type takes an existing account of that type; a signer or other account
 * takes the key a decoded field of that name holds ({@code Sale.seller} for {@code seller}).
 * What cannot be derived is written {@code TODO}: an account, with the keys the world's accounts
 * name as hints, and every argument (a typed zero, so the file reads once the accounts are given).
 */
public final class ScenarioWriter {

  /** The marker of a value to fill in by hand. */
  public static final String TODO = "TODO";

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** The scenario's text and how many values it leaves to fill in. */
  public record Written(String yaml, int calls, int todoAccounts, int todoArgs) {}

  /** A program account found in the world. */
  record Found(String type, PublicKey address, IdlValue value) {}

  /** A key a decoded field of a found account holds: {@code Sale HeDc….seller}. */
  record KeyRef(String field, PublicKey key, Found in) {
    String describe() {
      return in.type() + " " + short58(in.address()) + "." + field;
    }
  }

  private final Idl idl;
  private final List<Found> found = new ArrayList<>();
  private final Map<String, List<KeyRef>> keys = new LinkedHashMap<>();
  /** Keys that may sign: no account yet, or a System-owned one (a wallet). */
  private final java.util.Set<PublicKey> wallets = new java.util.HashSet<>();

  private ScenarioWriter(Idl idl) {
    this.idl = idl;
  }

  /**
   * The scenario for {@code programId}'s IDL on the world {@code world} reads; {@code source} is
   * how the world is named in the file's header.
   */
  public static Written write(Idl idl, PublicKey programId, RpcValidator world, String source) {
    ScenarioWriter w = new ScenarioWriter(idl);
    for (IdlAccount a : idl.accounts()) {
      byte[] disc = a.discriminator().bytes();
      if (disc.length == 0) {
        continue; // no prefix to filter on: every account of the program would match
      }
      for (AccountState s : world.programAccounts(programId, disc)) {
        try {
          w.add(new Found(a.name(), s.address(), idl.decodeAccount(a.name(), s.data()).value()));
        } catch (RuntimeException e) {
          // an account with this prefix that does not decode as the type is not one of them
        }
      }
    }
    List<PublicKey> named = w.keys.values().stream().flatMap(List::stream).map(KeyRef::key)
        .distinct().toList();
    for (int i = 0; i < named.size(); i += 100) {
      List<PublicKey> batch = named.subList(i, Math.min(named.size(), i + 100));
      List<Optional<AccountState>> states = world.accounts(batch);
      for (int k = 0; k < batch.size(); k++) {
        if (states.get(k).isEmpty() || states.get(k).get().owner().equals(SYSTEM)) {
          w.wallets.add(batch.get(k));
        }
      }
    }
    return w.render(source);
  }

  private static final PublicKey SYSTEM = PublicKey.fromBase58Encoded("11111111111111111111111111111111");

  private void add(Found f) {
    found.add(f);
    if (f.value() instanceof IdlValue.StructValue s) {
      for (IdlValue.Field field : s.fields()) {
        collectKeys(field.name(), field.value(), f);
      }
    }
  }

  private void collectKeys(String name, IdlValue v, Found in) {
    switch (v) {
      case IdlValue.PubkeyValue p -> {
        if (!p.value().equals(PublicKey.NONE)) {
          keys.computeIfAbsent(name, k -> new ArrayList<>()).add(new KeyRef(name, p.value(), in));
        }
      }
      case IdlValue.SeqValue s -> {
        for (int i = 0; i < s.elements().size(); i++) {
          if (s.elements().get(i) instanceof IdlValue.PubkeyValue p && !p.value().equals(PublicKey.NONE)) {
            KeyRef r = new KeyRef(name + "[" + i + "]", p.value(), in);
            keys.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
            keys.computeIfAbsent(singular(name), k -> new ArrayList<>()).add(r);
          }
        }
      }
      default -> { }
    }
  }

  // ---- rendering ------------------------------------------------------------------------------

  private Written render(String source) {
    StringBuilder y = new StringBuilder();
    y.append("# A starting scenario for ").append(idl.name()).append(", written by preflight:scenario from its IDL\n")
        .append("# and the world at ").append(source).append(" (").append(found.size())
        .append(" accounts of the program found).\n")
        .append("# Accounts with IDL seeds are left out: they are derived from the call when the scenario\n")
        .append("# is read. Replace every TODO (see docs/fuzz-scenarios.md), then make each call succeed as\n")
        .append("# given or mark it with expect: <IDL error>.\n")
        .append("calls:\n");
    int todoAccounts = 0;
    int todoArgs = 0;
    for (IdlInstruction ix : idl.instructions()) {
      y.append("  - instruction: ").append(ix.name()).append('\n');
      List<String> derived = new ArrayList<>();
      List<String> fixed = new ArrayList<>();
      StringBuilder acc = new StringBuilder();
      for (IdlAccountItem.Single s : Templates.flatten(ix.accounts())) {
        if (s.address().isPresent()) {
          fixed.add(s.name());
          continue;
        }
        if (s.seeds().isPresent() && derivable(s.seeds().get())) {
          derived.add(s.name());
          continue;
        }
        Optional<Pick> v = account(s);
        if (v.isEmpty()) {
          if (s.optional()) {
            continue;
          }
          todoAccounts++;
          acc.append("      ").append(s.name()).append(": ").append(TODO).append("   # ")
              .append(hint(s)).append('\n');
        } else {
          acc.append("      ").append(s.name()).append(": ").append(v.get().address()).append("   # ")
              .append(v.get().why()).append('\n');
        }
      }
      if (!derived.isEmpty() || !fixed.isEmpty()) {
        y.append("    # ");
        if (!derived.isEmpty()) {
          y.append("derived from the IDL seeds: ").append(String.join(", ", derived));
        }
        if (!fixed.isEmpty()) {
          y.append(derived.isEmpty() ? "" : "; ").append("fixed by the IDL: ").append(String.join(", ", fixed));
        }
        y.append('\n');
      }
      y.append(acc.isEmpty() ? "    accounts: {}\n" : "    accounts:\n" + acc);
      if (ix.args().isEmpty()) {
        y.append("    args: {}\n");
      } else {
        y.append("    args:\n");
        for (IdlField f : ix.args()) {
          todoArgs++;
          y.append("      ").append(f.name()).append(": ").append(placeholder(f.type(), 0))
              .append("   # ").append(TODO).append(": ").append(describe(f.type())).append('\n');
        }
      }
    }
    return new Written(y.toString(), idl.instructions().size(), todoAccounts, todoArgs);
  }

  /** Seeds a scenario can resolve: constants, the call's accounts and arguments by plain name. */
  private static boolean derivable(IdlPda pda) {
    for (IdlPda.Seed s : pda.seeds()) {
      boolean plain = switch (s) {
        case IdlPda.Const c -> true;
        case IdlPda.Account a -> !a.path().contains(".");
        case IdlPda.Arg a -> !a.path().contains(".");
      };
      if (!plain) {
        return false;
      }
    }
    return pda.program().isEmpty() || pda.program().get() instanceof IdlPda.Const;
  }

  /** An address picked for an account of the call, and where it came from. */
  record Pick(String address, String why) {}

  /** The address for an account of the call and the comment saying where it came from. */
  private Optional<Pick> account(IdlAccountItem.Single s) {
    if (!s.signer()) {
      List<Found> ofType = found.stream().filter(f -> fits(s.name(), f.type())).toList();
      if (!ofType.isEmpty()) {
        Found f = ofType.getFirst();
        return Optional.of(new Pick(f.address().toBase58(), f.type() + ", 1 of "
            + ofType.size() + " in the world"));
      }
    }
    List<KeyRef> named = keys.getOrDefault(s.name(), List.of()).stream()
        .filter(r -> !s.signer() || wallets.contains(r.key())).toList();
    if (!named.isEmpty()) {
      KeyRef r = named.getFirst();
      return Optional.of(new Pick(r.key().toBase58(), "from " + r.describe()));
    }
    return Optional.empty();
  }

  private String hint(IdlAccountItem.Single s) {
    if (s.signer()) {
      List<String> candidates = new ArrayList<>();
      // wallets only (a vault, a mint or a program account is no signer); each key once
      java.util.Set<PublicKey> seen = new java.util.HashSet<>();
      keys.values().stream().flatMap(List::stream)
          .filter(r -> wallets.contains(r.key()))
          .filter(r -> seen.add(r.key()))
          .limit(6).map(r -> short58(r.key()) + " (" + r.describe() + ")").forEach(candidates::add);
      return "a signer" + (candidates.isEmpty() ? "; give a funded key of the world"
          : "; keys the world's accounts name: " + String.join(", ", candidates));
    }
    return (s.writable() ? "writable, " : "") + "no account of the program fits; give its address";
  }

  /** An account name fits an IDL type when the type's snake_case name is it or ends with it. */
  static boolean fits(String account, String type) {
    String t = snake(type);
    return t.equals(account) || t.endsWith("_" + account);
  }

  // ---- argument placeholders ------------------------------------------------------------------

  /** A zero value of the type, in the scenario's JSON form. */
  private JsonNode placeholder(IdlType type, int depth) {
    if (depth > 8) {
      return F.nullNode();
    }
    return switch (type) {
      case IdlType.Primitive p -> switch (p.kind()) {
        case BOOL -> F.booleanNode(false);
        case F32, F64 -> F.numberNode(0.0);
        case STRING, BYTES -> F.textNode("");
        case PUBKEY -> F.textNode(PublicKey.NONE.toBase58());
        default -> F.numberNode(0);
      };
      case IdlType.Option o -> F.nullNode();
      case IdlType.COption o -> F.nullNode();
      case IdlType.Vec v -> F.arrayNode();
      case IdlType.Array a -> {
        ArrayNode arr = F.arrayNode();
        if (a.length() instanceof IdlType.ArrayLength.Fixed(int n)) {
          for (int i = 0; i < n; i++) {
            arr.add(placeholder(a.inner(), depth + 1));
          }
        }
        yield arr;
      }
      case IdlType.Defined d -> idl.type(d.name()).map(def -> placeholder(def, depth)).orElse(F.nullNode());
      case IdlType.GenericParam g -> F.nullNode();
    };
  }

  private JsonNode placeholder(IdlTypeDef def, int depth) {
    return switch (def.body()) {
      case IdlTypeDef.Struct s -> fields(s.fields(), depth);
      case IdlTypeDef.Enum e -> {
        ObjectNode o = F.objectNode();
        if (!e.variants().isEmpty()) {
          IdlTypeDef.EnumVariant v = e.variants().getFirst();
          o.set(v.name(), fields(v.fields(), depth));
        }
        yield o;
      }
      case IdlTypeDef.Alias a -> placeholder(a.target(), depth + 1);
    };
  }

  private JsonNode fields(IdlFields fields, int depth) {
    return switch (fields) {
      case IdlFields.None n -> F.objectNode();
      case IdlFields.Named n -> {
        ObjectNode o = F.objectNode();
        n.fields().forEach(f -> o.set(f.name(), placeholder(f.type(), depth + 1)));
        yield o;
      }
      case IdlFields.Tuple t -> {
        ArrayNode a = F.arrayNode();
        t.types().forEach(x -> a.add(placeholder(x, depth + 1)));
        yield a;
      }
    };
  }

  private static String describe(IdlType type) {
    return switch (type) {
      case IdlType.Primitive p -> p.kind().idlName();
      case IdlType.Option o -> "Option<" + describe(o.inner()) + ">";
      case IdlType.COption o -> "COption<" + describe(o.inner()) + ">";
      case IdlType.Vec v -> "Vec<" + describe(v.inner()) + ">";
      case IdlType.Array a -> "[" + describe(a.inner()) + "; " + (a.length() instanceof
          IdlType.ArrayLength.Fixed(int n) ? Integer.toString(n) : "N") + "]";
      case IdlType.Defined d -> d.name();
      case IdlType.GenericParam g -> g.name();
    };
  }

  // ---- names ----------------------------------------------------------------------------------

  static String snake(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  private static String singular(String name) {
    return name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
  }

  private static String short58(PublicKey k) {
    String s = k.toBase58();
    return s.substring(0, 4) + "…";
  }
}
