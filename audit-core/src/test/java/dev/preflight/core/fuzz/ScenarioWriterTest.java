package dev.preflight.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.idl.IdlInstruction;
import dev.preflight.validator.EmbeddedValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A starting scenario written from the escrow IDL and a world on the embedded validator. */
class ScenarioWriterTest {

  static final Pattern ACCOUNT_TODO = Pattern.compile("^(\\s+)(\\w+): TODO\\b.*$");

  @Test
  void writesACallPerInstructionFromTheWorldAndLoadsOnceTheTodosAreFilled(@TempDir Path dir)
      throws Exception {
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowWorld.PROGRAM.toBase58(), EscrowWorld.binary("escrow"),
            Optional.of(EscrowWorld.key("upgrade-authority").toBase58()))
        .start();
         RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      EscrowWorld world = new EscrowWorld(System.currentTimeMillis() / 1000);
      world.build(rpc);
      ScenarioWriter.Written w = ScenarioWriter.write(world.idl, EscrowWorld.PROGRAM, rpc, "test");
      String yaml = w.yaml();
      assertEquals(world.idl.instructions().size(), w.calls());

      // seeded accounts are left out, programs with a fixed address too
      assertFalse(yaml.contains(world.config.toBase58()), yaml);
      assertFalse(yaml.contains(EscrowWorld.TOKEN.toBase58()), yaml);
      assertTrue(yaml.contains("# derived from the IDL seeds: config, purchase, vault, proceeds_vault; "
          + "fixed by the IDL: token_program, system_program"), yaml);
      // an existing Sale for buy_tokens' sale; the seller from the Sale's seller field
      assertTrue(yaml.matches("(?s).*- instruction: cancel_sale\n    accounts:\n      seller: "
          + world.seller.toBase58() + "   # from Sale .*\\.seller\n      sale: \\w+   # Sale, 1 of \\d+ in the world\n.*"),
          yaml);
      // a buyer is named by no account of this world: a TODO with hints
      assertTrue(yaml.contains("      buyer: TODO   # a signer; keys the world's accounts name: "), yaml);
      assertTrue(w.todoAccounts() > 0 && w.todoArgs() > 0, w.toString());
      // enum arguments get their first variant, in the documented JSON form
      assertTrue(yaml.contains("      update: {\"SetPlatformFee\":{\"fee_bps\":0}}   # TODO: ConfigUpdate"), yaml);

      // the TODO accounts filled in with the world's keys, as a person would: the file loads
      Path file = dir.resolve("scenario.yaml");
      Files.writeString(file, fill(yaml, world));
      List<CallTemplate> read = Templates.read(ScenarioSource.read(file, "scenario.yaml"),
          world.idl, EscrowWorld.PROGRAM);
      assertEquals(world.idl.instructions().stream().map(IdlInstruction::name).toList(),
          read.stream().map(CallTemplate::instruction).toList());
    }
  }

  /** Replaces each TODO account with the key the world's own scenario (or its buyer) uses. */
  static String fill(String yaml, EscrowWorld world) {
    JsonNode full = world.scenario();
    List<String> out = new ArrayList<>();
    String ix = "";
    for (String line : yaml.split("\n")) {
      if (line.startsWith("  - instruction: ")) {
        ix = line.substring("  - instruction: ".length()).trim();
      }
      Matcher m = ACCOUNT_TODO.matcher(line);
      if (m.matches()) {
        String name = m.group(2);
        String key = world.admins[0].toBase58();
        for (JsonNode call : full.path("calls")) {
          if (call.path("instruction").asText().equals(ix) && call.path("accounts").has(name)) {
            key = call.path("accounts").path(name).asText();
          }
        }
        line = m.group(1) + name + ": " + key;
      }
      out.add(line);
    }
    return String.join("\n", out) + "\n";
  }
}
