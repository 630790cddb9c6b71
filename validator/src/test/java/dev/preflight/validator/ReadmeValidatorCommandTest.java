package dev.preflight.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The command the docs give for replaying reproducers starts a validator with the example's world:
 * the same command in validator/README.md and docs/fuzz-scenarios.md, run as written (only the
 * port is made free, since other builds may hold 8899).
 */
class ReadmeValidatorCommandTest {

  static final Path ROOT = Path.of(System.getProperty("preflight.root"));

  /** The shell command of the first bash block that starts the validator with {@code marker}. */
  static String command(Path doc, String marker) throws IOException {
    List<String> lines = Files.readAllLines(doc);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).equals("```bash") && lines.get(i + 1).contains(marker)) {
        StringBuilder sb = new StringBuilder();
        for (int j = i + 1; !lines.get(j).equals("```"); j++) {
          String l = lines.get(j);
          sb.append(l.endsWith("\\") ? l.substring(0, l.length() - 1) : l).append(' ');
        }
        return sb.toString().trim().replaceAll("\\s+", " ");
      }
    }
    throw new AssertionError(doc + " has no bash block starting with " + marker);
  }

  @Test
  void theDocumentedCommandServesTheExampleWorldAtItsTime() throws Exception {
    String marker = "node validator/bin/preflight-validator --port 8899";
    String readme = command(ROOT.resolve("validator/README.md"), marker);
    assertEquals(readme, command(ROOT.resolve("docs/fuzz-scenarios.md"), marker),
        "validator/README.md and docs/fuzz-scenarios.md give different commands");
    List<String> argv = new ArrayList<>(Arrays.asList(readme.split(" ")));
    argv.set(argv.indexOf("8899"), "0");
    Process p = new ProcessBuilder(argv).directory(ROOT.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      var out = p.inputReader(StandardCharsets.UTF_8);
      String line = CompletableFuture.supplyAsync(() -> {
        try {
          return out.readLine();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).get(30, TimeUnit.SECONDS);
      assertTrue(line != null && line.matches("listening http://127\\.0\\.0\\.1:\\d+"), line);
      LocalChain chain = new LocalChain(URI.create(line.substring("listening ".length())));

      Properties world = new Properties();
      try (var in = Files.newInputStream(ROOT.resolve("examples/escrow-readiness/chain/world.properties"))) {
        world.load(in);
      }
      var program = chain.rpc.getAccountInfo(key(world, "program")).join();
      assertTrue(program != null && program.executable(), "the program is deployed");
      assertEquals(LocalChain.UPGRADEABLE_LOADER, program.owner());
      var config = chain.rpc.getAccountInfo(key(world, "config")).join();
      assertTrue(config != null, "the world's config is loaded");
      assertEquals(key(world, "program"), config.owner(), "the world's config");
      // the pinned clock is the world's time (world.properties: now)
      long now = java.time.Instant.parse(world.getProperty("now")).getEpochSecond();
      int clock = argv.indexOf("--clock");
      assertEquals(now, Long.parseLong(argv.get(clock + 1)), "--clock is the world's now");
      var clockAccount = chain.rpc.getAccountInfo(CLOCK).join();
      // Clock sysvar: slot, epoch_start_timestamp, epoch, leader_schedule_epoch, unix_timestamp
      long unix = java.nio.ByteBuffer.wrap(clockAccount.data()).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(32);
      assertEquals(now, unix, "the validator's clock is pinned to the world's time");
    } finally {
      p.destroy();
      assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    }
  }

  static final software.sava.core.accounts.PublicKey CLOCK =
      software.sava.core.accounts.PublicKey.fromBase58Encoded("SysvarC1ock11111111111111111111111111111111");

  private static software.sava.core.accounts.PublicKey key(Properties world, String name) {
    return software.sava.core.accounts.PublicKey.fromBase58Encoded(world.getProperty(name));
  }

}
