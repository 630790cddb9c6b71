package dev.preflight.core.cluster;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import software.sava.core.accounts.PublicKey;
import software.sava.rpc.json.http.client.SolanaRpcClient;
import software.sava.rpc.json.http.request.Commitment;
import software.sava.rpc.json.http.response.AccountInfo;
import software.sava.rpc.json.http.response.JsonRpcException;
import software.sava.rpc.json.http.response.Tx;
import software.sava.rpc.json.http.response.TxSig;

/**
 * One cluster's RPC endpoint, read-only. Every call goes through {@link #call}, which applies the
 * timeout, retries transient failures with backoff (honouring {@code Retry-After}), and counts the
 * attempt in {@link RpcStats}. This class never sends a transaction.
 */
public final class ClusterClient implements AutoCloseable {
  /** getMultipleAccounts accepts at most this many keys per call. */
  public static final int MAX_ACCOUNTS_PER_CALL = 100;

  private final URI endpoint;
  private final String redacted;
  private final RetryPolicy retry;
  private final RpcStats stats;
  private final HttpClient http;
  private final SolanaRpcClient rpc;
  private final Sleeper sleeper;

  /** Waits between attempts; replaceable so that tests need not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  public ClusterClient(URI endpoint, RetryPolicy retry, RpcStats stats) {
    this(endpoint, retry, stats, d -> Thread.sleep(d.toMillis()));
  }

  public ClusterClient(URI endpoint, RetryPolicy retry, RpcStats stats, Sleeper sleeper) {
    this(endpoint, Endpoints.redact(endpoint), retry, stats, sleeper);
  }

  /**
   * A client whose endpoint is shown as {@code shownAs} in messages and snapshots (for example
   * {@code embedded} for a validator on a random port, so reports do not change from run to run).
   * Credentials in the URL ({@code https://user:password@host}) are sent as an {@code
   * Authorization: Basic} header and never shown.
   */
  public ClusterClient(URI endpoint, String shownAs, RetryPolicy retry, RpcStats stats,
                       Sleeper sleeper) {
    this.endpoint = endpoint;
    this.redacted = shownAs;
    this.retry = retry;
    this.stats = stats;
    this.sleeper = sleeper;
    this.http = HttpClient.newBuilder()
        .connectTimeout(retry.requestTimeout())
        .version(HttpClient.Version.HTTP_1_1)
        .build();
    java.util.Optional<String> authorization = Endpoints.basicAuthorization(endpoint);
    this.rpc = SolanaRpcClient.build()
        .endpoint(Endpoints.withoutUserInfo(endpoint))
        .extendRequest(b -> authorization.map(a -> b.header("Authorization", a)).orElse(b))
        .httpClient(http)
        .requestTimeout(retry.requestTimeout())
        .defaultCommitment(Commitment.CONFIRMED)
        .createClient();
  }

  public URI endpoint() {
    return endpoint;
  }

  /** The endpoint as it may be shown: no credentials. */
  public String redactedEndpoint() {
    return redacted;
  }

  public RpcStats stats() {
    return stats;
  }

  public String genesisHash() {
    return call("getGenesisHash", rpc::getGenesisHash);
  }

  public long slot() {
    return call("getSlot", () -> rpc.getSlot(Commitment.CONFIRMED));
  }

  /**
   * Fetches accounts in calls of at most 100 keys, each pinned so the node answers from a slot at
   * least {@code minContextSlot} (0 for no pin). Absent accounts come back empty, in key order.
   */
  public List<Fetched> getMultipleAccounts(List<PublicKey> keys, long minContextSlot) {
    List<Fetched> out = new ArrayList<>(keys.size());
    for (int from = 0; from < keys.size(); from += MAX_ACCOUNTS_PER_CALL) {
      List<PublicKey> chunk = keys.subList(from, Math.min(keys.size(), from + MAX_ACCOUNTS_PER_CALL));
      List<AccountInfo<byte[]>> infos = call("getMultipleAccounts", () -> minContextSlot > 0
          ? rpc.getMultipleAccounts(Commitment.CONFIRMED, BigInteger.valueOf(minContextSlot), chunk)
          : rpc.getMultipleAccounts(Commitment.CONFIRMED, chunk));
      if (infos == null || infos.size() > chunk.size()) {
        throw new RpcException("getMultipleAccounts", redacted, "asked for " + chunk.size()
            + " accounts, got " + (infos == null ? "no list" : infos.size()), null);
      }
      // sava leaves absent accounts out of the list, so match answers to keys by address.
      java.util.Map<PublicKey, AccountInfo<byte[]>> byKey = new java.util.HashMap<>();
      for (AccountInfo<byte[]> info : infos) {
        if (info != null) {
          byKey.put(info.pubKey(), info);
        }
      }
      for (PublicKey key : chunk) {
        out.add(new Fetched(key, Optional.ofNullable(byKey.get(key))));
      }
    }
    return out;
  }

  public List<TxSig> signaturesForAddress(PublicKey address, int limit) {
    return call("getSignaturesForAddress",
        () -> rpc.getSignaturesForAddress(Commitment.CONFIRMED, address, limit));
  }

