package dev.preflight.core.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.PreflightException;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlAccountItem;
import dev.preflight.core.idl.IdlField;
import dev.preflight.core.idl.IdlInstruction;
import dev.preflight.core.idl.IdlValue;
import java.util.ArrayList;
import java.util.List;
import software.sava.core.accounts.PublicKey;

/**
 * Reads valid call templates from a scenario: {@code {"calls": [{"instruction": "buy_tokens",
 * "accounts": {"buyer": "<address>", ...}, "remaining": [{"name": "admin0", "address": "...",
 * "signer": true, "writable": false}], "args": {...}}]}}. Signer and writable flags come from the
 * IDL; arguments are read with {@link IdlValue#fromJson}.
 */
public final class Templates {
  private Templates() {}

  public static List<CallTemplate> read(JsonNode scenario, Idl idl) {
    List<CallTemplate> out = new ArrayList<>();
    JsonNode calls = scenario.path("calls");
    for (int i = 0; i < calls.size(); i++) {
      out.add(read(calls.get(i), idl, "fuzz.scenario.calls[" + i + "]"));
    }
    return out;
  }

  static CallTemplate read(JsonNode call, Idl idl, String where) {
    String name = call.path("instruction").asText();
    IdlInstruction ix = idl.instruction(name).orElseThrow(() -> new PreflightException(where
        + ".instruction: '" + name + "' is not an instruction of the IDL " + idl.name()
        + "; use one of " + idl.instructions().stream().map(IdlInstruction::name).toList()));
    List<CallTemplate.Account> accounts = new ArrayList<>();
    for (IdlAccountItem.Single s : flatten(ix.accounts())) {
      JsonNode a = call.path("accounts").get(s.name());
      String addr = a != null ? a.asText() : s.address().orElse(null);
      if (addr == null) {
        if (s.optional()) {
          continue;
        }
        throw new PreflightException(where + ".accounts." + s.name() + " is missing; give the "
            + "address of every account of " + name);
      }
      accounts.add(new CallTemplate.Account(s.name(), key(addr, where + ".accounts." + s.name()),
          s.signer(), s.writable(), false));
    }
    JsonNode rem = call.path("remaining");
    for (int i = 0; i < rem.size(); i++) {
      JsonNode r = rem.get(i);
      accounts.add(new CallTemplate.Account(r.path("name").asText("remaining" + i),
          key(r.path("address").asText(), where + ".remaining[" + i + "]"),
          r.path("signer").asBoolean(false), r.path("writable").asBoolean(false), true));
    }
    IdlValue.StructValue.Builder args = IdlValue.StructValue.builder();
    for (IdlField f : ix.args()) {
      JsonNode v = call.path("args").get(f.name());
      if (v == null) {
        throw new PreflightException(where + ".args." + f.name() + " is missing; give every "
            + "argument of " + name + ": " + ix.args().stream().map(IdlField::name).toList());
      }
      args.put(f.name(), IdlValue.fromJson(v, f.type(), idl));
    }
    java.util.Optional<String> expect = java.util.Optional.empty();
    if (call.hasNonNull("expect")) {
      String e = call.get("expect").asText();
      if (idl.errors().stream().noneMatch(x -> x.name().equals(e))) {
        throw new PreflightException(where + ".expect: '" + e + "' is not an error of the IDL "
            + idl.name() + "; use one of " + dev.preflight.core.policy.Suggestions.closest(e,
                idl.errors().stream().map(dev.preflight.core.idl.IdlError::name).toList())
                .map(s -> s + " (did you mean it?)").orElse(idl.errors().stream()
                    .map(dev.preflight.core.idl.IdlError::name).limit(12).toList().toString()));
      }
      expect = java.util.Optional.of(e);
    }
    return new CallTemplate(name, accounts, args.build(), expect);
  }

  static List<IdlAccountItem.Single> flatten(List<IdlAccountItem> items) {
    List<IdlAccountItem.Single> out = new ArrayList<>();
    for (IdlAccountItem item : items) {
      switch (item) {
        case IdlAccountItem.Single s -> out.add(s);
        case IdlAccountItem.Composite c -> out.addAll(flatten(c.accounts()));
      }
    }
    return out;
  }

  private static PublicKey key(String text, String where) {
    try {
      return PublicKey.fromBase58Encoded(text);
    } catch (RuntimeException e) {
      throw new PreflightException(where + ": '" + text + "' is not a base58 address");
    }
  }
}
