package dev.preflight.core.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlAccountItem;
import dev.preflight.core.idl.IdlInstruction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;
import software.sava.core.encoding.Base58;

/**
 * Learns call templates from the program's recent successful transactions on a cluster: each
 * top-level instruction of the program is decoded with the IDL (discriminator, arguments), its
 * accounts are named in IDL order (extra ones become remaining accounts) and flagged signer /
 * writable as the message header says. The most recent call of each instruction wins.
 */
public final class TemplateLearner {
  private TemplateLearner() {}

  public static List<CallTemplate> learn(RpcValidator source, Idl idl, PublicKey programId, int limit) {
    Map<String, CallTemplate> byName = new LinkedHashMap<>();
    for (String sig : source.signaturesFor(programId, limit)) {
      Optional<JsonNode> tx = source.transaction(sig);
      if (tx.isEmpty() || !tx.get().path("meta").path("err").isNull()) {
        continue;
      }
      JsonNode msg = tx.get().path("transaction").path("message");
      List<PublicKey> keys = new ArrayList<>();
      msg.path("accountKeys").forEach(k -> keys.add(PublicKey.fromBase58Encoded(k.asText())));
      JsonNode h = msg.path("header");
      int signed = h.path("numRequiredSignatures").asInt();
      int roSigned = h.path("numReadonlySignedAccounts").asInt();
      int roUnsigned = h.path("numReadonlyUnsignedAccounts").asInt();
      for (JsonNode ix : msg.path("instructions")) {
        int p = ix.path("programIdIndex").asInt(-1);
        if (p < 0 || p >= keys.size() || !keys.get(p).equals(programId)) {
          continue;
        }
        byte[] data = Base58.decode(ix.path("data").asText());
        Optional<Idl.DecodedInstruction> decoded = idl.decodeInstruction(data);
        if (decoded.isEmpty() || byName.containsKey(decoded.get().name())) {
          continue;
        }
        IdlInstruction def = idl.instruction(decoded.get().name()).orElseThrow();
        List<IdlAccountItem.Single> named = Templates.flatten(def.accounts());
        List<CallTemplate.Account> accounts = new ArrayList<>();
        JsonNode idx = ix.path("accounts");
        for (int i = 0; i < idx.size(); i++) {
          int k = idx.get(i).asInt();
          boolean signer = k < signed;
          boolean writable = signer ? k < signed - roSigned : k < keys.size() - roUnsigned;
          String name = i < named.size() ? named.get(i).name() : "remaining" + (i - named.size());
          accounts.add(new CallTemplate.Account(name, keys.get(k), signer, writable, i >= named.size()));
        }
        byName.put(def.name(), new CallTemplate(def.name(), accounts, decoded.get().args()));
      }
    }
    return List.copyOf(byName.values());
  }
}
