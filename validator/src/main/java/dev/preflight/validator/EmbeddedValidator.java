package dev.preflight.validator;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A running local Solana validator: the Node.js JSON-RPC server of this module, executing
 * transactions with LiteSVM, listening on 127.0.0.1 only.
 *
 * <pre>{@code
 * try (var validator = EmbeddedValidator.builder()
 *     .upgradeableProgram(programId, Path.of("target/deploy/escrow.so"), Optional.of(authority))
 *     .start()) {
 *   var rpc = SolanaRpcClient.build().endpoint(validator.rpcUri()).httpClient(http).createClient();
 *   ...
 * }
 * }</pre>
 *
 * <p>The server is started with {@code --exit-on-stdin-close}: it exits as soon as this JVM goes
 * away, even when {@link #close()} is never called.
 */
public final class EmbeddedValidator implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("listening (http://127\\.0\\.0\\.1:(\\d+))");
  private static final int STDERR_TAIL_LINES = 40;
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final Process process;
  private final URI rpcUri;
  private final int port;
  private final Path home;
  private final StderrTail stderr;
  private final List<Thread> pumps;
  private boolean closed;

  private EmbeddedValidator(Process process, URI rpcUri, int port, Path home, StderrTail stderr, List<Thread> pumps) {
    this.process = process;
    this.rpcUri = rpcUri;
    this.port = port;
    this.home = home;
    this.stderr = stderr;
    this.pumps = pumps;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The JSON-RPC endpoint, {@code http://127.0.0.1:<port>}. */
  public URI rpcUri() {
    return rpcUri;
  }

  public int port() {
    return port;
  }

  /** The server directory in use (source tree, configured home or extracted cache). */
  public Path serverHome() {
    return home;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** The last lines the server wrote to standard error. */
  public String stderrTail() {
    return stderr.text();
  }

  /**
   * Stops the server: closes its standard input (it exits on that), then terminates it and any
   * process it started if it is still alive after a grace period. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // already closed: the server is going away anyway
    }
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
      for (Thread pump : pumps) {
        pump.join(1_000);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "EmbeddedValidator[" + rpcUri + ", pid " + process.pid() + (process.isAlive() ? "" : ", exited") + "]";
  }

  // ---- builder ---------------------------------------------------------------------------------

  /** Collects the start-up options; {@link #start()} launches the server. Not thread-safe. */
  public static final class Builder {

    private int port;
    private final List<String> preloadArguments = new ArrayList<>();
    private final List<Path> requiredFiles = new ArrayList<>();
    private String nodeExecutable = "node";
    private Duration startupTimeout = Duration.ofSeconds(30);
    private Optional<Duration> slotTime = Optional.empty();
    private Optional<Path> home = Optional.empty();
    private Path cacheDirectory = Path.of(System.getProperty("user.home"), ".cache", "preflight", "validator");
    private Consumer<String> logSink = defaultLogSink();
    private boolean logRequests;

    private Builder() {
    }

    /** TCP port on 127.0.0.1; 0 (the default) lets the system pick a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Deploys {@code so} at {@code programId} with the BPF upgradeable loader: a Program account
     * and its ProgramData account with exactly the bytes the loader writes.
     *
     * @param authority the upgrade authority (base58), or empty for an immutable program
     */
    public Builder upgradeableProgram(String programId, Path so, Optional<String> authority) {
      Objects.requireNonNull(programId, "programId");
      requiredFiles.add(so);
      preloadArguments.addAll(List.of("--upgradeable-program", programId, absolute(so), authority.orElse("none")));
      return this;
    }

    /**
     * Deploys {@code so} at {@code programId} with loader-v4: one program account holding the
     * loader's 48-byte header (deploy slot, authority, status) and then the ELF.
     *
     * @param authority the program authority (base58), status Deployed; empty for a Finalized
     *     program whose next-version field names the program itself
     */
    public Builder loaderV4Program(String programId, Path so, Optional<String> authority) {
      Objects.requireNonNull(programId, "programId");
      requiredFiles.add(so);
      preloadArguments.addAll(List.of("--loader-v4-program", programId, absolute(so), authority.orElse("none")));
      return this;
    }

    /** Deploys {@code so} at {@code programId} with BPFLoader2 (never upgradeable). */
    public Builder program(String programId, Path so) {
      Objects.requireNonNull(programId, "programId");
      requiredFiles.add(so);
      preloadArguments.addAll(List.of("--bpf-program", programId, absolute(so)));
      return this;
    }

    /**
     * Loads an account from a file in the shape {@code solana account --output json} writes.
     *
     * @param address the address to load it at, or {@code "-"} for the file's own pubkey
     */
    public Builder account(String address, Path json) {
      Objects.requireNonNull(address, "address");
      requiredFiles.add(json);
      preloadArguments.addAll(List.of("--account", address, absolute(json)));
      return this;
    }

    /** Loads every {@code *.json} account file of a directory, each at its own pubkey. */
    public Builder accountDirectory(Path dir) {
      requiredFiles.add(dir);
      preloadArguments.addAll(List.of("--account-dir", absolute(dir)));
      return this;
    }

    /** The Node.js command: a path, or a name looked up on PATH (default {@code node}). */
    public Builder nodeExecutable(String nodeExecutable) {
      this.nodeExecutable = Objects.requireNonNull(nodeExecutable, "nodeExecutable");
      return this;
    }

    /** How long {@link #start()} waits for the server to listen (default 30 s). */
    public Builder startupTimeout(Duration startupTimeout) {
      if (startupTimeout.isNegative() || startupTimeout.isZero()) {
        throw new IllegalArgumentException("startupTimeout must be positive");
      }
      this.startupTimeout = startupTimeout;
      return this;
    }

    /**
     * A new slot every {@code slotTime} (server default 400 ms); {@link Duration#ZERO} makes slots
     * advance only with landed transactions and time travel, for reproducible runs.
     */
    public Builder slotTime(Duration slotTime) {
      if (slotTime.isNegative()) {
        throw new IllegalArgumentException("slotTime must not be negative");
      }
      this.slotTime = Optional.of(slotTime);
      return this;
    }

    /** Uses this server directory instead of locating one (see {@link ServerHome}). */
    public Builder home(Path home) {
      this.home = Optional.of(home);
      return this;
    }

    /** Where the jar's packaged server is extracted (default {@code ~/.cache/preflight/validator}). */
    public Builder cacheDirectory(Path cacheDirectory) {
      this.cacheDirectory = Objects.requireNonNull(cacheDirectory, "cacheDirectory");
      return this;
    }

    /** Receives the server's log lines (its standard error); default: System.Logger at DEBUG. */
    public Builder logSink(Consumer<String> logSink) {
      this.logSink = Objects.requireNonNull(logSink, "logSink");
      return this;
    }

    /** Makes the server log every RPC call to the log sink. */
    public Builder logRequests(boolean logRequests) {
      this.logRequests = logRequests;
      return this;
    }

    /**
     * Checks Node.js, locates (or extracts) the server, launches it and waits for its
     * {@code listening} line.
     *
     * @throws ValidatorException when Node.js is missing or too old, the npm packages are missing,
     *                            a program or account file does not exist, or the server fails to start
     */
    public EmbeddedValidator start() {
      for (Path file : requiredFiles) {
        if (!Files.exists(file)) {
          throw new ValidatorException("File given to the embedded validator does not exist: " + file.toAbsolutePath());
        }
      }
      NodeRuntime node = NodeRuntime.detect(nodeExecutable);
      Path serverHome = ServerHome.locate(home, cacheDirectory, node, logSink);

      var command = new ArrayList<String>();
      command.add(node.executable());
      command.add(ServerHome.launcher(serverHome).toString());
      command.addAll(List.of("--port", Integer.toString(port), "--exit-on-stdin-close"));
      slotTime.ifPresent(d -> command.addAll(List.of("--slot-time-ms", Long.toString(d.toMillis()))));
      if (logRequests) {
        command.add("--log-requests");
      }
      command.addAll(preloadArguments);

      Process process;
      try {
        process = new ProcessBuilder(command).directory(serverHome.toFile()).start();
      } catch (IOException e) {
        throw new ValidatorException("Could not start " + String.join(" ", command) + ": " + e.getMessage(), e);
      }
      var stderr = new StderrTail(STDERR_TAIL_LINES);
      var listening = new CompletableFuture<String>();
      var sink = logSink;
      Thread errPump = Thread.ofPlatform().daemon().name("preflight-validator-stderr-" + process.pid()).start(() -> {
        try (var lines = process.errorReader(StandardCharsets.UTF_8)) {
          String line;
          while ((line = lines.readLine()) != null) {
            stderr.add(line);
            sink.accept(line);
          }
        } catch (IOException ignored) {
          // the stream closes when the process ends
        }
      });
      Thread outPump = Thread.ofPlatform().daemon().name("preflight-validator-stdout-" + process.pid()).start(() -> {
        try (var lines = process.inputReader(StandardCharsets.UTF_8)) {
          String line;
          while ((line = lines.readLine()) != null) {
            if (!listening.isDone()) {
              listening.complete(line);
            } else {
              sink.accept(line);
            }
          }
        } catch (IOException ignored) {
          // the stream closes when the process ends
        } finally {
          listening.complete("");
        }
      });
      var pumps = List.of(errPump, outPump);

      String first;
      try {
        first = listening.get(startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        stop(process, pumps);
        throw new ValidatorException("The embedded validator did not report `listening` within "
            + startupTimeout.toSeconds() + " s (" + serverHome + "). Raise startupTimeout(...) if large programs are"
            + " being loaded." + stderr.section());
      } catch (ExecutionException e) {
        stop(process, pumps);
        throw new ValidatorException("The embedded validator failed while starting: " + e.getCause(), e);
      } catch (InterruptedException e) {
        stop(process, pumps);
        Thread.currentThread().interrupt();
        throw new ValidatorException("Interrupted while starting the embedded validator.", e);
      }
      var m = LISTENING.matcher(first);
      if (!m.matches()) {
        stop(process, pumps);
        String exit = process.isAlive() ? "" : " (exit code " + process.exitValue() + ")";
        throw new ValidatorException("The embedded validator did not start" + exit + "; command: "
            + String.join(" ", command) + (first.isEmpty() ? "" : "\nfirst output line: " + first) + stderr.section());
      }
      return new EmbeddedValidator(process, URI.create(m.group(1)), Integer.parseInt(m.group(2)), serverHome, stderr, pumps);
    }

    private static void stop(Process process, List<Thread> pumps) {
      try {
        process.getOutputStream().close();
      } catch (IOException ignored) {
        // going away anyway
      }
      process.destroy();
      try {
        if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
        for (Thread pump : pumps) {
          pump.join(1_000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private static String absolute(Path path) {
      return path.toAbsolutePath().normalize().toString();
    }

    private static Consumer<String> defaultLogSink() {
      var logger = System.getLogger(EmbeddedValidator.class.getName());
      return line -> logger.log(System.Logger.Level.DEBUG, line);
    }
  }

  /** A bounded buffer of the server's last standard-error lines, for error messages. */
  private static final class StderrTail {
    private final int capacity;
    private final ArrayDeque<String> lines = new ArrayDeque<>();

    StderrTail(int capacity) {
      this.capacity = capacity;
    }

    synchronized void add(String line) {
      lines.addLast(line);
      if (lines.size() > capacity) {
        lines.removeFirst();
      }
    }

    synchronized String text() {
      return String.join("\n", lines);
    }

    String section() {
      String text = text();
      return text.isEmpty() ? "\n(the server wrote nothing to standard error)" : "\n--- server stderr (last lines) ---\n" + text;
    }
  }
}