  public Optional<Tx> transaction(String signature) {
    return Optional.ofNullable(call("getTransaction",
        () -> rpc.getTransaction(Commitment.CONFIRMED, 0, signature)));
  }

  /** One result of getMultipleAccounts: the key asked for and, when the account exists, its info. */
  public record Fetched(PublicKey key, Optional<AccountInfo<byte[]>> info) {}

  /** Runs one RPC call with the timeout and retry policy. */
  public <T> T call(String method, Supplier<CompletableFuture<T>> request) {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
      stats.call(method);
      Duration retryAfter = null;
      try {
        return request.get().get(retry.requestTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RpcException(method, redacted, "interrupted", e);
      } catch (TimeoutException e) {
        last = new RpcException(method, redacted,
            "no answer within " + retry.requestTimeout().toSeconds() + " s", e);
      } catch (ExecutionException | RuntimeException e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof JsonRpcException rpcError) {
          if (!retryable(rpcError)) {
            stats.failure();
            throw new RpcException(method, redacted, describe(rpcError), rpcError);
          }
          OptionalLong after = rpcError.retryAfterSeconds();
          if (after.isPresent()) {
            retryAfter = Duration.ofSeconds(after.getAsLong());
          }
          last = new RpcException(method, redacted, describe(rpcError), rpcError);
        } else {
          last = new RpcException(method, redacted, summarize(cause), cause);
        }
      }
      if (attempt < retry.maxAttempts()) {
        stats.retry();
        try {
          sleeper.sleep(retry.backoff(attempt, retryAfter));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new RpcException(method, redacted, "interrupted", e);
        }
      }
    }
    stats.failure();
    throw new RpcException(method, redacted,
        "gave up after " + retry.maxAttempts() + " attempts; last error: " + reasonOf(last), last);
  }

  private static String reasonOf(RuntimeException e) {
    if (e == null) {
      return "unknown";
    }
    String m = e.getMessage();
    int i = m == null ? -1 : m.indexOf(" failed: ");
    if (i < 0) {
      return String.valueOf(m);
    }
    String rest = m.substring(i + " failed: ".length());
    int j = rest.indexOf(". Check that");
    return j < 0 ? rest : rest.substring(0, j);
  }

  private static boolean retryable(JsonRpcException e) {
    long code = e.code();
    // Invalid params, method not found and invalid request will not change on a second try.
    return !(code == JsonRpcException.INVALID_PARAMS || code == JsonRpcException.METHOD_NOT_FOUND
        || code == JsonRpcException.INVALID_REQUEST);
  }

  private static String describe(JsonRpcException e) {
    String msg = e.getMessage();
    return "JSON-RPC error " + e.code() + (msg == null || msg.isBlank() ? "" : " (" + msg + ")");
  }

  /**
   * What went wrong, in words a user can act on: the kind of failure, then the library's detail
   * with Java class names removed (they mean nothing to the reader and look like a stack trace).
   */
  static String summarize(Throwable t) {
    while ((t instanceof java.io.UncheckedIOException || t instanceof java.util.concurrent.CompletionException
        || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    String html = htmlAnswer(t.getMessage());
    if (html != null) {
      return html;
    }
    String kind;
    if (t instanceof java.net.ConnectException) {
      kind = "connection refused";
    } else if (t instanceof java.net.http.HttpTimeoutException) {
      kind = "no answer in time";
    } else if (t instanceof java.io.IOException) {
      kind = "connection failed";
    } else if (t instanceof RuntimeException) {
      // sava's JSON reader and decoders throw unchecked exceptions for answers they cannot read.
      kind = "the answer could not be read";
    } else {
      kind = "unexpected failure";
    }
    String msg = t.getMessage();
    if (msg == null || msg.isBlank()) {
      return kind;
    }
    msg = msg.replaceAll("\\s+", " ").replaceAll("(?:[a-z]\\w*\\.)+[A-Z]\\w*(?:Exception|Error): ?", "")
        .trim();
    if (msg.isEmpty()) {
      return kind;
    }
    return kind + " (" + (msg.length() > 200 ? msg.substring(0, 200) + "..." : msg) + ")";
  }

  private static final java.util.regex.Pattern HTTP_CODE =
      java.util.regex.Pattern.compile("httpCode:(\\d{3})");
  private static final java.util.regex.Pattern HTML_BODY = java.util.regex.Pattern.compile(
      "body=\\s*<(?:!doctype\\s+html|html|head|body|title)\\b",
      java.util.regex.Pattern.CASE_INSENSITIVE);

  /**
   * A proxy, gateway or login page in front of the node answers with HTML (a 502 from nginx, a
   * provider's error page): the network is fine, the endpoint is not a JSON-RPC node right now.
   * Said as such, so nobody debugs their firewall. {@code null} when the answer was not HTML.
   */
  static String htmlAnswer(String message) {
    if (message == null || !HTML_BODY.matcher(message).find()) {
      return null;
    }
    java.util.regex.Matcher code = HTTP_CODE.matcher(message);
    return "endpoint answered with an HTML page (HTTP " + (code.find() ? code.group(1) : "status "
        + "unknown") + "), not JSON-RPC: a proxy or gateway in front of the node, or a URL that "
        + "is not an RPC endpoint";
  }

  @Override
  public void close() {
    http.close();
  }
}
