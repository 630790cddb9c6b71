package dev.preflight.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.sava.core.accounts.PublicKey;
import software.sava.core.accounts.Signer;
import software.sava.core.accounts.meta.AccountMeta;
import software.sava.core.tx.Instruction;

/** {@code clock(...)} pins the chain's time; {@code traceDirectory(...)} collects register traces. */
class PinnedClockAndTraceTest {

  private static final long T = 1_800_000_000L;
  private static final PublicKey CLOCK = PublicKey.fromBase58Encoded("SysvarC1ock11111111111111111111111111111111");

  @TempDir
  Path tmp;

  /** unix_timestamp of the Clock sysvar (slot, epoch_start_timestamp, epoch, leader_schedule_epoch, unix_timestamp). */
  private static long clockUnix(LocalChain chain) {
    byte[] data = chain.rpc.getAccountInfo(CLOCK).join().data();
    return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getLong(32);
  }

  @Test
  void thePinnedClockStaysUntilACheatcodeMovesIt() throws Exception {
    try (var validator = EmbeddedValidator.builder().clock(T).slotTime(Duration.ZERO).start()) {
      var chain = new LocalChain(validator);
      assertEquals(T, clockUnix(chain));
      Signer payer = chain.fundedSigner(2_000_000_000L);
      Thread.sleep(1_100); // the wall clock moves on; the chain's does not
      chain.sendAndConfirm(List.of(LocalChain.transfer(payer.publicKey(), LocalChain.newSigner().publicKey(), 1_000_000)), payer);
      long slot = chain.rpc.getSlot().join();
      assertEquals(T, clockUnix(chain));
      assertEquals("{\"jsonrpc\":\"2.0\",\"result\":" + T + ",\"id\":1}", chain.call("getBlockTime", "[" + slot + "]"));
      chain.timeTravelToUnixSeconds(T + 3_600);
      assertEquals(T + 3_600, clockUnix(chain));
    }
  }

  @Test
  void traceDirectoryReceivesRegisterTraces() throws Exception {
    Path so = MinimalSbpfProgram.write(tmp);
    Path traces = tmp.resolve("traces");
    PublicKey programId = LocalChain.newSigner().publicKey();
    try (var validator = EmbeddedValidator.builder().slotTime(Duration.ZERO)
        .program(programId.toBase58(), so).traceDirectory(traces).start()) {
      var chain = new LocalChain(validator);
      Signer payer = chain.fundedSigner(1_000_000_000L);
      chain.sendAndConfirm(List.of(Instruction.createInstruction(programId, List.<AccountMeta>of(), new byte[0])), payer);
    }
    List<Path> regs;
    try (Stream<Path> files = Files.list(traces)) {
      regs = files.filter(f -> f.toString().endsWith(".regs")).toList();
    }
    assertFalse(regs.isEmpty(), "no .regs file in " + traces);
    boolean found = false;
    for (Path r : regs) {
      String base = r.toString().substring(0, r.toString().length() - ".regs".length());
      if (!Files.readString(Path.of(base + ".program_id")).equals(programId.toBase58())) {
        continue;
      }
      found = true;
      byte[] bytes = Files.readAllBytes(r);
      // 12 u64 per executed instruction; the no-data path of the program executes 4 instructions.
      assertEquals(4 * 12 * 8, bytes.length);
      long lastPc = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(bytes.length - 8);
      assertEquals(5, lastPc); // the final exit (instruction 5)
      assertTrue(Files.exists(Path.of(base + ".insns")));
    }
    assertTrue(found, "no trace of " + programId.toBase58());
  }
}
