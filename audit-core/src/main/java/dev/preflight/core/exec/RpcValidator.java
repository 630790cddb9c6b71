package dev.preflight.core.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.sava.core.accounts.PublicKey;
import software.sava.core.encoding.Base58;

/**
 * A validator reached over Solana JSON-RPC. Simulation works on any cluster; {@link #send},
 * {@link #setAccount} and {@link #timeTravel} pass the {@link SendGuard} first.
 *
 * <p>Throughput: simulations go out as JSON-RPC batches ({@link #batchSize} requests per HTTP
 * call) with up to {@link #inFlight} batches outstanding, since one request at a time leaves the
 * validator waiting on the network round trip.
 *
 * <p>Stateful runs on a loopback validator: {@link #snapshot()} opens a save point,
 * {@link #execute} runs a sequence of {@link Step}s in one call (optionally starting with a
 * revert), {@link #revert} goes back. A validator that stops answering fails every call at once
 * with an {@link ExecException} whose {@link ExecException#isValidatorGone()} is true; with a
 * {@link ValidatorProcess} its message names the exit code and the server's last log lines.
 */
public final class RpcValidator implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final PublicKey CLOCK_SYSVAR = PublicKey.fromBase58Encoded("SysvarC1ock11111111111111111111111111111111");

  private final URI endpoint;
  private final java.util.Optional<String> authorization;
  private final HttpClient http;
  private final int batchSize;
  private final int inFlight;
  private final ValidatorProcess process;

  public RpcValidator(URI endpoint) {
    this(endpoint, 50, 4);
  }

  /** A validator whose process this JVM started: its exit is named in errors. */
  public RpcValidator(URI endpoint, ValidatorProcess process) {
    this(endpoint, 50, 4, process);
  }

  public RpcValidator(URI endpoint, int batchSize, int inFlight) {
    this(endpoint, batchSize, inFlight, ValidatorProcess.UNKNOWN);
  }

  public RpcValidator(URI endpoint, int batchSize, int inFlight, ValidatorProcess process) {
    // Credentials in the URL go in a header (Java's client would drop them) and off the target.
    this.authorization = dev.preflight.core.cluster.Endpoints.basicAuthorization(endpoint);
    this.endpoint = dev.preflight.core.cluster.Endpoints.withoutUserInfo(endpoint);
    this.process = process;
    this.batchSize = Math.max(1, batchSize);
    this.inFlight = Math.max(1, inFlight);
    // On this machine a connection is accepted or refused at once: a short connect timeout keeps
    // a validator that is gone from holding a caller up.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(SendGuard.isLoopback(endpoint) ? 3 : 10)).build();
  }

  public URI endpoint() {
    return endpoint;
  }

  public boolean isLoopback() {
    return SendGuard.isLoopback(endpoint);
  }

  public int batchSize() {
    return batchSize;
  }

  // ---- simulation ---------------------------------------------------------------------------

  /** Simulates every request (in order); never sends. */
  public List<Simulation> simulate(List<SimulationRequest> requests) {
    List<CompletableFuture<List<Simulation>>> pending = new ArrayList<>();
    List<Simulation> out = new ArrayList<>(requests.size());
    for (int from = 0; from < requests.size(); from += batchSize) {
      List<SimulationRequest> chunk = requests.subList(from, Math.min(requests.size(), from + batchSize));
      pending.add(simulateBatch(chunk));
      if (pending.size() >= inFlight) {
        out.addAll(join(pending.removeFirst()));
      }
    }
    for (CompletableFuture<List<Simulation>> f : pending) {
      out.addAll(join(f));
    }
    return out;
  }

  /**
   * Starts simulating every request and returns at once, so the caller can prepare the next cases
   * while the validator works; all batches are in flight together.
   */
  public CompletableFuture<List<Simulation>> simulateAsync(List<SimulationRequest> requests) {
    List<CompletableFuture<List<Simulation>>> parts = new ArrayList<>();
    for (int from = 0; from < requests.size(); from += batchSize) {
      parts.add(simulateBatch(requests.subList(from, Math.min(requests.size(), from + batchSize))));
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
      List<Simulation> out = new ArrayList<>(requests.size());
      parts.forEach(p -> out.addAll(p.join()));
      return out;
    });
  }

  /** Waits for {@link #simulateAsync}, unwrapping its failure. */
  public static List<Simulation> await(CompletableFuture<List<Simulation>> pending) {
    return join(pending);
  }

  public Simulation simulate(SimulationRequest request) {
    return simulate(List.of(request)).getFirst();
  }

  private CompletableFuture<List<Simulation>> simulateBatch(List<SimulationRequest> chunk) {
    ArrayNode batch = JSON.createArrayNode();
    for (int i = 0; i < chunk.size(); i++) {
      SimulationRequest r = chunk.get(i);
      ObjectNode config = JSON.createObjectNode();
      config.put("encoding", "base64").put("sigVerify", false).put("replaceRecentBlockhash", true)
          .put("commitment", "processed");
      if (!r.watch().isEmpty()) {
        ObjectNode accounts = config.putObject("accounts");
        accounts.put("encoding", "base64");
        ArrayNode addrs = accounts.putArray("addresses");
        r.watch().forEach(k -> addrs.add(k.toBase58()));
      }
      ObjectNode req = batch.addObject();
      req.put("jsonrpc", "2.0").put("id", i).put("method", "simulateTransaction");
      ArrayNode params = req.putArray("params");
      params.add(Base64.getEncoder().encodeToString(r.transaction()));
      params.add(config);
    }
    return postAsync(batch.toString()).thenApply(body -> {
      JsonNode answers = parse(body);
      if (!answers.isArray()) {
        throw new ExecException("simulateTransaction batch on " + endpoint.getHost()
            + " answered " + abbreviate(body) + "; the endpoint must accept JSON-RPC batches");
      }
      Simulation[] sims = new Simulation[chunk.size()];
      for (JsonNode a : answers) {
        int id = a.path("id").asInt(-1);
        if (id < 0 || id >= sims.length) {
          continue;
        }
        if (a.has("error")) {
          throw new ExecException("simulateTransaction failed on " + endpoint.getHost() + ": "
              + a.get("error") + ". The transaction could not be simulated at all (malformed or "
              + "refused); check the call template.");
        }
        sims[id] = toSimulation(a.path("result").path("value"), chunk.get(id).watch());
      }
      for (int i = 0; i < sims.length; i++) {
        if (sims[i] == null) {
          throw new ExecException("simulateTransaction batch on " + endpoint.getHost()
              + " left request " + i + " unanswered");
        }
      }
      return List.of(sims);
    });
  }

  private static Simulation toSimulation(JsonNode v, List<PublicKey> watch) {
    JsonNode err = v.path("err");
    List<String> logs = new ArrayList<>();
    v.path("logs").forEach(l -> logs.add(l.asText()));
    List<Optional<AccountState>> accounts = new ArrayList<>();
    JsonNode acc = v.path("accounts");
    for (int i = 0; i < watch.size(); i++) {
      JsonNode a = acc.isArray() && i < acc.size() ? acc.get(i) : null;
      accounts.add(a == null || a.isNull() ? Optional.empty() : Optional.of(account(watch.get(i), a)));
    }
    return new Simulation(err.isNull() || err.isMissingNode() ? Optional.empty() : Optional.of(err),
        logs, v.path("unitsConsumed").asLong(), accounts);
  }

  private static AccountState account(PublicKey address, JsonNode a) {
    JsonNode data = a.path("data");
    byte[] bytes = data.isArray() ? Base64.getDecoder().decode(data.get(0).asText()) : new byte[0];
    return new AccountState(address, a.path("lamports").asLong(),
        PublicKey.fromBase58Encoded(a.path("owner").asText()), bytes, a.path("executable").asBoolean());
  }

  // ---- reads --------------------------------------------------------------------------------

  /** getMultipleAccounts in chunks of 100; empty for an address with no account. */
  public List<Optional<AccountState>> accounts(List<PublicKey> keys) {
    List<Optional<AccountState>> out = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += 100) {
      List<PublicKey> chunk = keys.subList(from, Math.min(keys.size(), from + 100));
      ArrayNode params = JSON.createArrayNode();
      ArrayNode addrs = params.addArray();
      chunk.forEach(k -> addrs.add(k.toBase58()));
      params.addObject().put("encoding", "base64").put("commitment", "processed");
      JsonNode value = call("getMultipleAccounts", params).path("value");
      for (int i = 0; i < chunk.size(); i++) {
        JsonNode a = value.get(i);
        out.add(a == null || a.isNull() ? Optional.empty() : Optional.of(account(chunk.get(i), a)));
      }
    }
    return out;
  }

  public Optional<AccountState> account(PublicKey key) {
    return accounts(List.of(key)).getFirst();
  }

  /** The Clock sysvar now: slot and unix_timestamp (layout per solana-clock: u64 slot at 0, i64 at 32). */
  public ChainClock clock() {
    byte[] data = account(CLOCK_SYSVAR).orElseThrow(() -> new ExecException("no Clock sysvar on "
        + endpoint.getHost())).data();
    if (data.length < 40) {
      throw new ExecException("the Clock sysvar on " + endpoint.getHost() + " holds " + data.length + " bytes, not 40");
    }
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    return new ChainClock(b.getLong(0), b.getLong(32));
  }

  public String genesisHash() {
    return call("getGenesisHash", JSON.createArrayNode()).asText();
  }

  public String latestBlockhash() {
    return call("getLatestBlockhash", JSON.createArrayNode()).path("value").path("blockhash").asText();
  }

  /** Signatures of the address's recent transactions, newest first. */
  public List<String> signaturesFor(PublicKey address, int limit) {
    ArrayNode params = JSON.createArrayNode().add(address.toBase58());
    params.addObject().put("limit", limit);
    List<String> out = new ArrayList<>();
    for (JsonNode s : call("getSignaturesForAddress", params)) {
      if (s.path("err").isNull()) {
        out.add(s.path("signature").asText());
      }
    }
    return out;
  }

  /** A landed transaction as {@code getTransaction} returns it (json encoding). */
  public Optional<JsonNode> transaction(String signature) {
    ArrayNode params = JSON.createArrayNode().add(signature);
    params.addObject().put("encoding", "json").put("maxSupportedTransactionVersion", 0);
    JsonNode r = call("getTransaction", params);
    return r.isNull() ? Optional.empty() : Optional.of(r);
  }

  /**
   * Accounts owned by {@code owner} whose data starts with {@code prefix} ({@code getProgramAccounts}
   * with a memcmp filter at offset 0): with an 8-byte account discriminator, every account of one
   * IDL type. Sorted by address as the validator returns them.
   */
  public List<AccountState> programAccounts(PublicKey owner, byte[] prefix) {
    ArrayNode params = JSON.createArrayNode().add(owner.toBase58());
    ObjectNode config = params.addObject().put("encoding", "base64").put("commitment", "processed");
    if (prefix.length > 0) {
      config.putArray("filters").addObject().putObject("memcmp").put("offset", 0)
          .put("bytes", Base58.encode(prefix));
    }
    List<AccountState> out = new ArrayList<>();
    for (JsonNode e : call("getProgramAccounts", params)) {
      out.add(account(PublicKey.fromBase58Encoded(e.path("pubkey").asText()), e.path("account")));
    }
    return out;
  }

  // ---- state changes (loopback only) ---------------------------------------------------------

  /**
   * {@code surfnet_snapshot}: a save point of every account, the clock, the blocks and the
   * transaction history; returns its id. Reverting costs what changed since, not the world's size.
   */
  public String snapshot() {
    SendGuard.requireLoopback(endpoint, "take a snapshot");
    return call("surfnet_snapshot", JSON.createArrayNode()).path("value").asText();
  }

  /**
   * {@code surfnet_revert}: back to the save point, byte for byte (accounts and clock). The save
   * point stays usable; save points taken after it are dropped.
   */
  public void revert(String snapshotId) {
    SendGuard.requireLoopback(endpoint, "revert to a snapshot");
    call("surfnet_revert", JSON.createArrayNode().add(snapshotId));
  }

  /** {@code surfnet_releaseSnapshot}: frees the save point (unknown ids are ignored). */
  public void release(String snapshotId) {
    SendGuard.requireLoopback(endpoint, "release a snapshot");
    call("surfnet_releaseSnapshot", JSON.createArrayNode().add(snapshotId));
  }

  /**
   * Runs the steps for real, in order, in one call ({@code preflight_executeSteps}); one result
   * per step. A failed transaction does not stop the sequence. A malformed step (undecodable
   * transaction, revert not first, unknown snapshot) refuses the whole call before any step runs.
   */
  public List<StepResult> execute(List<Step> steps) {
    SendGuard.requireLoopback(endpoint, "run transactions");
    ArrayNode list = JSON.createArrayNode();
    for (int i = 0; i < steps.size(); i++) {
      ObjectNode o = list.addObject();
      switch (steps.get(i)) {
        case Step.Transaction t -> {
          o.put("transaction", Base64.getEncoder().encodeToString(t.transaction()));
          ArrayNode watch = o.putArray("watch");
          t.watch().forEach(k -> watch.add(k.toBase58()));
        }
        case Step.Trace t -> o.put("trace", Base64.getEncoder().encodeToString(t.transaction()));
        case Step.SetClock c -> {
          ObjectNode clock = o.putObject("clock").put("unixTimestamp", c.unixTimestamp());
          c.slot().ifPresent(slot -> clock.put("absoluteSlot", slot));
        }
        case Step.SetAccount a -> {
          ArrayNode args = o.putArray("setAccount").add(a.address().toBase58());
          args.addObject().put("lamports", a.lamports()).put("data", HexFormat.of().formatHex(a.data()))
              .put("owner", a.owner().toBase58()).put("executable", a.executable());
        }
        case Step.Revert r -> {
          if (i != 0) {
            throw new IllegalArgumentException("a Revert step must come first, found at step " + i);
          }
          o.put("revert", r.snapshotId());
        }
      }
    }
    JsonNode value = call("preflight_executeSteps", JSON.createArrayNode().add(list)).path("value");
    if (!value.isArray() || value.size() != steps.size()) {
      throw new ExecException("preflight_executeSteps on " + endpoint.getHost() + " answered "
          + abbreviate(value.toString()) + " for " + steps.size() + " steps");
    }
    List<StepResult> out = new ArrayList<>(steps.size());
    for (int i = 0; i < steps.size(); i++) {
      out.add(stepResult(i, steps.get(i), value.get(i)));
    }
    return out;
  }

  /**
   * Simulates each transaction with register tracing in the validator's traced instance
   * ({@code preflight_trace}, a validator started with {@code --trace-on-demand}), each on the
   * chain's current state; nothing changes. Refused (an {@link ExecException}) by a validator
   * without tracing on demand, and for a program LiteSVM cannot trace.
   */
  public void trace(List<byte[]> transactions) {
    SendGuard.requireLoopback(endpoint, "trace transactions");
    ArrayNode list = JSON.createArrayNode();
    transactions.forEach(t -> list.add(Base64.getEncoder().encodeToString(t)));
    call("preflight_trace", JSON.createArrayNode().add(list));
  }

  private StepResult stepResult(int index, Step step, JsonNode r) {
    if (r.has("error")) {
      throw new ExecException("step " + index + " (" + step.getClass().getSimpleName() + ") was refused by "
          + endpoint.getHost() + ": " + r.get("error").path("message").asText() + "; the steps before it have run");
    }
    ChainClock clock = new ChainClock(r.path("clock").path("slot").asLong(), r.path("clock").path("unixTimestamp").asLong());
    if (!(step instanceof Step.Transaction t)) {
      return new StepResult(step, Optional.empty(), clock, List.of(), List.of());
    }
    List<Optional<AccountState>> pre = states(t.watch(), r.path("pre"));
    List<Optional<AccountState>> post = states(t.watch(), r.path("post"));
    JsonNode err = r.path("err");
    List<String> logs = new ArrayList<>();
    r.path("logs").forEach(l -> logs.add(l.asText()));
    Simulation sim = new Simulation(err.isNull() || err.isMissingNode() ? Optional.empty() : Optional.of(err),
        logs, r.path("unitsConsumed").asLong(), post);
    return new StepResult(step, Optional.of(sim), clock, pre, post);
  }

  private static List<Optional<AccountState>> states(List<PublicKey> watch, JsonNode list) {
    List<Optional<AccountState>> out = new ArrayList<>(watch.size());
    for (int i = 0; i < watch.size(); i++) {
      JsonNode a = list.isArray() && i < list.size() ? list.get(i) : null;
      out.add(a == null || a.isNull() ? Optional.empty() : Optional.of(account(watch.get(i), a)));
    }
    return out;
  }

  /** Sends a signed transaction (base64) with preflight; returns the signature. */
  public String send(byte[] signedTransaction) {
    SendGuard.requireLoopback(endpoint, "send a transaction");
    ArrayNode params = JSON.createArrayNode().add(Base64.getEncoder().encodeToString(signedTransaction));
    params.addObject().put("encoding", "base64");
    return call("sendTransaction", params).asText();
  }

  /**
   * What sending returned: the signature when it landed, else the error and logs of the refused
   * preflight ({@code -32002}).
   */
  public record SendResult(Optional<String> signature, Optional<JsonNode> error, List<String> logs) {
    public boolean landed() {
      return signature.isPresent();
    }
  }

  /** Sends with preflight and reports a refusal as a value instead of an exception. */
  public SendResult sendForResult(byte[] signedTransaction) {
    SendGuard.requireLoopback(endpoint, "send a transaction");
    ArrayNode params = JSON.createArrayNode().add(Base64.getEncoder().encodeToString(signedTransaction));
    params.addObject().put("encoding", "base64");
    ObjectNode req = JSON.createObjectNode();
    req.put("jsonrpc", "2.0").put("id", 1).put("method", "sendTransaction").set("params", params);
    JsonNode answer = parse(join(postAsync(req.toString())));
    if (answer.has("result")) {
      return new SendResult(Optional.of(answer.get("result").asText()), Optional.empty(), List.of());
    }
    JsonNode data = answer.path("error").path("data");
    List<String> logs = new ArrayList<>();
    data.path("logs").forEach(l -> logs.add(l.asText()));
    JsonNode err = data.has("err") ? data.get("err") : answer.path("error");
    return new SendResult(Optional.empty(), Optional.of(err), logs);
  }

  /** {@code surfnet_setAccount}: writes an account whole. */
  public void setAccount(PublicKey address, long lamports, byte[] data, PublicKey owner, boolean executable) {
    SendGuard.requireLoopback(endpoint, "write an account");
    ArrayNode params = JSON.createArrayNode().add(address.toBase58());
    params.addObject().put("lamports", lamports).put("data", HexFormat.of().formatHex(data))
        .put("owner", owner.toBase58()).put("executable", executable);
    call("surfnet_setAccount", params);
  }

  /** {@code surfnet_timeTravel} to an absolute Unix time in seconds. */
  public void timeTravel(long unixSeconds) {
    SendGuard.requireLoopback(endpoint, "move the clock");
    ArrayNode params = JSON.createArrayNode();
    params.addObject().put("absoluteTimestamp", unixSeconds * 1000);
    call("surfnet_timeTravel", params);
  }

  /** {@code requestAirdrop} and wait for it to land. */
  public void airdrop(PublicKey to, long lamports) {
    SendGuard.requireLoopback(endpoint, "request an airdrop");
    ArrayNode params = JSON.createArrayNode().add(to.toBase58()).add(lamports);
    call("requestAirdrop", params);
  }

  /** A raw JSON-RPC call; returns {@code result}, throws on {@code error}. */
  public JsonNode call(String method, JsonNode params) {
    ObjectNode req = JSON.createObjectNode();
    req.put("jsonrpc", "2.0").put("id", 1).put("method", method).set("params", params);
    JsonNode answer = parse(join(postAsync(req.toString())));
    if (answer.has("error")) {
      throw new ExecException(method + " failed on " + endpoint.getHost() + ": " + answer.get("error"));
    }
    return answer.path("result");
  }

  private CompletableFuture<String> postAsync(String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/json");
    authorization.ifPresent(a -> b.header("Authorization", a));
    HttpRequest request = b.POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((r, failure) -> {
      if (failure != null) {
        throw unreachable(failure);
      }
      if (r.statusCode() / 100 != 2) {
        throw new ExecException("HTTP " + r.statusCode() + " from " + endpoint.getHost() + ": "
            + abbreviate(r.body()));
      }
      return r.body();
    });
  }

  /**
   * The error for a request that got no answer. A dying process breaks the connection a moment
   * before the JDK sees it exit, so a known process is given a second to report its exit.
   */
  private ExecException unreachable(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof ExecException x) {
      return x;
    }
    Optional<String> exit = process.exitReason();
    for (int i = 0; exit.isEmpty() && process != ValidatorProcess.UNKNOWN && cause instanceof IOException && i < 20; i++) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      exit = process.exitReason();
    }
    if (exit.isPresent()) {
      return ExecException.validatorGone(exit.get(), cause);
    }
    if (cause instanceof IOException) {
      return ExecException.validatorGone("the validator at " + endpoint + " did not answer (" + cause
          + "): it has stopped or crashed, or nothing listens there. Start it again; nothing it was "
          + "asked after this point was judged.", cause);
    }
    return new ExecException("validator request failed: " + cause, cause);
  }

  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof ExecException x) {
        throw x;
      }
      throw new ExecException("validator request failed: " + e.getCause(), e.getCause());
    }
  }

  private JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new ExecException("unparsable JSON-RPC answer from " + endpoint.getHost() + ": " + abbreviate(body), e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }

  @Override
  public void close() {
    http.close();
  }
}
