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
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
  private static final int EXIT_REASON_LINES = 12;
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final Launcher launcher;
  private final List<Consumer<String>> exitListeners = new CopyOnWriteArrayList<>();
  private volatile Run run;
  private boolean closed;

  private EmbeddedValidator(Launcher launcher, Run run) {
    this.launcher = launcher;
    this.run = run;
    watch(run);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The JSON-RPC endpoint, {@code http://127.0.0.1:<port>} (it may change with {@link #restart()}). */
  public URI rpcUri() {
    return run.rpcUri();
  }

  public int port() {
    return run.port();
  }

  /** The server directory in use (source tree, configured home or extracted cache). */
  public Path serverHome() {
    return launcher.home();
  }

  public long pid() {
    return run.process().pid();
  }

  public boolean isRunning() {
    return run.process().isAlive();
  }

  /** The last lines the server wrote to standard error. */
  public String stderrTail() {
    return run.stderr().text();
  }

  /**
   * Why the server is gone, when it is: {@code "the embedded validator exited (code N): <last
   * standard-error lines>"} after a crash (LiteSVM's native code aborts the whole process on some
   * inputs, see README.md), or a note that {@link #close()} stopped it. Empty while it runs.
   */
  public Optional<String> exitReason() {
    Run current = run;
    if (current.process().isAlive()) {
      return Optional.empty();
    }
    synchronized (this) {
      if (closed) {
        return Optional.of("the embedded validator was stopped (closed)");
      }
    }
    return Optional.of(describeExit(current));
  }

  /**
   * {@link #exitReason()}, waiting up to a second for the process to be seen gone: a client's
   * connection breaks as the process dies, a moment before the JDK has reaped it.
   */
  public Optional<String> awaitExitReason() {
    try {
      run.process().waitFor(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return exitReason();
  }

  /**
   * Calls {@code listener} with {@link #exitReason()} as soon as the server process ends without
   * {@link #close()} (also after a {@link #restart()}, for the new process).
   */
  public EmbeddedValidator onExit(Consumer<String> listener) {
    exitListeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Starts the server again from the same world: the programs, account files and options it was
   * built with (state written later through RPC or cheatcodes is not replayed). It listens on the
   * same port when that port is free, else, if the builder asked for any port, on a new one; check
   * {@link #rpcUri()}. A running server is stopped first.
   *
   * @throws ValidatorException when it does not start, or after {@link #close()}
   */
  public synchronized EmbeddedValidator restart() {
    if (closed) {
      throw new ValidatorException("The embedded validator was closed; build a new one instead of restarting it.");
    }
    Run previous = run;
    stop(previous);
    Run next;
    try {
      next = launcher.launch(previous.port());
    } catch (ValidatorException e) {
      if (launcher.requestedPort() != 0) {
        throw e;
      }
      next = launcher.launch(0);
    }
    run = next;
    watch(next);
    return this;
  }

  private void watch(Run watched) {
    watched.process().onExit().thenRun(() -> {
      watched.joinPumps();
      synchronized (this) {
        if (closed || run != watched) {
          return;
        }
      }
      String reason = describeExit(watched);
      for (Consumer<String> l : exitListeners) {
        l.accept(reason);
      }
    });
  }

  private static String describeExit(Run r) {
    Process p = r.process();
    int code;
    try {
      code = p.waitFor(2, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = -1;
    }
    // The JDK reports death by signal N as 128 + N.
    String signal = code > 128 && code < 160 ? ", killed by signal " + (code - 128) : "";
    String tail = r.stderr().lastLines(EXIT_REASON_LINES);
    return "the embedded validator exited (code " + code + signal + "): "
        + (tail.isEmpty() ? "it wrote nothing to standard error" : tail)
        + ". Restart it (EmbeddedValidator.restart()) to go on from its world.";
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
    stop(run);
  }

  private static void stop(Run r) {
    Process process = r.process();
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
      r.joinPumps();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    Run r = run;
    return "EmbeddedValidator[" + r.rpcUri() + ", pid " + r.process().pid() + (r.process().isAlive() ? "" : ", exited") + "]";
  }

  /** One server process and what reads its output. */
  private record Run(Process process, URI rpcUri, int port, StderrTail stderr, List<Thread> pumps) {
    void joinPumps() {
      try {
        for (Thread pump : pumps) {
          pump.join(1_000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
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
    private OptionalLong clock = OptionalLong.empty();
    private Optional<Path> traceDirectory = Optional.empty();
    private Optional<Path> traceOnDemand = Optional.empty();

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
     * Starts the chain at this Unix time (seconds) instead of the wall clock's. From there time
     * moves only with produced slots ({@link #slotTime}) and cheatcodes: with
     * {@code slotTime(Duration.ZERO)} it stays fixed until a cheatcode moves it, so runs are
     * reproducible.
     */
    public Builder clock(long unixSeconds) {
      if (unixSeconds < 0) {
        throw new IllegalArgumentException("clock must be a Unix time in seconds, got " + unixSeconds);
      }
      this.clock = OptionalLong.of(unixSeconds);
      return this;
    }

    /**
     * Makes LiteSVM write a register trace of every program invocation into {@code dir}
     * ({@code <hash>.regs}: 12 u64 per executed instruction, the program counter last;
     * {@code .insns}; {@code .program_id}). The directory is created if needed.
     */
    public Builder traceDirectory(Path dir) {
      this.traceDirectory = Optional.of(dir);
      return this;
    }

    /**
     * Traces only what is asked for ({@code preflight_trace}, trace steps), in a second LiteSVM
     * instance that copies the chain's accounts before each traced simulation; the chain itself
     * runs untraced. Traces go to {@code dir} (created if needed).
     */
    public Builder traceOnDemand(Path dir) {
      this.traceOnDemand = Optional.of(dir);
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

      var options = new ArrayList<String>();
      options.add("--exit-on-stdin-close");
      slotTime.ifPresent(d -> options.addAll(List.of("--slot-time-ms", Long.toString(d.toMillis()))));
      clock.ifPresent(c -> options.addAll(List.of("--clock", Long.toString(c))));
      traceDirectory.ifPresent(d -> options.addAll(List.of("--trace-dir", absolute(d))));
      traceOnDemand.ifPresent(d -> options.addAll(List.of("--trace-on-demand", absolute(d))));
      if (logRequests) {
        options.add("--log-requests");
      }
      options.addAll(preloadArguments);
      var launcher = new Launcher(List.of(node.executable(), ServerHome.launcher(serverHome).toString()),
          List.copyOf(options), serverHome, port, startupTimeout, logSink);
      return new EmbeddedValidator(launcher, launcher.launch(port));
    }

    private static String absolute(Path path) {
      return path.toAbsolutePath().normalize().toString();
    }

    private static Consumer<String> defaultLogSink() {
      var logger = System.getLogger(EmbeddedValidator.class.getName());
      return line -> logger.log(System.Logger.Level.DEBUG, line);
    }
  }

  /** How to start the server; kept so that {@link #restart()} starts the same world again. */
  private record Launcher(List<String> command, List<String> options, Path home, int requestedPort,
                          Duration startupTimeout, Consumer<String> logSink) {

    Run launch(int port) {
      var full = new ArrayList<>(command);
      full.addAll(List.of("--port", Integer.toString(port)));
      full.addAll(options);
      Process process;
      try {
        process = new ProcessBuilder(full).directory(home.toFile()).start();
      } catch (IOException e) {
        throw new ValidatorException("Could not start " + String.join(" ", full) + ": " + e.getMessage(), e);
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
      var run = new Run(process, URI.create("http://127.0.0.1:" + port), port, stderr, pumps);

      String first;
      try {
        first = listening.get(startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        stop(run);
        throw new ValidatorException("The embedded validator did not report `listening` within "
            + startupTimeout.toSeconds() + " s (" + home + "). Raise startupTimeout(...) if large programs are"
            + " being loaded." + stderr.section());
      } catch (ExecutionException e) {
        stop(run);
        throw new ValidatorException("The embedded validator failed while starting: " + e.getCause(), e);
      } catch (InterruptedException e) {
        stop(run);
        Thread.currentThread().interrupt();
        throw new ValidatorException("Interrupted while starting the embedded validator.", e);
      }
      var m = LISTENING.matcher(first);
      if (!m.matches()) {
        stop(run);
        String exit = process.isAlive() ? "" : " (exit code " + process.exitValue() + ")";
        throw new ValidatorException("The embedded validator did not start" + exit + "; command: "
            + String.join(" ", full) + (first.isEmpty() ? "" : "\nfirst output line: " + first) + stderr.section());
      }
      return new Run(process, URI.create(m.group(1)), Integer.parseInt(m.group(2)), stderr, pumps);
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

    synchronized String lastLines(int n) {
      return String.join("\n", lines.stream().skip(Math.max(0, lines.size() - n)).toList());
    }

    String section() {
      String text = text();
      return text.isEmpty() ? "\n(the server wrote nothing to standard error)" : "\n--- server stderr (last lines) ---\n" + text;
    }
  }
}
