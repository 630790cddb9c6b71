package dev.preflight.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens index.html in Debian's headless Chromium (installed by .ci/install-browser). The browser's
 * only way out is a logging proxy on loopback ({@code --proxy-server}, loopback not bypassed), which
 * also serves the page: so every request the page causes, to any host, is seen, and the test checks
 * that the page itself was the only one. The dumped DOM shows whether a hostile string became an
 * element or ran. A screenshot and a printed PDF land in target/ for a person to look at.
 */
class HtmlInBrowserTest {
  private static final Path CHROMIUM = Path.of(System.getProperty("preflight.chromium",
      "/usr/bin/chromium"));
  private static final String PAGE_URL = "http://preflight.invalid/index.html";
  private static final String PAGE_REQUEST = "GET " + PAGE_URL + " HTTP/1.1";
  /** The example's real report (see {@link ExampleReport}), as an auditor would print it. */
  private static final String EXAMPLE_URL = "http://preflight.invalid/example/index.html";
  /** The print budget of the auditor handoff, in A4 pages. */
  static final int MAX_PRINTED_PAGES = 12;
  /**
   * Chromium's own service traffic, which it sends whatever page it shows and despite the
   * background-networking flags (network time, an on-demand component update check, sign-in).
   * The proxy refuses it too; it is told apart from page traffic by host only.
   */
  private static final Set<String> BROWSER_SERVICE_HOSTS = Set.of(
      "clients2.google.com", "update.googleapis.com", "accounts.google.com");

  private static Path target;
  private static Path index;
  private static Path example;
  private static final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private static ServerSocket proxy;
  private static ExecutorService pool;

  @TempDir
  static Path profile;

  @BeforeAll
  static void setUp() throws IOException, URISyntaxException {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (!Files.isExecutable(CHROMIUM)) {
      if (ci) {
        fail(CHROMIUM + " is missing; CI must run the browser test. Run .ci/install-browser.");
      }
      Assumptions.abort(CHROMIUM + " is not installed; run .ci/install-browser to enable the "
          + "headless-browser test of index.html.");
    }
    // target/test-classes -> target
    target = Path.of(HtmlInBrowserTest.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI()).getParent();
    Path out = target.resolve("preflight-browser");
    index = ReportWriterTest.writeSample(out).file(ReportFormat.HTML).orElseThrow();
    example = target.resolve("preflight-browser-example").resolve("index.html");
    Files.createDirectories(example.getParent());
    Files.writeString(example, ReportWriter.html(ExampleReport.gate(), Optional.empty(),
        RenderOptions.defaults()), StandardCharsets.UTF_8);
    proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    pool = Executors.newVirtualThreadPerTaskExecutor();
    pool.submit(HtmlInBrowserTest::serve);
  }

