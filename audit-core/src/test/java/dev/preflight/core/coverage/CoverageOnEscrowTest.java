package dev.preflight.core.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.render.CoverageView;
import dev.preflight.fixtures.escrow.EscrowMarket;
import dev.preflight.fixtures.escrow.EscrowProgram;
import dev.preflight.validator.EmbeddedValidator;
import dev.preflight.validator.LocalChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage of the real escrow binary from the register traces of the embedded validator: the
 * escrow's lifecycle is sent for real, the traces ingested after each step.
 */
class CoverageOnEscrowTest {

  @TempDir
  Path tmp;

  @Test
  void buysReachTheirHandlerAndAnUncalledInstructionStaysAGap() throws Exception {
    Path traces = tmp.resolve("traces");
    Path elf = EscrowProgram.binary(EscrowProgram.Variant.CLEAN);
    ProgramText program = ProgramText.read(elf);
    CoverageMap map = new CoverageMap(program, EscrowProgram.PROGRAM_ID);
    try (EmbeddedValidator v = EmbeddedValidator.builder().slotTime(Duration.ZERO)
        .upgradeableProgram(EscrowProgram.PROGRAM_ID.toBase58(), elf, Optional.empty())
        .traceDirectory(traces).start()) {
      EscrowMarket market = EscrowMarket.open(new LocalChain(v), EscrowProgram.PROGRAM_ID);
      EscrowMarket.Sale sale = market.createSale(1, 100_000, 3, 0, 2 * EscrowMarket.DAY, 50_000);
      CoverageMap.Ingest setup = map.ingest(traces);
      assertTrue(setup.traces() >= 2, "initialize_config and initialize_sale were traced: " + setup);
      assertEquals(0, setup.rejected(), "the traces are of the build measured: " + setup);
      assertTrue(setup.newCoverage());
      try (Stream<Path> left = Files.list(traces)) {
        assertEquals(0, left.count(), "ingest deletes what it read");
      }
      CoverageReport beforeBuy = map.report();

      assertTrue(market.buy(sale, 1_000, 3).ok());
      CoverageMap.Ingest buy = map.ingest(traces);
      assertTrue(buy.traces() >= 1 && buy.newSlots() > 0 && buy.newEdges() > 0,
          "the first buy reaches code no setup step reached: " + buy);
      CoverageReport afterBuy = map.report();
      List<Integer> buyCode = newlyReached(beforeBuy, afterBuy);
      // buy_tokens' handler: account checks, the price arithmetic, two token transfers, the
      // purchase record; hundreds of slots the setup never ran.
      assertTrue(buyCode.size() > 200, "buy_tokens reached only " + buyCode.size() + " new slots");
      buyCode.forEach(s -> assertFalse(beforeBuy.reached(s)));
      buyCode.forEach(s -> assertTrue(afterBuy.reached(s)));

      assertTrue(market.buy(sale, 500, 3).ok());
      map.ingest(traces);
      assertTrue(market.emergencyStop(market.admins.subList(0, 2)).ok());
      assertFalse(market.buy(sale, 10, 3).ok(), "a buy while stopped fails");
      map.ingest(traces);
      CoverageReport withoutCancel = map.report();

      // cancel_sale was never called: its code is a gap until it is.
      market.cancelSale(sale);
      CoverageMap.Ingest cancel = map.ingest(traces);
      assertTrue(cancel.newSlots() > 0, "cancel_sale reaches code of its own: " + cancel);
      CoverageReport withCancel = map.report();
      List<Integer> cancelCode = newlyReached(withoutCancel, withCancel);
      for (int s : cancelCode) {
        assertTrue(withoutCancel.unreached().stream().anyMatch(r -> r.contains(s)),
            "slot " + s + " of cancel_sale is in a never-reached range before the call");
      }
      assertTrue(withoutCancel.unreached().stream().anyMatch(r -> r.contains(cancelCode.getFirst())));
      // ... and the report's picture draws it as never reached (one slot per cell at this size)
      CoverageView picture = CoverageView.of(Optional.of(withoutCancel));
      assertEquals(1, picture.slotsPerCell());
      for (int s : cancelCode) {
        int x = (s % CoverageView.COLUMNS) * CoverageView.CELL_W;
        int y = (s / CoverageView.COLUMNS) * CoverageView.CELL_H;
        assertTrue(picture.unreached().stream().anyMatch(r -> x >= r.x() && x < r.x() + r.w() && y == r.y()),
            "slot " + s + " is drawn as never reached");
      }
      CoverageView after = CoverageView.of(Optional.of(withCancel));
      int s0 = cancelCode.getFirst();
      int x0 = (s0 % CoverageView.COLUMNS) * CoverageView.CELL_W;
      int y0 = (s0 / CoverageView.COLUMNS) * CoverageView.CELL_H;
      assertTrue(after.unreached().stream().noneMatch(r -> x0 >= r.x() && x0 < r.x() + r.w() && y0 == r.y()),
          "and as reached once called");
      // the figures survive the report's JSON
      assertEquals(withCancel, CoverageJson.fromJson(CoverageJson.toJson(withCancel)));

      CoverageReport r = withCancel;
      assertEquals(program.slots(), r.slots());
      assertEquals(Files.size(elf) > 0, r.slots() > 0);
      assertTrue(r.reached() > 0 && r.reached() <= r.slots(), r.reached() + " of " + r.slots());
      assertTrue(r.instructionsReached() <= r.instructions() && r.instructions() <= r.slots());
      assertTrue(r.edgesReached() > 0 && r.edgesReached() <= r.edges());
      assertEquals(0, r.rejectedTraces());
      int unreachedSlots = r.unreached().stream().mapToInt(SlotRange::size).sum();
      assertEquals(r.slots() - r.reached(), unreachedSlots);
      assertFalse(r.gaps().isEmpty());
      for (Gap g : r.gaps()) {
        assertTrue(g.listing().stream().anyMatch(l -> !l.reached() && !l.text().isEmpty()),
            "a gap lists its own instructions");
        assertTrue(g.symbol().startsWith("entrypoint") || g.symbol().startsWith("fn_"), g.symbol());
      }
      System.out.printf("escrow coverage: %d/%d slots (%.1f %%), %d/%d edges (%.1f %%), %d traces, %d steps%n",
          r.reached(), r.slots(), r.percent(), r.edgesReached(), r.edges(), r.edgePercent(), r.traces(), r.steps());
    }
  }

