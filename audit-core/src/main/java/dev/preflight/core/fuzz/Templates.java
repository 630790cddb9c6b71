package dev.preflight.core.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.PreflightException;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlAccountItem;
import dev.preflight.core.idl.IdlField;
import dev.preflight.core.idl.IdlInstruction;
import dev.preflight.core.idl.IdlValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.sava.core.accounts.PublicKey;

/**
 * Reads valid call templates from a scenario: {@code {"calls": [{"instruction": "buy_tokens",
 * "accounts": {"buyer": "<address>", ...}, "remaining": [{"name": "admin0", "address": "...",
 * "signer": true, "writable": false}], "args": {...}}]}}. Signer and writable flags come from the
 * IDL; arguments are read with {@link IdlValue#fromJson}. An account whose IDL declares PDA seeds
 * may be left out (derived from the call's other accounts and arguments) or given by its seeds
 * ({@code {"seeds": ["string:sale", "pubkey:<seller>", "u64:2"]}}); see docs/fuzz-scenarios.md.
 */
public final class Templates {
  private Templates() {}

  /** Reads a scenario without positions; PDAs derive under the IDL's program address. */
  public static List<CallTemplate> read(JsonNode scenario, Idl idl) {
    return read(ScenarioSource.inline(scenario), idl, idl.address().orElse(null));
  }

  /**
   * Reads every call of {@code scenario}; PDAs derive under {@code programId} (the audited
   * program). A problem fails naming the file, line and column, the call and the account or
   * argument.
   */
  public static List<CallTemplate> read(ScenarioSource scenario, Idl idl, PublicKey programId) {
    List<CallTemplate> out = new ArrayList<>();
    JsonNode calls = scenario.root().path("calls");
    for (int i = 0; i < calls.size(); i++) {
      out.add(read(calls.get(i), idl, scenario, "/calls/" + i, programId));
    }
    return out;
  }

  static CallTemplate read(JsonNode call, Idl idl, ScenarioSource src, String ptr, PublicKey programId) {
    String name = call.path("instruction").asText();
    IdlInstruction ix = idl.instruction(name).orElseThrow(() -> new PreflightException(src.at(ptr
        + "/instruction") + ": '" + name + "' is not an instruction of the IDL " + idl.name()
        + "; use one of " + idl.instructions().stream().map(IdlInstruction::name).toList()));
    IdlValue.StructValue.Builder argb = IdlValue.StructValue.builder();
    for (IdlField f : ix.args()) {
      JsonNode v = call.path("args").get(f.name());
      if (v == null) {
        throw new PreflightException(src.at(ptr + "/args/" + f.name()) + " is missing; give every "
            + "argument of " + name + ": " + ix.args().stream().map(IdlField::name).toList());
      }
      try {
        argb.put(f.name(), IdlValue.fromJson(v, f.type(), idl));
      } catch (PreflightException e) {
        throw new PreflightException(src.at(ptr + "/args/" + f.name()) + ": " + e.getMessage(), e);
      }
    }
    IdlValue.StructValue args = argb.build();
    List<CallTemplate.Account> accounts = accounts(call, ix, idl, args, src, ptr, programId);
    JsonNode rem = call.path("remaining");
    for (int i = 0; i < rem.size(); i++) {
      JsonNode r = rem.get(i);
      accounts.add(new CallTemplate.Account(r.path("name").asText("remaining" + i),
          key(r.path("address").asText(), src.at(ptr + "/remaining/" + i + "/address")),
          r.path("signer").asBoolean(false), r.path("writable").asBoolean(false), true));
    }
    java.util.Optional<String> expect = java.util.Optional.empty();
    if (call.hasNonNull("expect")) {
      String e = call.get("expect").asText();
      if (idl.errors().stream().noneMatch(x -> x.name().equals(e))) {
        throw new PreflightException(src.at(ptr + "/expect") + ": '" + e + "' is not an error of "
            + "the IDL " + idl.name() + "; use one of " + dev.preflight.core.policy.Suggestions.closest(e,
                idl.errors().stream().map(dev.preflight.core.idl.IdlError::name).toList())
                .map(s -> s + " (did you mean it?)").orElse(idl.errors().stream()
                    .map(dev.preflight.core.idl.IdlError::name).limit(12).toList().toString()));
      }
      expect = java.util.Optional.of(e);
    }
    return new CallTemplate(name, accounts, args, expect);
  }

