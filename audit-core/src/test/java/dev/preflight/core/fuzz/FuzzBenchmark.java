package dev.preflight.core.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.exec.AccountState;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.validator.EmbeddedValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/**
 * Not a test: prints the simulated cases per second of a clean escrow campaign on the embedded
 * validator (single cases only), then the raw rate of the same transactions simulated by LiteSVM
 * directly in Node (validator/bench/raw-simulate.mjs); then the stateful steps per second of a
 * sequences-only campaign beside the raw rate of LiteSVM executing the same kind of transactions
 * one after another (raw-simulate.mjs --send), in the same run.
 *
 * <pre>
 * ./mvnw -q -pl audit-core -am test-compile -DskipTests
 * ./mvnw -q -pl audit-core dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp audit-core/target/test-classes:audit-core/target/classes:$(cat audit-core/target/cp.txt) \
 *     dev.preflight.core.fuzz.FuzzBenchmark 20000 5
 * </pre>
 */
public final class FuzzBenchmark {

  public static void main(String[] args) throws Exception {
    int cases = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int rawSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path work = Files.createTempDirectory("preflight-fuzz-bench");
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowWorld.PROGRAM.toBase58(), EscrowWorld.binary("escrow"),
            Optional.of(EscrowWorld.key("upgrade-authority").toBase58()))
        .start();
         RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      EscrowWorld world = new EscrowWorld(System.currentTimeMillis() / 1000);
      world.build(rpc);
      Path policyFile = work.resolve("policy.yaml");
      Files.writeString(policyFile, world.policyYaml(cases, 1, 0));
      Policy policy = new PolicyLoader().load(policyFile);
      List<CallTemplate> templates = Templates.read(world.scenario(), world.idl);
      // warm-up run (JIT), then the measured one
      FuzzCampaign.run(FuzzRequest.of(policy, v.rpcUri()).withTemplates(templates).withMaxCases(5_000)
          .withMaxTime(Duration.ofMinutes(2)), Progress.silent());
      FuzzReport r = FuzzCampaign.run(FuzzRequest.of(policy, v.rpcUri()).withTemplates(templates)
          .withMaxTime(Duration.ofMinutes(5)), Progress.silent());
      System.out.printf("campaign via embedded validator: %d cases, %d simulations, %.2f s total, "
              + "%.0f cases/s (including set-up, baseline and the emergency stop check)%n",
          r.stats().cases(), r.stats().simulations(), r.stats().elapsed().toNanos() / 1e9,
          r.stats().casesPerSecond());

      // the same cases, as raw transactions for LiteSVM in Node
      long seed = 1;
      Substitutes subs = Substitutes.prepare(rpc, templates, EscrowWorld.PROGRAM, seed);
      PublicKey payer = Substitutes.derive(seed, "fee-payer");
      CaseRunner runner = new CaseRunner(world.idl, EscrowWorld.PROGRAM, payer, templates, Set.of());
      CaseGenerator gen = new CaseGenerator(world.idl, templates, subs,
          FuzzSettings.from(policy).boundaryValues(), List.of(), seed);
      ObjectMapper json = new ObjectMapper();
      ObjectNode dump = json.createObjectNode();
      ArrayNode txs = dump.putArray("transactions");
      Set<PublicKey> keys = new LinkedHashSet<>();
      keys.add(payer);
      keys.add(EscrowWorld.PROGRAM);
      for (int i = 0; i < Math.min(cases, 5_000); i++) {
        try {
          CaseRunner.Call call = runner.call(gen.generate(i));
          byte[] tx = runner.transaction(call);
          if (tx.length <= 1232) {
            txs.add(Base64.getEncoder().encodeToString(tx));
            call.accounts().forEach(a -> keys.add(a.key()));
          }
        } catch (RuntimeException e) {
          // not encodable: skipped here as in the campaign
        }
      }
      AccountState program = rpc.account(EscrowWorld.PROGRAM).orElseThrow();
      keys.add(PublicKey.readPubKey(program.data(), 4));
      ArrayNode accs = dump.putArray("accounts");
      List<PublicKey> list = new ArrayList<>(keys);
      List<Optional<AccountState>> states = rpc.accounts(list);
      for (Optional<AccountState> s : states) {
        s.ifPresent(a -> accs.addObject().put("address", a.address().toBase58())
            .put("lamports", Long.toUnsignedString(a.lamports())).put("owner", a.owner().toBase58())
            .put("data", Base64.getEncoder().encodeToString(a.data())).put("executable", a.executable()));
      }
      AccountState clock = rpc.account(PublicKey.fromBase58Encoded("SysvarC1ock11111111111111111111111111111111")).orElseThrow();
      dump.put("clock", Base64.getEncoder().encodeToString(clock.data()));
      Path file = work.resolve("dump.json");
      Files.writeString(file, dump.toString());
      Path script = EscrowWorld.ROOT.resolve("validator/bench/raw-simulate.mjs");
      Process node = new ProcessBuilder("node", script.toString(), file.toString(), Integer.toString(rawSeconds))
          .redirectErrorStream(true).start();
      String out = new String(node.getInputStream().readAllBytes()).trim();
      node.waitFor();
      System.out.println("raw LiteSVM in Node (same transactions): " + out);
      double raw = json.readTree(out.substring(out.lastIndexOf('{'))).path("perSecond").asDouble();
      System.out.printf("validator-backed rate = %.0f %% of raw%n", 100 * r.stats().casesPerSecond() / raw);

      // stateful: sequences only (one single case), landed step by step from the saved world
      Path seqPolicy = work.resolve("sequences.yaml");
      Files.writeString(seqPolicy, world.policyYaml(1, 1, 3_000));
      Policy sp = new PolicyLoader().load(seqPolicy);
      FuzzCampaign.run(FuzzRequest.of(sp, v.rpcUri()).withTemplates(templates), Progress.silent());
      FuzzReport s = FuzzCampaign.run(FuzzRequest.of(sp, v.rpcUri()).withTemplates(templates), Progress.silent());
      System.out.printf("sequences via embedded validator: %d sequences, %d steps in %.2f s, %.0f steps/s "
              + "(reverts, judging, prefund probes, controls and shrinking included)%n",
          s.stats().sequences(), s.stats().steps(), s.stats().sequencesTime().toNanos() / 1e9,
          s.stats().stepsPerSecond());
      Process send = new ProcessBuilder("node", script.toString(), file.toString(), Integer.toString(rawSeconds), "--send")
          .redirectErrorStream(true).start();
      String sendOut = new String(send.getInputStream().readAllBytes()).trim();
      send.waitFor();
      System.out.println("raw LiteSVM in Node, executing one after another: " + sendOut);
      double rawSend = json.readTree(sendOut.substring(sendOut.lastIndexOf('{'))).path("perSecond").asDouble();
      System.out.printf("validator-backed step rate = %.0f %% of raw%n", 100 * s.stats().stepsPerSecond() / rawSend);
    }
  }
}
