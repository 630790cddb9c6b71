package dev.preflight.validator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.stream.Stream;

/**
 * Finds the directory that holds the Node server ({@code bin/preflight-validator}, {@code lib/},
 * {@code package.json}) with its {@code node_modules}, in this order:
 *
 * <ol>
 *   <li>an explicit directory: the builder's {@code home(...)}, else the system property
 *       {@value #PROPERTY}, else the environment variable {@value #ENV};
 *   <li>the source tree, when running inside the Preflight repository (the {@code preflight.root}
 *       system property, the working directory or one of its parents holding {@code validator/});
 *   <li>the copy packaged in this jar under {@value #RESOURCE_ROOT}, extracted to
 *       {@code <cache>/<content hash>/} and completed with {@code npm ci} the first time.
 * </ol>
 */
final class ServerHome {

  static final String PROPERTY = "preflight.validator.home";
  static final String ENV = "PREFLIGHT_VALIDATOR_HOME";
  static final String RESOURCE_ROOT = "dev/preflight/validator/node/";
  static final String PACKAGE_NAME = "\"name\": \"preflight-validator\"";
  private static final long NPM_TIMEOUT_MINUTES = 10;

  private ServerHome() {
  }

  /** The launcher script inside a server directory. */
  static Path launcher(Path home) {
    return home.resolve("bin").resolve("preflight-validator");
  }

  static Path locate(Optional<Path> explicit, Path cacheRoot, NodeRuntime node, Consumer<String> log) {
    Optional<Path> configured = explicit
        .or(() -> Optional.ofNullable(System.getProperty(PROPERTY)).filter(s -> !s.isBlank()).map(Path::of))
        .or(() -> Optional.ofNullable(System.getenv(ENV)).filter(s -> !s.isBlank()).map(Path::of));
    if (configured.isPresent()) {
      Path home = configured.get().toAbsolutePath().normalize();
      if (!isServerDirectory(home)) {
        throw new ValidatorException("The validator home " + home + " (from the builder, -D" + PROPERTY + " or "
            + ENV + ") does not hold the Node server: bin/preflight-validator, lib/main.js and a package.json named"
            + " preflight-validator are expected there.");
      }
      return requirePackages(home);
    }
    Optional<Path> sourceTree = findSourceTree();
    if (sourceTree.isPresent()) {
      return requirePackages(sourceTree.get());
    }
    return extractPackaged(ServerHome.class.getClassLoader(), cacheRoot, node, log);
  }

