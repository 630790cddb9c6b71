package dev.preflight.checks.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP proxy between Preflight and a JSON-RPC endpoint that injects faults: latency,
 * error statuses (with {@code Retry-After}), malformed or truncated JSON, reset connections, and a
 * getSlot that claims a slot far ahead so that every later answer comes from an older slot. It
 * speaks plain HTTP/1.1 on raw sockets (one request per connection) so that it can also reset a
 * connection, which a higher-level server cannot. It counts every request by JSON-RPC method and
 * keeps the raw request heads so that tests can see what the client sent.
 */
final class FaultProxy implements AutoCloseable {

  /** What to do to a request. */
  enum Kind { PASS, LATENCY, STATUS, MALFORMED_JSON, TRUNCATED_JSON, RESET, SLOT_AHEAD, REWRITE }

  /**
   * A rule: for requests whose method is in {@code methods} (empty: every method), the first
   * {@code times} matching requests (negative: all of them) get {@code kind}.
   */
  record Rule(Kind kind, Set<String> methods, int times, int status, Optional<Integer> retryAfter,
              Duration latency, String label, UnaryOperator<String> rewrite) {
    static Rule always(Kind kind) {
      return new Rule(kind, Set.of(), -1, 0, Optional.empty(), Duration.ZERO, "", s -> s);
    }

    static Rule status(int status, Optional<Integer> retryAfter) {
      return new Rule(Kind.STATUS, Set.of(), -1, status, retryAfter, Duration.ZERO, "", s -> s);
    }

    static Rule latency(Duration d) {
      return new Rule(Kind.LATENCY, Set.of(), -1, 0, Optional.empty(), d, "", s -> s);
    }

    /** Passes the request on and answers with {@code rewrite} applied to the real answer. */
    static Rule rewrite(String label, UnaryOperator<String> rewrite) {
      return new Rule(Kind.REWRITE, Set.of(), -1, 0, Optional.empty(), Duration.ZERO, label,
          rewrite);
    }

    Rule labelled(String text) {
      return new Rule(kind, methods, times, status, retryAfter, latency, text, rewrite);
    }

    Rule only(String... method) {
      return new Rule(kind, Set.of(method), times, status, retryAfter, latency, label, rewrite);
    }

    Rule times(int n) {
      return new Rule(kind, methods, n, status, retryAfter, latency, label, rewrite);
    }

    boolean matches(String method) {
      return methods.isEmpty() || methods.contains(method);
    }

    @Override
    public String toString() {
      return kind + (label.isEmpty() ? "" : " " + label) + (kind == Kind.STATUS ? " " + status + retryAfter.map(s -> " Retry-After " + s)
          .orElse("") : "") + (kind == Kind.LATENCY ? " " + latency.toMillis() + " ms" : "")
          + (methods.isEmpty() ? "" : " on " + methods) + (times < 0 ? "" : " x" + times);
    }
  }

  private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([A-Za-z_]+)\"");
  private static final Pattern RESULT_NUMBER = Pattern.compile("\"result\"\\s*:\\s*(\\d+)");

  private final URI upstream;
  private final Rule rule;
  private final ServerSocket server;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .build();
  private final Thread acceptor;
  private final AtomicInteger applied = new AtomicInteger();
  private final AtomicLong requests = new AtomicLong();
  private final Map<String, AtomicInteger> byMethod = new ConcurrentHashMap<>();
  private final List<String> heads = Collections.synchronizedList(new ArrayList<>());

  FaultProxy(URI upstream, Rule rule) throws IOException {
    this.upstream = upstream;
    this.rule = rule;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = Thread.ofPlatform().daemon().name("fault-proxy").start(this::acceptLoop);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  int port() {
    return server.getLocalPort();
  }

  long requests() {
    return requests.get();
  }

  Map<String, Integer> byMethod() {
    Map<String, Integer> out = new java.util.TreeMap<>();
    byMethod.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Request lines and headers as received, for tests that check what the client sent. */
  List<String> heads() {
    synchronized (heads) {
      return List.copyOf(heads);
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread.ofVirtual().start(() -> handle(s));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void handle(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      heads.add(head);
      int length = 0;
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      Matcher m = METHOD.matcher(body);
      String method = m.find() ? m.group(1) : "?";
      requests.incrementAndGet();
      byMethod.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
      Kind kind = Kind.PASS;
      if (rule.matches(method) && (rule.times() < 0 || applied.getAndIncrement() < rule.times())) {
        kind = rule.kind();
      }
      OutputStream out = socket.getOutputStream();
      switch (kind) {
        case RESET -> {
          socket.setSoLinger(true, 0); // close with RST instead of FIN
          return;
        }
        case STATUS -> {
          // Providers answer rate limits and outages with a JSON-RPC error object; a label
          // starting with "html" sends a gateway's HTML page instead.
          respond(out, rule.status(), rule.retryAfter(), rule.label().startsWith("html")
              ? "<html><body>" + rule.status() + " Bad Gateway</body></html>"
              : "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":" + rule.status()
              + ",\"message\":\"injected " + rule.status() + "\"},\"id\":1}");
          return;
        }
        case MALFORMED_JSON -> {
          respond(out, 200, Optional.empty(), "{\"jsonrpc\":\"2.0\",\"result\":{[}oops");
          return;
        }
        case LATENCY -> Thread.sleep(rule.latency().toMillis());
        default -> { }
      }
      String answer = forward(body);
      if (kind == Kind.REWRITE) {
        answer = rule.rewrite().apply(answer);
      } else if (kind == Kind.TRUNCATED_JSON) {
        answer = answer.substring(0, answer.length() / 2);
      } else if (kind == Kind.SLOT_AHEAD && method.equals("getSlot")) {
        Matcher r = RESULT_NUMBER.matcher(answer);
        if (r.find()) {
          long ahead = Long.parseLong(r.group(1)) + 1_000_000;
          answer = answer.substring(0, r.start(1)) + ahead + answer.substring(r.end(1));
        }
      }
      respond(out, 200, Optional.empty(), answer);
    } catch (IOException | InterruptedException e) {
      // The client went away or the proxy is closing: nothing to answer.
    }
  }

  private String forward(String body) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(upstream).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
  }

  private static void respond(OutputStream out, int status, Optional<Integer> retryAfter,
                              String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder h = new StringBuilder("HTTP/1.1 ").append(status).append(' ')
        .append(status == 200 ? "OK" : "Injected").append("\r\n")
        .append("Content-Type: application/json\r\n")
        .append("Content-Length: ").append(bytes.length).append("\r\n")
        .append("Connection: close\r\n");
    retryAfter.ifPresent(s -> h.append("Retry-After: ").append(s).append("\r\n"));
    h.append("\r\n");
    out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int state = 0;
    int b;
    while ((b = in.read()) >= 0) {
      buf.write(b);
      // Looks for CR LF CR LF.
      state = switch (state) {
        case 0, 2 -> b == '\r' ? state + 1 : 0;
        case 1, 3 -> b == '\n' ? state + 1 : (b == '\r' ? 1 : 0);
        default -> 0;
      };
      if (state == 4) {
        return buf.toString(StandardCharsets.ISO_8859_1);
      }
      if (buf.size() > 64 * 1024) {
        return null;
      }
    }
    return null;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
    acceptor.interrupt();
    http.close();
  }
}
