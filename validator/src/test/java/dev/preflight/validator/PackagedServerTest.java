package dev.preflight.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as it travels in the jar: extracted to a content-addressed cache directory, completed
 * with {@code npm ci --prefer-offline}, then started from there.
 */
class PackagedServerTest {

  @Test
  void packagedServerIsExtractedInstalledAndRuns(@TempDir Path work) throws Exception {
    Path jar = packJar(work.resolve("preflight-validator.jar"));
    Path cache = work.resolve("cache");
    var log = new ArrayList<String>();
    NodeRuntime node = NodeRuntime.detect("node");

    Path home;
    try (var loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      home = ServerHome.extractPackaged(loader, cache, node, log::add);
    }
    assertEquals(cache, home.getParent());
    assertTrue(home.getFileName().toString().matches("[0-9a-f]{16}"), home.toString());
    assertTrue(ServerHome.isServerDirectory(home));
    assertTrue(Files.isExecutable(ServerHome.launcher(home)));
    assertTrue(Files.isRegularFile(home.resolve("package-lock.json")));
    assertTrue(Files.isRegularFile(home.resolve("node_modules/litesvm/package.json")));
    assertTrue(log.stream().anyMatch(l -> l.startsWith("installing the validator's npm packages")), log.toString());

    // The same content maps to the same directory; the second time there is nothing to do.
    log.clear();
    Path again = ServerHome.extractPackaged(getClass().getClassLoader(), cache, node, log::add);
    assertEquals(home, again);
    assertFalse(log.stream().anyMatch(l -> l.startsWith("installing")), log.toString());

    try (var validator = EmbeddedValidator.builder().home(home).start()) {
      assertEquals(home, validator.serverHome());
      assertEquals("4.3.0", new LocalChain(validator.rpcUri()).rpc.getVersion().join().version());
    }
  }

  /** A jar holding what the module's build packs under dev/preflight/validator/node/. */
  private static Path packJar(Path jar) throws IOException {
    Path classes = Path.of("target", "classes");
    Path root = classes.resolve(ServerHome.RESOURCE_ROOT);
    assertTrue(Files.isRegularFile(root.resolve("package.json")), "the build packs the server: " + root);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (Path file : files) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(file));
        out.closeEntry();
      }
    }
    return jar;
  }
}