  @Test
  void tracesOfAnotherBuildAtTheSameAddressAreLeftOut() throws Exception {
    Path traces = tmp.resolve("traces");
    try (EmbeddedValidator v = EmbeddedValidator.builder().slotTime(Duration.ZERO)
        .upgradeableProgram(EscrowProgram.PROGRAM_ID.toBase58(),
            EscrowProgram.binary(EscrowProgram.Variant.FEE_UNCAPPED), Optional.empty())
        .traceDirectory(traces).start()) {
      EscrowMarket.open(new LocalChain(v), EscrowProgram.PROGRAM_ID);
    }
    CoverageReport r = Coverage.of(EscrowProgram.binary(EscrowProgram.Variant.CLEAN), traces,
        EscrowProgram.PROGRAM_ID);
    assertTrue(r.rejectedTraces() > 0, "the defect build ran");
    assertEquals(0, r.traces());
    assertEquals(0, r.reached());
    assertFalse(r.hasEvidence());
    // Coverage.of reads without deleting.
    try (Stream<Path> left = Files.list(traces)) {
      assertTrue(left.findAny().isPresent());
    }
  }

  @Test
  void tracesThatDoNotMatchTheBinaryAreRejected() throws Exception {
    Path traces = tmp.resolve("traces");
    Path elf = EscrowProgram.binary(EscrowProgram.Variant.CLEAN);
    try (EmbeddedValidator v = EmbeddedValidator.builder().slotTime(Duration.ZERO)
        .upgradeableProgram(EscrowProgram.PROGRAM_ID.toBase58(), elf, Optional.empty())
        .traceDirectory(traces).start()) {
      EscrowMarket.open(new LocalChain(v), EscrowProgram.PROGRAM_ID);
    }
    CoverageReport real = Coverage.of(elf, traces, EscrowProgram.PROGRAM_ID);
    assertTrue(real.traces() > 0);
    assertEquals(0, real.rejectedTraces());
    Trace one = Trace.list(traces).stream()
        .filter(t -> t.programId().equals(EscrowProgram.PROGRAM_ID.toBase58())).findFirst().orElseThrow();
    byte[] regs = Files.readAllBytes(one.regs());
    byte[] insns = Files.readAllBytes(one.insns());
    int slots = ProgramText.read(elf).slots();
    String zeros = "0".repeat(64);
    // a .regs cut short, as a killed validator leaves it
    copy(traces, "truncated", java.util.Arrays.copyOf(regs, regs.length - 50), insns, one.execSha256());
    // a program counter outside .text
    byte[] outside = regs.clone();
    java.nio.ByteBuffer.wrap(outside).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putLong(outside.length - 8, slots + 5);
    copy(traces, "outside", outside, insns, one.execSha256());
    // another build: its hash differs and one executed instruction is not this build's
    byte[] otherInsns = insns.clone();
    otherInsns[8] ^= 0x01; // the second step's opcode
    copy(traces, "otherbuild", regs, otherInsns, zeros);
    // the same code under another hash (ProgramData padded after the ELF): accepted
    copy(traces, "padded", regs, insns, zeros);

    CoverageReport r = Coverage.of(elf, traces, EscrowProgram.PROGRAM_ID);
    assertEquals(3, r.rejectedTraces());
    assertEquals(real.traces() + 1, r.traces());
    assertEquals(real.reached(), r.reached(), "the accepted copy adds no new slot");
  }

  private static void copy(Path dir, String name, byte[] regs, byte[] insns, String sha) throws Exception {
    Files.write(dir.resolve(name + ".regs"), regs);
    Files.write(dir.resolve(name + ".insns"), insns);
    Files.writeString(dir.resolve(name + ".program_id"), EscrowProgram.PROGRAM_ID.toBase58());
    Files.writeString(dir.resolve(name + ".exec.sha256"), sha);
  }

  private static List<Integer> newlyReached(CoverageReport before, CoverageReport after) {
    List<Integer> out = new ArrayList<>();
    IntStream.range(0, after.slots()).filter(s -> after.reached(s) && !before.reached(s)).forEach(out::add);
    return out;
  }
}
