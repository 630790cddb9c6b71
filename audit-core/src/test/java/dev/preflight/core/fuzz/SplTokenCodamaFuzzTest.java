package dev.preflight.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.validator.EmbeddedValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.sava.core.accounts.PublicKey;

/**
 * SPL Token as LiteSVM ships it, driven through its published Codama IDL (shared/data/codama/token.json,
 * read as it is): the scenario names instructions, accounts and arguments as Codama does (camelCase;
 * snake_case finds them too), the campaign shows no unauthorized success, no account substitution and
 * no conservation finding, and the program's errors are reported by their Codama names.
 */
class SplTokenCodamaFuzzTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final PublicKey TOKEN = PublicKey.fromBase58Encoded("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");

  @TempDir
  Path tmp;

  @Test
  void splTokenHasNoAuthorizationSubstitutionOrConservationFindings() throws Exception {
    FuzzReport report = campaign("");
    assertEquals(3000, report.stats().cases());
    for (String id : List.of(Oracles.UNAUTHORIZED, Oracles.SUBSTITUTION, Oracles.CONSERVATION,
        Oracles.FAILURE_MODE)) {
      CheckResult r = report.results().stream().filter(x -> x.checkId().equals(id)).findFirst().orElseThrow();
      assertEquals(Outcome.PASS, r.outcome(), id + ": " + r.message());
    }
    assertTrue(report.results().stream().filter(r -> r.checkId().equals(Oracles.UNAUTHORIZED))
        .allMatch(r -> r.evidence().stream().anyMatch(e -> e.field().equals("fuzz.templates-failing-as-given")
            && e.value().equals("none"))), "every SPL Token call must succeed as given");
    // the program's errors by their Codama names in the per-instruction evidence
    String burn = report.results().getFirst().evidence().stream()
        .filter(e -> e.field().equals("fuzz.instruction.burn")).findFirst().orElseThrow().value();
    assertTrue(burn.contains("insufficientFunds (1)") || burn.contains("ownerMismatch (4)"), burn);
  }

  /**
   * The oracles judge: a deliberately false invariant ("the supply never changes") is reported
   * as violated by mintTo, with a shrunk reproducer.
   */
  @Test
  void aFalseInvariantIsReportedAsViolatedByMintTo() throws Exception {
    FuzzReport report = campaign("""
              invariants:
                calls:
                  - id: supply-never-changes
                    instruction: mintTo
                    expr: post.mint.supply == pre.mint.supply
            """);
    CheckResult r = report.results().stream().filter(x -> x.checkId().equals("invariant.supply-never-changes"))
        .filter(x -> x.outcome() == Outcome.FAIL).findFirst().orElseThrow(() -> new AssertionError(
            "no FAIL of invariant.supply-never-changes: " + report.results()));
    assertTrue(r.message().contains("mintTo broke post.mint.supply == pre.mint.supply"), r.message());
    assertTrue(r.evidence().stream().anyMatch(e -> e.field().equals("reproducer.instruction")
        && e.value().equals("mintTo")), "reproducer names mintTo");
    assertTrue(r.evidence().stream().anyMatch(e -> e.field().equals("reproducer.transaction")));
  }

  FuzzReport campaign(String fuzzExtra) throws Exception {
    Path idlFile = tmp.resolve("token.json");
    Files.copy(dev.preflight.core.idl.CodamaIdls.file(dev.preflight.core.idl.CodamaIdls.TOKEN), idlFile);
    Idl idl = Idl.load(idlFile);
    assertEquals(Idl.Format.CODAMA, idl.format());
    try (EmbeddedValidator v = EmbeddedValidator.builder().start();
         RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      PublicKey mint = EscrowWorld.key("spl-mint");
      PublicKey mintAuthority = EscrowWorld.key("spl-mint-authority");
      PublicKey owner = EscrowWorld.key("spl-owner");
      PublicKey other = EscrowWorld.key("spl-other");
      PublicKey delegate = EscrowWorld.key("spl-delegate");
      PublicKey source = EscrowWorld.key("spl-source");
      PublicKey destination = EscrowWorld.key("spl-destination");
      PublicKey empty = EscrowWorld.key("spl-empty");
      for (PublicKey w : List.of(mintAuthority, owner, other, delegate)) {
        rpc.setAccount(w, 10_000_000_000L, new byte[0], EscrowWorld.SYSTEM, false);
      }
      byte[] mintData = EscrowWorld.mint(6, 1_000_000);
      mintData[0] = 1; // COption::Some(mint authority)
      System.arraycopy(mintAuthority.toByteArray(), 0, mintData, 4, 32);
      rpc.setAccount(mint, 1_461_600, mintData, TOKEN, false);
      EscrowWorld.token(rpc, source, mint, owner, 1_000_000);
      EscrowWorld.token(rpc, destination, mint, other, 0);
      EscrowWorld.token(rpc, empty, mint, owner, 0);

      ObjectNode scenario = JSON.createObjectNode();
      ArrayNode calls = scenario.putArray("calls");
      add(calls, "transfer", Map.of("source", source, "destination", destination, "authority", owner), Map.of("amount", 10));
      add(calls, "transferChecked", Map.of("source", source, "mint", mint, "destination", destination,
          "authority", owner), Map.of("amount", 10, "decimals", 6));
      add(calls, "approve", Map.of("source", source, "delegate", delegate, "owner", owner), Map.of("amount", 10));
      add(calls, "revoke", Map.of("source", source, "owner", owner), Map.of());
      add(calls, "mintTo", Map.of("mint", mint, "token", destination, "mintAuthority", mintAuthority), Map.of("amount", 10));
      add(calls, "mintToChecked", Map.of("mint", mint, "token", destination, "mintAuthority", mintAuthority),
          Map.of("amount", 10, "decimals", 6));
      add(calls, "burn", Map.of("account", source, "mint", mint, "authority", owner), Map.of("amount", 10));
      add(calls, "burnChecked", Map.of("account", source, "mint", mint, "authority", owner), Map.of("amount", 10, "decimals", 6));
      add(calls, "closeAccount", Map.of("account", empty, "destination", other, "owner", owner), Map.of());

      Path policyFile = tmp.resolve("policy.yaml");
      Files.writeString(policyFile, """
          project: spl-token-codama-fuzz
          clusters:
            - name: local
              url: http://127.0.0.1:8899
              kind: localnet
          program:
            id: TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA
            idl: token.json
          fuzz:
            seed: 3
            maxCases: 3000
            callerChosen: [transfer.destination, transferChecked.destination, mintTo.token,
                           mintToChecked.token, closeAccount.destination, approve.delegate]
            sequences: { count: 100, steps: 8 }
          """ + fuzzExtra);
      Policy policy = new PolicyLoader().load(policyFile);
      FuzzReport report = FuzzCampaign.run(FuzzRequest.of(policy, v.rpcUri())
          .withTemplates(Templates.read(scenario, idl)).withMaxTime(Duration.ofMinutes(2)), Progress.console());
      for (CheckResult r : report.results()) {
        System.out.println("  " + r.checkId() + " " + r.outcome() + " " + r.message());
      }
      return report;
    }
  }

  static void add(ArrayNode calls, String ix, Map<String, PublicKey> accounts, Map<String, Integer> args) {
    ObjectNode c = calls.addObject().put("instruction", ix);
    ObjectNode a = c.putObject("accounts");
    accounts.forEach((k, v) -> a.put(k, v.toBase58()));
    ObjectNode g = c.putObject("args");
    args.forEach(g::put);
  }
}
