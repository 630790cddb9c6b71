package dev.preflight.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.sava.core.accounts.PublicKey;

/**
 * The server process dies (as when LiteSVM's native code aborts): the Java side hears of it at
 * once, calls fail fast naming the exit, and {@link EmbeddedValidator#restart()} brings the same
 * world back.
 */
class SurvivalTest {

  @TempDir
  Path tmp;

  @Test
  void aKilledServerIsNoticedAtOnceAndRestartsFromItsWorld() throws Exception {
    Path so = MinimalSbpfProgram.write(tmp);
    PublicKey programId = LocalChain.newSigner().publicKey();
    PublicKey fileAccount = LocalChain.newSigner().publicKey();
    byte[] fileData = "loaded from a file".getBytes(StandardCharsets.UTF_8);
    Path accountJson = tmp.resolve("account.json");
    Files.writeString(accountJson, """
        {"pubkey":"%s","account":{"lamports":1000000,"data":["%s","base64"],\
        "owner":"11111111111111111111111111111111","executable":false,"rentEpoch":0,"space":%d}}
        """.formatted(fileAccount.toBase58(), Base64.getEncoder().encodeToString(fileData), fileData.length));

    try (var validator = EmbeddedValidator.builder().slotTime(Duration.ZERO)
        .program(programId.toBase58(), so).account("-", accountJson).start()) {
      var exited = new CompletableFuture<String>();
      validator.onExit(exited::complete);
      var chain = new LocalChain(validator);
      PublicKey airdropped = LocalChain.newSigner().publicKey();
      chain.rpc.requestAirdrop(airdropped, 5_000_000_000L).join();
      assertTrue(validator.exitReason().isEmpty());

      // Work in flight while the process is killed from outside.
      var failure = CompletableFuture.supplyAsync(() -> {
        try {
          while (true) {
            chain.call("getSlot", "[]");
          }
        } catch (RuntimeException e) {
          return e;
        }
      });
      Thread.sleep(300);
      long killed = System.nanoTime();
      Process kill = new ProcessBuilder("kill", "-9", Long.toString(validator.pid())).start();
      assertEquals(0, kill.waitFor());

      RuntimeException e = failure.get(10, TimeUnit.SECONDS);
      long ms = (System.nanoTime() - killed) / 1_000_000;
      assertTrue(ms < 10_000, ms + " ms");
      var crash = assertInstanceOf(ValidatorException.class, e, () -> String.valueOf(e));
      assertTrue(crash.getMessage().startsWith("the embedded validator exited (code 137, killed by signal 9)"),
          crash.getMessage());
      String reason = exited.get(10, TimeUnit.SECONDS);
      assertEquals(crash.getMessage(), reason);
      assertFalse(validator.isRunning());
      assertEquals(Optional.of(reason), validator.exitReason());

      int port = validator.port();
      validator.restart();
      assertTrue(validator.isRunning());
      assertEquals(port, validator.port(), "the freed port is taken again, so clients keep their URI");
      var again = new LocalChain(validator);
      // The world it was built with is back; what was written over RPC afterwards is not.
      var program = again.rpc.getAccountInfo(programId).join();
      assertNotNull(program);
      assertTrue(program.executable());
      assertTrue(again.call("getAccountInfo", "[\"" + fileAccount.toBase58() + "\",{\"encoding\":\"base64\"}]")
          .contains(Base64.getEncoder().encodeToString(fileData)));
      assertEquals(0L, again.rpc.getBalance(airdropped).join().lamports());
      assertTrue(validator.exitReason().isEmpty());
      assertFalse(exited.isCompletedExceptionally());
    }
  }

  @Test
  void closingIsNotACrash() {
    var validator = EmbeddedValidator.builder().slotTime(Duration.ZERO).start();
    var exited = new CompletableFuture<String>();
    validator.onExit(exited::complete);
    validator.close();
    assertEquals(Optional.of("the embedded validator was stopped (closed)"), validator.exitReason());
    assertFalse(exited.isDone());
    var e = org.junit.jupiter.api.Assertions.assertThrows(ValidatorException.class, validator::restart);
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }
}