  @AfterAll
  static void tearDown() throws IOException {
    if (proxy != null) {
      proxy.close();
    }
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /** Accepts until closed; logs each request line; serves the page, refuses everything else. */
  private static void serve() {
    while (!proxy.isClosed()) {
      try {
        Socket s = proxy.accept();
        pool.submit(() -> handle(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void handle(Socket s) {
    try (s) {
      s.setSoTimeout(10_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
          StandardCharsets.ISO_8859_1));
      String requestLine = in.readLine();
      if (requestLine == null) {
        return;
      }
      String line;
      while ((line = in.readLine()) != null && !line.isEmpty()) {
        // headers are not needed
      }
      requests.add(requestLine);
      OutputStream out = s.getOutputStream();
      boolean page = requestLine.equals("GET " + PAGE_URL + " HTTP/1.1");
      if (page || requestLine.equals("GET " + EXAMPLE_URL + " HTTP/1.1")) {
        byte[] body = Files.readAllBytes(page ? index : example);
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
      } else {
        out.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1));
      }
      out.flush();
    } catch (IOException e) {
      // The browser hung up; the request line, if any, is already logged.
    }
  }

  private static String chromium(String... extra) throws IOException, InterruptedException {
    return chromiumAt(PAGE_URL, extra);
  }

  private static String chromiumAt(String url, String... extra)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
        "--disable-default-apps", "--disable-domain-reliability", "--metrics-recording-only",
        "--hide-scrollbars", "--user-data-dir=" + profile.resolve("profile"),
        "--proxy-server=http://127.0.0.1:" + proxy.getLocalPort(),
        "--proxy-bypass-list=<-loopback>"));
    cmd.addAll(Arrays.asList(extra));
    cmd.add(url);
    Path stdout = profile.resolve("stdout.txt");
    Path stderr = profile.resolve("stderr.txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(
            Path.of("/dev/null").toFile())).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail("chromium did not finish within 90 s: " + Files.readString(stderr));
    }
    assertEquals(0, p.exitValue(), () -> "chromium failed: " + read(stderr));
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  /** Every logged request but the browser's own service traffic. */
  private static List<String> pageRequests() {
    List<String> out = new ArrayList<>();
    for (String r : List.copyOf(requests)) {
      String[] parts = r.split(" ");
      String target = parts.length > 1 ? parts[1] : "";
      String host = target.replaceFirst("^[a-z]+://", "").replaceFirst("[:/].*$", "");
      if (!BROWSER_SERVICE_HOSTS.contains(host)) {
        out.add(r);
      }
    }
    return out;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Test
  void pageLoadsNothingButItselfAndNoHostileStringBecomesMarkup() throws Exception {
    requests.clear();
    String dom = chromium("--dump-dom", "--virtual-time-budget=3000");
    assertEquals(List.of(PAGE_REQUEST), pageRequests(), "the page caused requests besides itself");

    Matcher title = Pattern.compile("<title>(.*?)</title>").matcher(dom);
    assertTrue(title.find(), "no title in the DOM");
    assertEquals("Production readiness report: token-sale-escrow", title.group(1));
    String lower = dom.toLowerCase();
    assertFalse(lower.contains("<script"), "a script element exists");
    assertFalse(lower.contains("<img"), "an img element exists");
    assertFalse(Pattern.compile("<[a-z][^<>]*\\son[a-z]+\\s*=").matcher(lower).find(),
        "an element with an event handler attribute exists");
    assertFalse(lower.contains("<link rel=\"stylesheet\"") || lower.contains("<link rel=stylesheet"),
        "an external stylesheet element exists");
    // The hostile strings are there, as text.
    assertTrue(dom.contains("&lt;script&gt;document.title='pwned';alert(1)&lt;/script&gt;"), dom);
    assertTrue(dom.contains("&lt;img src=x onerror=\"document.title='pwned'\"&gt;"));
    assertTrue(dom.contains("&lt;img src=\"http://attacker.invalid/beacon.png\"&gt;"));
    assertTrue(dom.contains("id=\"gate\""));
  }

  @Test
  void screenshotAndPrintForAPerson() throws Exception {
    Path png = target.resolve("preflight-report.png");
    Path pdf = target.resolve("preflight-report.pdf");
    Files.deleteIfExists(png);
    Files.deleteIfExists(pdf);
    requests.clear();
    chromium("--screenshot=" + png, "--window-size=1280,2000");
    chromium("--print-to-pdf=" + pdf, "--no-pdf-header-footer");
    byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
    assertTrue(Arrays.equals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
        head), "not a PNG");
    assertTrue(Files.size(png) > 50_000, "the screenshot looks empty: " + Files.size(png));
    assertTrue(new String(Files.readAllBytes(pdf), 0, 5, StandardCharsets.US_ASCII)
        .equals("%PDF-"), "not a PDF");
    assertEquals(List.of(PAGE_REQUEST, PAGE_REQUEST), pageRequests());
  }

  @Test
  void theExamplesAuditorHandoffOpensWithTheGateAndPrintsCompactly() throws Exception {
    requests.clear();
    String dom = chromiumAt(EXAMPLE_URL, "--dump-dom", "--virtual-time-budget=3000");
    // Section order as the browser built the page: triage first, the rest after.
    List<String> order = new ArrayList<>();
    Matcher section = Pattern.compile("<section id=\"([a-z]+)\"").matcher(dom);
    while (section.find()) {
      order.add(section.group(1));
    }
    assertEquals(List.of("gate", "breaking", "findings", "suppressed", "summary", "readiness"),
        order.subList(0, 6), order.toString());
    assertEquals("checklist", order.getLast(), order.toString());
    // The four critical fuzz findings break the gate and open the page; the accepted mint
    // authority sits in its own section.
    String breaking = between(dom, "<section id=\"breaking\"", "</section>");
    assertEquals(4, count(breaking, "<article class=\"result fail\""), breaking);
    assertEquals(4, count(breaking, "<code class=\"check-id\">fuzz.unauthorized-success</code>"));
    String suppressed = between(dom, "<section id=\"suppressed\"", "</section>");
    assertEquals(1, count(suppressed, "<article "));
    assertTrue(suppressed.contains("mint.authorities"));

    Path pdf = target.resolve("preflight-example-report.pdf");
    Files.deleteIfExists(pdf);
    chromiumAt(EXAMPLE_URL, "--print-to-pdf=" + pdf, "--no-pdf-header-footer");
    String raw = new String(Files.readAllBytes(pdf), StandardCharsets.ISO_8859_1);
    assertTrue(raw.startsWith("%PDF-"), "not a PDF");
    int pages = count(raw, Pattern.compile("/Type\\s*/Page\\b(?!s)"));
    // A4 from the page's @page rule: 595 x 842 points.
    Matcher box = Pattern.compile("/MediaBox\\s*\\[\\s*0\\s+0\\s+([0-9.]+)\\s+([0-9.]+)")
        .matcher(raw);
    assertTrue(box.find(), "no MediaBox");
    assertEquals(595, Math.round(Double.parseDouble(box.group(1))), box.group());
    assertEquals(842, Math.round(Double.parseDouble(box.group(2))), box.group());
    System.out.println("example report printed to " + pages + " A4 pages: " + pdf);
    assertTrue(pages >= 2 && pages <= MAX_PRINTED_PAGES, pages + " pages");
    assertEquals(List.of("GET " + EXAMPLE_URL + " HTTP/1.1", "GET " + EXAMPLE_URL + " HTTP/1.1"),
        pageRequests());
  }

  private static String between(String s, String from, String to) {
    int a = s.indexOf(from);
    assertTrue(a >= 0, from + " missing");
    return s.substring(a, s.indexOf(to, a));
  }

  private static int count(String s, String needle) {
    return count(s, Pattern.compile(Pattern.quote(needle)));
  }

  private static int count(String s, Pattern p) {
    Matcher m = p.matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