  static boolean isServerDirectory(Path dir) {
    Path packageJson = dir.resolve("package.json");
    if (!Files.isRegularFile(packageJson) || !Files.isRegularFile(dir.resolve("lib").resolve("main.js"))
        || !Files.isRegularFile(launcher(dir))) {
      return false;
    }
    try {
      return Files.readString(packageJson).contains(PACKAGE_NAME);
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean hasPackages(Path home) {
    return Files.isRegularFile(home.resolve("node_modules").resolve("litesvm").resolve("package.json"));
  }

  private static Path requirePackages(Path home) {
    if (!hasPackages(home)) {
      throw new ValidatorException("The npm packages of the embedded validator are missing in " + home
          + " (no node_modules/litesvm). Run `npm ci` in " + home + " (the Maven build of preflight-validator does"
          + " this when node_modules is missing).");
    }
    return home;
  }

  private static Optional<Path> findSourceTree() {
    var candidates = new java.util.ArrayList<Path>();
    Optional.ofNullable(System.getProperty("preflight.root")).filter(s -> !s.isBlank())
        .ifPresent(root -> candidates.add(Path.of(root).resolve("validator")));
    Path dir = Path.of("").toAbsolutePath();
    for (int i = 0; i < 5 && dir != null; i++, dir = dir.getParent()) {
      candidates.add(dir);
      candidates.add(dir.resolve("validator"));
    }
    return candidates.stream().map(p -> p.toAbsolutePath().normalize()).filter(ServerHome::isServerDirectory).findFirst();
  }

  // ---- the copy packaged in the jar ------------------------------------------------------------

  /** Extracts the server packaged on {@code loader}'s class path and installs its npm packages. */
  static Path extractPackaged(ClassLoader loader, Path cacheRoot, NodeRuntime node, Consumer<String> log) {
    Map<String, byte[]> files = readPackagedFiles(loader);
    if (!files.containsKey("package.json") || !files.containsKey("bin/preflight-validator")) {
      throw new ValidatorException("The Node server is not packaged in this preflight-validator jar (no "
          + RESOURCE_ROOT + "package.json on the class path). Set -D" + PROPERTY + " or " + ENV
          + " to a validator directory.");
    }
    Path home = cacheRoot.resolve(contentHash(files));
    try {
      if (!Files.isRegularFile(home.resolve(".extracted"))) {
        extract(files, home);
      }
      if (!hasPackages(home)) {
        installPackages(home, node, log);
      }
    } catch (IOException e) {
      throw new ValidatorException("Could not prepare the embedded validator in " + home + ": " + e.getMessage()
          + ". Check that the directory is writable, or set " + ENV + " to a prepared validator directory.", e);
    }
    return home;
  }

  private static Map<String, byte[]> readPackagedFiles(ClassLoader loader) {
    URL marker = loader.getResource(RESOURCE_ROOT + "package.json");
    var files = new TreeMap<String, byte[]>();
    if (marker == null) {
      return files;
    }
    try {
      switch (marker.getProtocol()) {
        case "jar" -> {
          var connection = (JarURLConnection) marker.openConnection();
          connection.setUseCaches(false);
          try (var jar = connection.getJarFile()) {
            for (JarEntry entry : java.util.Collections.list(jar.entries())) {
              if (!entry.isDirectory() && entry.getName().startsWith(RESOURCE_ROOT)) {
                try (InputStream in = jar.getInputStream(entry)) {
                  files.put(entry.getName().substring(RESOURCE_ROOT.length()), in.readAllBytes());
                }
              }
            }
          }
        }
        case "file" -> {
          Path root = Path.of(marker.toURI()).getParent();
          try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
              files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
          }
        }
        default -> throw new ValidatorException("Cannot read the packaged Node server from " + marker
            + "; set " + ENV + " to a validator directory.");
      }
    } catch (IOException | URISyntaxException e) {
      throw new ValidatorException("Cannot read the packaged Node server from " + marker + ": " + e.getMessage(), e);
    }
    return files;
  }

  /** First 16 hex digits of SHA-256 over (name, length, bytes) of every file, in name order. */
  static String contentHash(Map<String, byte[]> files) {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      for (var e : new TreeMap<>(files).entrySet()) {
        digest.update(e.getKey().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(Long.toString(e.getValue().length).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(e.getValue());
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Writes the files to a temporary sibling and moves it into place, so readers never see half. */
  private static void extract(Map<String, byte[]> files, Path home) throws IOException {
    Files.createDirectories(home.getParent());
    Path staging = Files.createTempDirectory(home.getParent(), home.getFileName() + ".tmp");
    try {
      for (var e : files.entrySet()) {
        Path target = staging.resolve(e.getKey()).normalize();
        if (!target.startsWith(staging)) {
          throw new IOException("packaged file name escapes the target directory: " + e.getKey());
        }
        Files.createDirectories(target.getParent());
        Files.write(target, e.getValue());
      }
      launcher(staging).toFile().setExecutable(true);
      Files.writeString(staging.resolve(".extracted"), "complete\n");
      try {
        Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
        if (!Files.isRegularFile(home.resolve(".extracted"))) {
          throw e;
        }
        // Another process extracted the same content first; theirs is identical.
      }
    } finally {
      deleteRecursively(staging);
    }
  }

  private static void installPackages(Path home, NodeRuntime node, Consumer<String> log) throws IOException {
    // Other JVMs may prepare the same directory at the same time; the file lock serializes npm.
    try (var lockChannel = FileChannel.open(home.resolve(".npm-ci.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      lockChannel.lock();
      if (hasPackages(home)) {
        return; // installed by another process while this one waited for the lock
      }
      var npm = node.npmExecutable();
      log.accept("installing the validator's npm packages: " + npm + " ci in " + home);
      var command = java.util.List.of(npm, "ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error");
      Process process;
      try {
        process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).start();
      } catch (IOException e) {
        throw new ValidatorException("Could not run `npm ci` in " + home + " (" + e.getMessage() + "). npm comes"
            + " with Node.js; install Node.js 20 or newer with npm, or set " + ENV + " to a prepared validator"
            + " directory.", e);
      }
      process.getOutputStream().close();
      var tail = new ArrayDeque<String>();
      var reader = Thread.ofPlatform().daemon().name("preflight-npm-ci").start(() -> {
        try (var lines = process.inputReader(StandardCharsets.UTF_8)) {
          String line;
          while ((line = lines.readLine()) != null) {
            log.accept("npm: " + line);
            synchronized (tail) {
              tail.addLast(line);
              if (tail.size() > 30) {
                tail.removeFirst();
              }
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      boolean finished = process.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES);
      if (!finished) {
        process.destroyForcibly();
      }
      reader.join(5_000);
      if (!finished || process.exitValue() != 0 || !hasPackages(home)) {
        String output;
        synchronized (tail) {
          output = String.join("\n", tail);
        }
        throw new ValidatorException("`npm ci` failed in " + home + (finished ? " (exit " + process.exitValue() + ")" : " (timed out)")
            + ". The embedded validator needs the npm package litesvm 1.5.0: run it once with access to the npm"
            + " registry (offline it only works when the npm cache already holds the packages), or set " + ENV
            + " to a directory where `npm ci` has been run.\n--- npm output (last lines) ---\n" + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ValidatorException("Interrupted while running npm ci in " + home, e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
