package dev.preflight.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.coverage.CoverageCheck;
import dev.preflight.core.coverage.CoverageMap;
import dev.preflight.core.coverage.CoverageReport;
import dev.preflight.core.coverage.Gap;
import dev.preflight.core.coverage.ProgramText;
import dev.preflight.core.coverage.SlotRange;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.fuzz.CallTemplate;
import dev.preflight.core.fuzz.CaseRunner;
import dev.preflight.core.fuzz.CoverageOptions;
import dev.preflight.core.fuzz.EscrowWorld;
import dev.preflight.core.fuzz.FuzzCampaign;
import dev.preflight.core.fuzz.FuzzCase;
import dev.preflight.core.fuzz.FuzzReport;
import dev.preflight.core.fuzz.FuzzRequest;
import dev.preflight.core.fuzz.Templates;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.core.report.ReadinessReport;
import dev.preflight.core.report.ReportJson;
import dev.preflight.validator.EmbeddedValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign whose scenario never calls {@code cancel_sale} (and nothing else calls it): the code
 * only {@code cancel_sale} runs shows up as never reached, in the report's JSON (every
 * never-reached run) and, for its largest run, as a listed gap with its symbol and address range
 * in JSON and HTML. "The code only cancel_sale runs" is measured, not assumed: one traced
 * {@code cancel_sale} call on the same world, minus everything the campaign reached.
 */
class CoverageGapReportTest {

  @TempDir
  Path tmp;

  @Test
  void anInstructionTheScenarioNeverCallsIsAGapInTheReport() throws Exception {
    Path traces = tmp.resolve("traces");
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowWorld.PROGRAM.toBase58(), EscrowWorld.binary("escrow"),
            Optional.of(EscrowWorld.key("upgrade-authority").toBase58()))
        .slotTime(Duration.ZERO).traceOnDemand(traces).start();
         RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      EscrowWorld world = new EscrowWorld(System.currentTimeMillis() / 1000);
      world.build(rpc);
      ObjectNode full = world.scenario();
      ObjectNode withoutCancel = full.deepCopy();
      ArrayNode calls = (ArrayNode) withoutCancel.get("calls");
      for (int i = calls.size() - 1; i >= 0; i--) {
        if (Set.of("cancel_sale", "execute_update").contains(calls.get(i).path("instruction").asText())) {
          calls.remove(i);
        }
      }
      Path policyFile = tmp.resolve("policy.yaml");
      Files.writeString(policyFile, """
          project: escrow-gap
          clusters:
            - name: local
              url: http://127.0.0.1:8899
              kind: localnet
          program:
            id: %s
            idl: %s
          fuzz:
            seed: 7
            maxCases: 400
            sequences: { count: 12, steps: 6 }
            coverage: { min: 99 }
          """.formatted(EscrowWorld.PROGRAM.toBase58(), EscrowWorld.IDL_PATH));
      Policy policy = new PolicyLoader().load(policyFile);
      FuzzReport fuzz = FuzzCampaign.run(FuzzRequest.of(policy, v.rpcUri())
              .withTemplates(Templates.read(withoutCancel, world.idl)).withMaxTime(Duration.ofMinutes(2)),
          Progress.silent(), new CoverageOptions(Optional.of(traces), true, true));

      CoverageReport cov = fuzz.coverage().orElseThrow(() -> new AssertionError(
          "the campaign measured no coverage: " + fuzz.results().stream()
              .filter(r -> r.checkId().equals(CoverageCheck.ID)).toList()));
      assertTrue(cov.hasEvidence() && cov.reached() > 0 && cov.edgesReached() > 0, cov.toString());
      CheckResult check = fuzz.results().stream().filter(r -> r.checkId().equals(CoverageCheck.ID))
          .findFirst().orElseThrow();
      assertEquals(Outcome.FAIL, check.outcome(), check.message());

