package dev.preflight.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping the server: the launcher script, the Java launcher and its failures. */
class LauncherTest {

  private static Path sourceHome() {
    Path home = Path.of("").toAbsolutePath();
    assertTrue(ServerHome.isServerDirectory(home), "tests run in the validator module directory: " + home);
    return home;
  }

  @Test
  void launcherScriptPrintsListeningWithinFiveSecondsAndAnswers() throws Exception {
    Path script = ServerHome.launcher(sourceHome());
    long started = System.nanoTime();
    Process process = new ProcessBuilder(script.toString(), "--port", "0").start();
    try {
      var reader = process.inputReader(StandardCharsets.UTF_8);
      String line = CompletableFuture.supplyAsync(() -> readLine(reader)).get(5, TimeUnit.SECONDS);
      long elapsedMs = (System.nanoTime() - started) / 1_000_000;
      assertTrue(line.matches("listening http://127\\.0\\.0\\.1:\\d+"), line);
      assertTrue(elapsedMs < 5_000, elapsedMs + " ms");
      URI uri = URI.create(line.substring("listening ".length()));
      assertEquals("4.3.0", new LocalChain(uri).rpc.getVersion().join().version());
    } finally {
      process.destroy(); // SIGTERM: the server shuts down cleanly
      assertTrue(process.waitFor(5, TimeUnit.SECONDS));
    }
    assertEquals(0, process.exitValue());
  }

  private static String readLine(BufferedReader reader) {
    try {
      return reader.readLine();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void closeStopsTheServerThroughItsStandardInput() throws Exception {
    var logs = new ArrayList<String>();
    var validator = EmbeddedValidator.builder().logSink(line -> {
      synchronized (logs) {
        logs.add(line);
      }
    }).logRequests(true).start();
    ProcessHandle handle = ProcessHandle.of(validator.pid()).orElseThrow();
    assertTrue(validator.isRunning());
    assertEquals(200, new LocalChain(validator.rpcUri()).rpc.getHealth().join().code());
    long closing = System.nanoTime();
    validator.close();
    // Exiting on stdin close is immediate; the SIGTERM fallback would only start after 5 s.
    assertTrue((System.nanoTime() - closing) / 1_000_000 < 4_000);
    assertFalse(handle.isAlive());
    validator.close(); // idempotent
    synchronized (logs) {
      assertTrue(logs.stream().anyMatch(l -> l.startsWith("rpc getHealth")), logs.toString());
      assertTrue(logs.stream().anyMatch(l -> l.contains("stopping (stdin closed)")), logs.toString());
    }
  }

  @Test
  void fixedPortIsHonoured() throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (var validator = EmbeddedValidator.builder().port(port).start()) {
      assertEquals(URI.create("http://127.0.0.1:" + port), validator.rpcUri());
      assertEquals(port, validator.port());
    }
  }

  @Test
  void missingNodeIsExplained() {
    var e = assertThrows(ValidatorException.class,
        () -> EmbeddedValidator.builder().nodeExecutable("/nonexistent/bin/node").start());
    assertTrue(e.getMessage().startsWith("Node.js >= 20 is needed to run the embedded validator, but `/nonexistent/bin/node` was not found"),
        e.getMessage());
    assertTrue(e.getMessage().contains("Install Node.js 20 or newer"), e.getMessage());

    var onPath = assertThrows(ValidatorException.class,
        () -> EmbeddedValidator.builder().nodeExecutable("no-such-node-binary").start());
    assertTrue(onPath.getMessage().contains("was not found on PATH"), onPath.getMessage());
  }

  @Test
  void oldNodeIsRefused(@TempDir Path dir) throws IOException {
    // A stand-in executable that answers `--version` like Node.js 16 does.
    Path fake = dir.resolve("node");
    Files.writeString(fake, "#!/bin/sh\necho v16.20.2\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    var e = assertThrows(ValidatorException.class, () -> EmbeddedValidator.builder().nodeExecutable(fake.toString()).start());
    assertTrue(e.getMessage().contains("Node.js >= 20 is needed") && e.getMessage().contains("is v16.20.2"), e.getMessage());
  }

  @Test
  void missingNpmPackagesAreExplained(@TempDir Path dir) throws IOException {
    Path home = sourceHome();
    for (String file : List.of("package.json", "lib/main.js", "bin/preflight-validator")) {
      Files.createDirectories(dir.resolve(file).getParent());
      Files.copy(home.resolve(file), dir.resolve(file));
    }
    var e = assertThrows(ValidatorException.class, () -> EmbeddedValidator.builder().home(dir).start());
    assertTrue(e.getMessage().startsWith("The npm packages of the embedded validator are missing in " + dir), e.getMessage());
    assertTrue(e.getMessage().contains("Run `npm ci` in " + dir), e.getMessage());
  }

  @Test
  void missingFilesAreReportedBeforeStarting() {
    var e = assertThrows(ValidatorException.class, () -> EmbeddedValidator.builder()
        .upgradeableProgram("Prog1111111111111111111111111111111111111111", Path.of("no/such/program.so"), Optional.empty())
        .start());
    assertTrue(e.getMessage().contains("does not exist") && e.getMessage().contains("no/such/program.so"), e.getMessage());
  }

  @Test
  void failedStartCarriesTheServersError(@TempDir Path dir) throws IOException {
    Path notElf = dir.resolve("not-a-program.so");
    Files.writeString(notElf, "this is not an ELF file");
    var e = assertThrows(ValidatorException.class, () -> EmbeddedValidator.builder()
        .upgradeableProgram(LocalChain.newSigner().publicKey().toBase58(), notElf, Optional.empty())
        .startupTimeout(Duration.ofSeconds(20))
        .start());
    assertTrue(e.getMessage().startsWith("The embedded validator did not start (exit code 1)"), e.getMessage());
    assertTrue(e.getMessage().contains("--- server stderr (last lines) ---"), e.getMessage());
    assertTrue(e.getMessage().contains("cannot deploy " + notElf), e.getMessage());
  }
}