  /**
   * The call's IDL accounts in IDL order: given addresses, given seeds, the IDL's fixed addresses,
   * then the PDAs derived from the IDL seeds, each round resolving what the previous one made known
   * (a vault derived from a sale derived from its seller).
   */
  private static List<CallTemplate.Account> accounts(JsonNode call, IdlInstruction ix, Idl idl,
                                                     IdlValue.StructValue args, ScenarioSource src,
                                                     String ptr, PublicKey programId) {
    List<IdlAccountItem.Single> singles = flatten(ix.accounts());
    Map<String, PublicKey> known = new LinkedHashMap<>();
    List<IdlAccountItem.Single> derive = new ArrayList<>();
    for (IdlAccountItem.Single s : singles) {
      String at = ptr + "/accounts/" + s.name();
      JsonNode a = call.path("accounts").get(s.name());
      if (a != null && a.isObject()) {
        known.putIfAbsent(s.name(), bySeeds(a, src, at, programId));
      } else if (a != null && !a.isNull()) {
        known.putIfAbsent(s.name(), key(a.asText(), src.at(at)));
      } else if (s.address().isPresent()) {
        known.putIfAbsent(s.name(), key(s.address().get(), src.at(at) + " (the IDL's address)"));
      } else if (s.seeds().isPresent()) {
        derive.add(s);
      } else if (!s.optional()) {
        throw new PreflightException(src.at(at) + " is missing; give the address of every account "
            + "of " + ix.name() + " whose IDL declares no seeds (" + ix.name() + "'s accounts: "
            + singles.stream().map(IdlAccountItem.Single::name).toList() + ")");
      }
    }
    while (!derive.isEmpty()) {
      Map<IdlAccountItem.Single, PdaSeeds.Resolution> waiting = new LinkedHashMap<>();
      boolean progress = false;
      for (IdlAccountItem.Single s : List.copyOf(derive)) {
        PdaSeeds.Resolution r = PdaSeeds.resolve(s.seeds().get(), ix, idl, known, args, programId);
        switch (r) {
          case PdaSeeds.Derived d -> {
            known.put(s.name(), d.address());
            derive.remove(s);
            progress = true;
          }
          case PdaSeeds.Unresolvable u -> throw new PreflightException(src.at(ptr + "/accounts/"
              + s.name()) + ": cannot derive " + s.name() + " from its IDL seeds: " + u.seedPath()
              + " " + u.why() + "; give its address (" + s.name() + ": <base58>) or its seeds ("
              + s.name() + ": {seeds: [" + SeedText.SYNTAX + "]})");
          case PdaSeeds.Waiting w -> waiting.put(s, w);
        }
      }
      if (!progress) {
        IdlAccountItem.Single s = waiting.keySet().iterator().next();
        String on = ((PdaSeeds.Waiting) waiting.get(s)).account();
        throw new PreflightException(src.at(ptr + "/accounts/" + s.name()) + ": cannot derive "
            + s.name() + " from its IDL seeds: they use account " + on + ", which the call does "
            + "not give and which cannot be derived first; give the address of " + on + " (or of "
            + s.name() + ")");
      }
    }
    List<CallTemplate.Account> out = new ArrayList<>();
    for (IdlAccountItem.Single s : singles) {
      PublicKey k = known.get(s.name());
      if (k != null) {
        out.add(new CallTemplate.Account(s.name(), k, s.signer(), s.writable(), false));
      }
    }
    return out;
  }

  /** An account given by its seeds: {@code {seeds: [...], program: <base58>}}. */
  private static PublicKey bySeeds(JsonNode a, ScenarioSource src, String at, PublicKey programId) {
    JsonNode seeds = a.path("seeds");
    if (!seeds.isArray() || seeds.isEmpty()) {
      throw new PreflightException(src.at(at) + ": expected an address or {seeds: [...]} with at "
          + "least one seed written " + SeedText.SYNTAX);
    }
    List<byte[]> bytes = new ArrayList<>();
    for (int i = 0; i < seeds.size(); i++) {
      String text = seeds.get(i).asText();
      try {
        byte[] b = SeedText.bytes(text);
        if (b.length > PdaSeeds.MAX_SEED_LEN) {
          throw new IllegalArgumentException(b.length + " bytes, more than Solana's "
              + PdaSeeds.MAX_SEED_LEN + " per seed");
        }
        bytes.add(b);
      } catch (IllegalArgumentException e) {
        throw new PreflightException(src.at(at + "/seeds/" + i) + ": seed '" + text + "' cannot "
            + "be read: " + e.getMessage() + "; write seeds as " + SeedText.SYNTAX);
      }
    }
    PublicKey program = a.hasNonNull("program")
        ? key(a.get("program").asText(), src.at(at + "/program")) : programId;
    if (program == null) {
      throw new PreflightException(src.at(at) + ": no program to derive under: the IDL names no "
          + "address; add program: <base58>");
    }
    return PublicKey.findProgramAddress(bytes, program).publicKey();
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