      // the code cancel_sale runs on this world, measured by one traced call of it
      List<CallTemplate> all = Templates.read(full, world.idl);
      int cancel = 0;
      while (!all.get(cancel).instruction().equals("cancel_sale")) {
        cancel++;
      }
      CaseRunner runner = new CaseRunner(world.idl, EscrowWorld.PROGRAM, EscrowWorld.key("payer"), all, Set.of());
      rpc.setAccount(EscrowWorld.key("payer"), 10_000_000_000L, new byte[0], EscrowWorld.SYSTEM, false);
      Files.createDirectories(traces);
      try (var s = Files.list(traces)) {
        assertEquals(0, s.count(), "the campaign ingested (and removed) every trace it asked for");
      }
      rpc.trace(List.of(runner.transaction(runner.call(new FuzzCase(cancel, List.of())))));
      CoverageMap cancelMap = new CoverageMap(ProgramText.read(EscrowWorld.binary("escrow")), EscrowWorld.PROGRAM);
      assertTrue(cancelMap.ingest(traces).traces() >= 1, "cancel_sale was traced");
      CoverageReport cancelOnly = cancelMap.report();
      BitSet onlyCancel = new BitSet();
      for (int slot = 0; slot < cancelOnly.slots(); slot++) {
        if (cancelOnly.reached(slot) && !cov.reached(slot)) {
          onlyCancel.set(slot);
        }
      }
      assertTrue(onlyCancel.cardinality() >= 20, "cancel_sale has code of its own: " + onlyCancel.cardinality());

      // the JSON lists every never-reached run: each slot only cancel_sale runs is in one
      ReadinessReport report = SampleReports.current().withCoverage(cov);
      Path json = tmp.resolve("preflight-report.json");
      ReportJson.write(report, json);
      JsonNode c = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile()).path("coverage");
      List<SlotRange> unreached = new ArrayList<>();
      c.path("unreached").forEach(r -> unreached.add(new SlotRange(r.get(0).asInt(), r.get(1).asInt())));
      for (int slot = onlyCancel.nextSetBit(0); slot >= 0; slot = onlyCancel.nextSetBit(slot + 1)) {
        int s = slot;
        assertTrue(unreached.stream().anyMatch(r -> r.contains(s)), "slot " + s + " of cancel_sale is listed as never reached");
      }

      // the largest run of cancel_sale's own code is a listed gap, in JSON and HTML
      SlotRange largest = largestRun(onlyCancel);
      Gap gap = cov.gaps().stream().filter(g -> g.slots().start() <= largest.start() && g.slots().end() >= largest.end())
          .findFirst().orElseThrow(() -> new AssertionError("cancel_sale's run " + largest
              + " is not among the listed gaps " + cov.gaps().stream().map(Gap::slots).toList()));
      assertFalse(gap.symbol().isEmpty(), "the gap names the function it is in");
      boolean inJson = false;
      for (JsonNode g : c.path("gaps")) {
        inJson |= g.path("startAddress").asLong() == gap.startAddress() && g.path("endAddress").asLong() == gap.endAddress()
            && g.path("symbol").asText().equals(gap.symbol()) && !g.path("listing").isEmpty();
      }
      assertTrue(inJson, "the gap is in preflight-report.json with its address range, symbol and listing");
      String html = ReportWriter.html(ReportWriterTest.sampleGate(report), Optional.empty(), RenderOptions.defaults());
      assertTrue(html.contains("0x" + Long.toHexString(gap.startAddress()) + "–0x" + Long.toHexString(gap.endAddress())),
          "the HTML shows the gap's address range");
      assertTrue(html.contains(gap.symbol()), "the HTML names the gap's symbol");
    }
  }

  private static SlotRange largestRun(BitSet bits) {
    SlotRange best = new SlotRange(0, 0);
    for (int s = bits.nextSetBit(0); s >= 0; ) {
      int e = bits.nextClearBit(s);
      if (e - s > best.size()) {
        best = new SlotRange(s, e);
      }
      s = bits.nextSetBit(e);
    }
    return best;
  }
}
