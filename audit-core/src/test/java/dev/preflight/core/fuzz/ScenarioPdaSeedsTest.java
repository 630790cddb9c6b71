package dev.preflight.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.PreflightException;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.exec.Simulation;
import dev.preflight.core.idl.Idl;
import dev.preflight.validator.EmbeddedValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario accounts left out or given by their seeds, derived from the escrow IDL's PDA seeds, make
 * the same calls as the scenario that types every address, on the real program.
 */
class ScenarioPdaSeedsTest {

  /** Every account the escrow IDL can derive (seeds) or names (fixed programs), per instruction. */
  static final Set<String> DERIVABLE = Set.of("config", "purchase", "vault", "proceeds_vault",
      "token_program", "system_program");

  /** The world's scenario with derivable accounts left out; initialize_sale's sale by its seeds. */
  static ObjectNode withoutPdas(EscrowWorld world) {
    ObjectNode s = world.scenario().deepCopy();
    for (JsonNode call : s.path("calls")) {
      ObjectNode accounts = (ObjectNode) call.path("accounts");
      accounts.remove(new ArrayList<>(DERIVABLE));
      if (call.path("instruction").asText().equals("initialize_sale")) {
        accounts.remove("sale");
        accounts.putObject("sale").putArray("seeds").add("string:sale")
            .add("pubkey:" + world.seller.toBase58()).add("u64:3");
      }
    }
    return s;
  }

  @Test
  void leftOutAndSeededAccountsDeriveTheAddressesTheFullScenarioTypes() {
    EscrowWorld world = new EscrowWorld(1_800_000_000L);
    List<CallTemplate> full = Templates.read(world.scenario(), world.idl);
    List<CallTemplate> derived = Templates.read(ScenarioSource.inline(withoutPdas(world)), world.idl,
        EscrowWorld.PROGRAM);
    assertEquals(full, derived);
    // the full scenario types 18 addresses (and a sale) that the other one leaves out or gives by seeds
    long typed = 0;
    for (JsonNode call : world.scenario().path("calls")) {
      typed += DERIVABLE.stream().filter(call.path("accounts")::has).count();
    }
    assertEquals(18, typed);
  }

  @Test
  void theDerivedScenarioRunsTheSameCallsOnTheEscrow() throws Exception {
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowWorld.PROGRAM.toBase58(), EscrowWorld.binary("escrow"),
            Optional.of(EscrowWorld.key("upgrade-authority").toBase58()))
        .start();
         RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      EscrowWorld world = new EscrowWorld(System.currentTimeMillis() / 1000);
      world.build(rpc);
      List<CallTemplate> full = Templates.read(world.scenario(), world.idl);
      List<CallTemplate> derived = Templates.read(ScenarioSource.inline(withoutPdas(world)),
          world.idl, EscrowWorld.PROGRAM);
      List<Simulation> a = simulate(rpc, world, full);
      List<Simulation> b = simulate(rpc, world, derived);
      int succeeded = 0;
      for (int i = 0; i < full.size(); i++) {
        String what = full.get(i).instruction();
        assertEquals(a.get(i).success(), b.get(i).success(), what + ": " + b.get(i).errorText());
        assertEquals(a.get(i).errorText(), b.get(i).errorText(), what);
        succeeded += b.get(i).success() ? 1 : 0;
      }
      // buy, initialize_sale, cancel, withdraw, reclaim, stop, propose succeed in this world
      assertTrue(succeeded >= 5, "calls that succeeded: " + succeeded);
    }
  }

  private static List<Simulation> simulate(RpcValidator rpc, EscrowWorld world,
                                           List<CallTemplate> templates) throws Exception {
    CaseRunner runner = new CaseRunner(world.idl, EscrowWorld.PROGRAM,
        Substitutes.derive(7, "fee-payer"), templates, Set.of());
    rpc.setAccount(runner.feePayer(), 1_000_000_000_000L, new byte[0], Substitutes.SYSTEM, false);
    List<FuzzCase> cases = new ArrayList<>();
    for (int t = 0; t < templates.size(); t++) {
      cases.add(new FuzzCase(t, List.of()));
    }
    return rpc.simulate(cases.stream().map(runner::request).toList());
  }

  @Test
  void aSeedThatCannotBeReadFailsAtItsLineAndColumn(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("calls.yaml");
    Files.writeString(file, """
        calls:
          - instruction: withdraw_proceeds
            accounts:
              seller: 9Koe3Y9C6bZg5i1Bs44GPjeUFMXF3kLJgG8KeywXTCHz
              sale: HeDciSrGAHHoFoe1FB38UMdppwz7EDdeHKehHNMGmzkP
              proceeds_vault: { seeds: ["string:proceeds", "u64:twelve"] }
              seller_payment_account: 92s3YUMj8BPgGek6YKo7vapJaRpKETgmK5f1zHbjMttW
            args: {}
        """);
    Idl idl = Idl.load(EscrowWorld.IDL_PATH);
    PreflightException e = assertThrows(PreflightException.class, () -> Templates.read(
        ScenarioSource.read(file, "fuzz/calls.yaml"), idl, EscrowWorld.PROGRAM));
    assertTrue(e.getMessage().matches("fuzz/calls\\.yaml:6:\\d+ calls\\[0]\\.accounts\\."
        + "proceeds_vault\\.seeds\\[1]: seed 'u64:twelve' cannot be read: .*"), e.getMessage());
  }

  @Test
  void aSeedKnownOnlyOnChainFailsNamingTheAccountAndTheSeedPath(@TempDir Path dir) throws Exception {
    // the escrow IDL with vault's second seed reading the sale's seller field instead of the sale
    ObjectMapper m = new ObjectMapper();
    ObjectNode json = (ObjectNode) m.readTree(Files.readString(EscrowWorld.IDL_PATH));
    for (JsonNode ix : json.path("instructions")) {
      for (JsonNode acc : ix.path("accounts")) {
        if (acc.path("name").asText().equals("vault")) {
          ((ObjectNode) acc.path("pda").path("seeds").get(1)).put("path", "sale.seller");
        }
      }
    }
    Idl idl = Idl.parse(m.writeValueAsString(json), "escrow-dotted.json");
    Path file = dir.resolve("calls.yaml");
    Files.writeString(file, """
        calls:
          - instruction: reclaim_unsold
            accounts:
              seller: 9Koe3Y9C6bZg5i1Bs44GPjeUFMXF3kLJgG8KeywXTCHz
              sale: HeDciSrGAHHoFoe1FB38UMdppwz7EDdeHKehHNMGmzkP
              seller_token_account: 7i7Sj7CbxhPPJr2qSByf7hWZo5Ro4zLxvPxHfhdVFDjJ
            args: {}
        """);
    PreflightException e = assertThrows(PreflightException.class, () -> Templates.read(
        ScenarioSource.read(file, "fuzz/calls.yaml"), idl, EscrowWorld.PROGRAM));
    // the account is left out: the position is its call's accounts mapping
    assertEquals("fuzz/calls.yaml:4:7 calls[0].accounts.vault: cannot derive vault from its IDL "
        + "seeds: pda.seeds[1] (account sale.seller) reads field seller of sale's data, which is "
        + "known only on chain; give its address (vault: <base58>) or its seeds (vault: {seeds: "
        + "[" + SeedText.SYNTAX + "]})", e.getMessage());
  }
}
