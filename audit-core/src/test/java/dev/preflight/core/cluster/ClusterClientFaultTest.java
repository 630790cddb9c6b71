package dev.preflight.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fault injection only: an HTTP stub that misbehaves the way public RPC nodes do. */
class ClusterClientFaultTest {
  private HttpServer server;
  private final List<Duration> waits = new ArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private URI serve(Responder responder) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger n = new AtomicInteger();
    server.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      Reply r = responder.reply(n.incrementAndGet());
      r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(r.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        ex.getResponseBody().write(body);
      }
      ex.close();
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  interface Responder {
    Reply reply(int attempt);
  }

  record Reply(int status, java.util.Map<String, String> headers, String body) {}

  private ClusterClient client(URI uri, RpcStats stats) {
    RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(2), 4, Duration.ofMillis(100),
        Duration.ofSeconds(3));
    return new ClusterClient(uri, policy, stats, waits::add);
  }

  @Test
  void retriesRateLimitHonouringRetryAfter() throws IOException {
    URI uri = serve(attempt -> attempt <= 2
        ? new Reply(429, java.util.Map.of("Retry-After", "2"), "{\"jsonrpc\":\"2.0\",\"error\":"
            + "{\"code\":429,\"message\":\"Too many requests\"},\"id\":1}")
        : new Reply(200, java.util.Map.of("Content-Type", "application/json"),
            "{\"jsonrpc\":\"2.0\",\"result\":42,\"id\":1}"));
    RpcStats stats = new RpcStats();
    try (ClusterClient c = client(uri, stats)) {
      assertEquals(42L, c.slot());
    }
    assertEquals(3, stats.snapshot().byMethod().get("getSlot"));
    assertEquals(2, stats.snapshot().retries());
    assertEquals(2, waits.size());
    System.out.println("waits between attempts: " + waits);
    assertTrue(waits.stream().allMatch(w -> w.toMillis() >= 100 && w.toMillis() <= 3000));
  }

  @Test
  void garbageGivesUpAfterBoundedAttemptsWithAReason() throws IOException {
    URI uri = serve(attempt -> new Reply(200, java.util.Map.of(), "<html>not json"));
    RpcStats stats = new RpcStats();
    try (ClusterClient c = client(uri, stats)) {
      RpcException e = assertThrows(RpcException.class, c::genesisHash);
      assertTrue(e.getMessage().contains("getGenesisHash"), e.getMessage());
      assertTrue(e.getMessage().contains("gave up after 4 attempts"), e.getMessage());
    }
    assertEquals(4, stats.snapshot().byMethod().get("getGenesisHash"));
    assertEquals(1, stats.snapshot().failures());
  }

  @Test
  void anHtmlPageIsNamedAsSuchNotAsAFailedConnection() throws IOException {
    URI uri = serve(attempt -> new Reply(502, java.util.Map.of("Content-Type", "text/html"),
        "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"));
    try (ClusterClient c = client(uri, new RpcStats())) {
      RpcException e = assertThrows(RpcException.class, c::genesisHash);
      System.out.println("HTML answer: " + e.getMessage());
      assertTrue(e.getMessage().contains("endpoint answered with an HTML page"), e.getMessage());
      assertTrue(e.getMessage().contains("not JSON-RPC"), e.getMessage());
      assertTrue(!e.getMessage().contains("connection failed"), e.getMessage());
    }
  }

  @Test
  void invalidParamsIsNotRetried() throws IOException {
    URI uri = serve(attempt -> new Reply(200, java.util.Map.of(),
        "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32602,\"message\":\"Invalid params\"},\"id\":1}"));
    RpcStats stats = new RpcStats();
    try (ClusterClient c = client(uri, stats)) {
      RpcException e = assertThrows(RpcException.class, c::slot);
      assertTrue(e.getMessage().contains("-32602"), e.getMessage());
    }
    assertEquals(1, stats.snapshot().byMethod().get("getSlot"));
  }

  @Test
  void backoffIsBoundedAndWorstCaseIsFinite() {
    RetryPolicy p = new RetryPolicy(Duration.ofSeconds(1), 5, Duration.ofMillis(100),
        Duration.ofSeconds(2));
    assertEquals(Duration.ofMillis(100), p.backoff(1, null));
    assertEquals(Duration.ofMillis(400), p.backoff(3, null));
    assertEquals(Duration.ofSeconds(2), p.backoff(10, null));
    assertEquals(Duration.ofSeconds(2), p.backoff(1, Duration.ofSeconds(60)));
    assertEquals(Duration.ofSeconds(5 + 8), p.worstCase());
  }

  @Test
  void credentialsInTheUrlAreSentAsBasicAuthAndNeverShown() throws IOException {
    List<String> seen = new ArrayList<>();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      seen.add(auth + " " + ex.getRequestURI());
      boolean ok = "Basic YXVkaXRvcjpzM2NyZXQ6cHc=".equals(auth); // auditor:s3cret:pw
      byte[] body = (ok ? "{\"jsonrpc\":\"2.0\",\"result\":7,\"id\":1}" : "denied")
          .getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(ok ? 200 : 401, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    URI uri = URI.create("http://auditor:s3cret%3Apw@127.0.0.1:" + server.getAddress().getPort()
        + "/rpc");
    try (ClusterClient c = client(uri, new RpcStats())) {
      assertEquals(7L, c.slot());
      assertEquals("http://127.0.0.1:" + server.getAddress().getPort() + "/rpc",
          c.redactedEndpoint());
    }
    assertEquals(List.of("Basic YXVkaXRvcjpzM2NyZXQ6cHc= /rpc"), seen);
  }
}
