package dev.preflight.core.expr;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.preflight.core.idl.IdlAccount;
import dev.preflight.core.idl.IdlAccountItem;
import dev.preflight.core.idl.IdlInstruction;
import dev.preflight.core.idl.IdlType;
import dev.preflight.core.idl.IdlValue;
import dev.preflight.core.policy.Policy;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The names an expression sees, declared for the checker and filled for the runtime: the account
 * of an account expression (and its fields), or {@code args}, {@code pre}, {@code post}, {@code
 * delta}, {@code lamports_delta}, {@code clock}, {@code instruction}, {@code signers} and
 * {@code accounts} (the address of each account of the call, base58, by its IDL name).
 */
final class Scopes {
  /** CEL's reserved words: a field so named is reachable only through its account. */
  private static final Set<String> RESERVED = Set.of("in", "as", "break", "const", "continue",
      "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return",
      "var", "void", "while", "true", "false", "null");

  private final IdlCel types;

  Scopes(IdlCel types) {
    this.types = types;
  }

  // ---- accounts -----------------------------------------------------------------------------

  /** {@code variable} as the account of IDL type {@code accountType}, and its fields. */
  Map<String, CelType> accountVars(String accountType, String variable) {
    Map<String, CelType> vars = new LinkedHashMap<>();
    IdlType t = types.accountType(accountType).orElse(new IdlType.Defined(accountType));
    types.structFields(t).ifPresent(fields -> fields.forEach((name, ft) -> {
      if (!RESERVED.contains(name)) {
        vars.put(name, types.typeOf(ft));
      }
    }));
    vars.put(variable, types.typeOf(t));
    return vars;
  }

  Map<String, Object> accountActivation(String accountType, String variable, IdlValue value) {
    Map<String, Object> out = new LinkedHashMap<>();
    IdlType t = types.accountType(accountType).orElse(new IdlType.Defined(accountType));
    Object v = types.value(value, Optional.of(t));
    if (v instanceof Map<?, ?> m) {
      m.forEach((k, x) -> out.put((String) k, x));
    }
    out.put(variable, v);
    return out;
  }

  // ---- calls --------------------------------------------------------------------------------

  /** The call names for {@code instruction}, or for any instruction when empty. */
  Map<String, CelType> callVars(Optional<IdlInstruction> instruction, boolean argsOnly) {
    List<IdlInstruction> ixs = instruction.map(List::of)
        .orElse(types.idl().instructions());
    String suffix = instruction.map(IdlInstruction::name).orElse("*");
    Map<String, CelType> args = new LinkedHashMap<>();
    Map<String, CelType> accounts = new LinkedHashMap<>();
    Map<String, CelType> deltas = new LinkedHashMap<>();
    Map<String, CelType> addresses = new LinkedHashMap<>();
    for (IdlInstruction ix : ixs) {
      IdlCel.fieldsOf(ix.args()).forEach((n, t) -> merge(args, n, types.typeOf(t)));
      for (String a : accountNames(ix)) {
        merge(accounts, a, accountTypeOf(a).map(types::typeOfDefined).orElse(SimpleType.DYN));
        deltas.put(a, SimpleType.INT);
        addresses.put(a, SimpleType.STRING);
      }
    }
    Map<String, CelType> vars = new LinkedHashMap<>();
    vars.put("args", types.struct("args." + suffix, args));
    if (argsOnly) {
      return vars;
    }
    CelType acc = types.struct("accounts." + suffix, accounts);
    vars.put("pre", acc);
    vars.put("post", acc);
    CelType delta = types.struct("delta." + suffix, deltas);
    vars.put("delta", delta);
    vars.put("lamports_delta", delta);
    vars.put("clock", types.struct("clock", Map.of("unix_timestamp", SimpleType.INT,
        "slot", SimpleType.INT)));
    vars.put("instruction", SimpleType.STRING);
    vars.put("signers", ListType.create(SimpleType.STRING));
    vars.put("accounts", types.struct("addresses." + suffix, addresses));
    return vars;
  }

  private static void merge(Map<String, CelType> into, String name, CelType t) {
    CelType prev = into.putIfAbsent(name, t);
    if (prev != null && !prev.equals(t)) {
      into.put(name, SimpleType.DYN);
    }
  }

  Map<String, Object> argsActivation(String instruction, IdlValue.StructValue args) {
    Optional<Map<String, IdlType>> fieldTypes = types.idl().instruction(instruction)
        .map(ix -> IdlCel.fieldsOf(ix.args()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("args", types.struct(args, fieldTypes));
    return out;
  }

  Map<String, Object> callActivation(CallContext c) {
    Map<String, Object> out = argsActivation(c.instruction(), c.args());
    out.put("pre", accounts(c.pre()));
    out.put("post", accounts(c.post()));
    out.put("delta", integers(c.delta()));
    out.put("lamports_delta", integers(c.lamportsDelta()));
    out.put("clock", Map.of("unix_timestamp", c.unixTimestamp(), "slot", c.slot()));
    out.put("instruction", c.instruction());
    out.put("signers", List.copyOf(c.signers()));
    out.put("accounts", Map.copyOf(c.accounts()));
    return out;
  }

  private Map<String, Object> accounts(Map<String, IdlValue> decoded) {
    Map<String, Object> out = new LinkedHashMap<>();
    decoded.forEach((name, v) -> out.put(name, types.value(v,
        accountTypeOf(name).map(IdlType.Defined::new))));
    return out;
  }

  private static Map<String, Object> integers(Map<String, BigInteger> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, WideIntegers.normalize(v)));
    return out;
  }

  /** Account names of an instruction; those inside a group as {@code group_name}. */
  static List<String> accountNames(IdlInstruction ix) {
    List<String> out = new ArrayList<>();
    flatten(ix.accounts(), "", out);
    return out;
  }

  private static void flatten(List<IdlAccountItem> items, String prefix, List<String> out) {
    for (IdlAccountItem i : items) {
      switch (i) {
        case IdlAccountItem.Single s -> out.add(prefix + s.name());
        case IdlAccountItem.Composite c -> flatten(c.accounts(), prefix + c.name() + "_", out);
      }
    }
  }

  /**
   * The IDL account type an instruction's account holds, from its name: {@code sale} is a {@code
   * Sale}, {@code config} the one account type whose name ends so ({@code GlobalConfig}). None
   * when no type, or more than one, fits.
   */
  Optional<String> accountTypeOf(String accountName) {
    List<IdlAccount> all = types.idl().accounts();
    for (IdlAccount a : all) {
      if (Policy.snakeCase(a.name()).equals(accountName)) {
        return Optional.of(a.name());
      }
    }
    List<String> fits = new ArrayList<>();
    for (IdlAccount a : all) {
      String snake = Policy.snakeCase(a.name());
      if (snake.endsWith("_" + accountName) || accountName.endsWith("_" + snake)) {
        fits.add(a.name());
      }
    }
    return fits.size() == 1 ? Optional.of(fits.getFirst()) : Optional.empty();
  }
}
