package dev.preflight.checks.faults;

import dev.preflight.checks.acceptance.EscrowWorld;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.checks.faults.FaultProxy.Kind;
import dev.preflight.checks.faults.FaultProxy.Rule;
import dev.preflight.core.audit.Audit;
import dev.preflight.core.audit.AuditResult;
import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.gate.Gate;
import dev.preflight.core.gate.GatePolicy;
import dev.preflight.core.gate.GateResult;
import dev.preflight.core.gate.SuppressionOutcome;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.render.RenderOptions;
import dev.preflight.core.render.ReportFormat;
import dev.preflight.core.render.ReportWriter;
import dev.preflight.core.render.WrittenReports;
import dev.preflight.core.report.SnapshotJson;
import dev.preflight.core.snapshot.Snapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials in an RPC URL never reach a report file, the saved snapshot or the progress log; and
 * the same snapshot renders to byte-identical reports when the clock is fixed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityAuditTest {
  static final String PASSWORD = "hunter2-pw-9f3a";
  static final String API_KEY = "SECRET-KEY-0d4c7e";

  @TempDir
  Path dir;

  EscrowWorld world;

  @BeforeAll
  void start() {
    world = new EscrowWorld(EscrowWorld.Governance.good());
  }

  @AfterAll
  void stop() {
    if (world != null) {
      world.close();
    }
  }

  private static Progress into(List<String> log) {
    List<String> sink = Collections.synchronizedList(log);
    return new Progress() {
      @Override
      public void phase(String name) {
        sink.add(name);
      }

      @Override
      public void info(String message) {
        sink.add(message);
      }

      @Override
      public void warn(String message) {
        sink.add(message);
      }
    };
  }

  private static WrittenReports write(AuditResult r, Path out) {
    GateResult gate = Gate.evaluate(SuppressionOutcome.none(r.report()),
        GatePolicy.defaultsFor(r.report()));
    return ReportWriter.writeAll(r.report(), gate, Optional.empty(), out,
        RenderOptions.defaults());
  }

  @Test
  void credentialsInTheRpcUrlAppearInNoReportSnapshotOrLog() throws Exception {
    try (FaultProxy proxy = new FaultProxy(world.validator.rpcUri(), Rule.always(Kind.PASS))) {
      String url = "http://operator:" + PASSWORD + "@127.0.0.1:" + proxy.port() + "/?api-key="
          + API_KEY;
      List<String> log = new ArrayList<>();
      Policy policy = world.policyAt(Files.createDirectories(dir.resolve("p")), url, "");
      AuditResult r = Audit.of(policy).progress(into(log)).run();
      for (CheckResult c : r.results()) {
        System.out.printf("%-28s %-13s %s%n", c.checkId(), c.outcome(), c.message());
      }
      // The endpoint with credentials works (the proxy saw the calls) and the audit passes.
      assertTrue(proxy.requests() > 0, "no request reached the endpoint");
      assertEquals(Outcome.PASS, r.outcome("program.upgrade-authority"),
          r.result("program.upgrade-authority").message());

      WrittenReports files = write(r, dir.resolve("reports"));
      assertEquals(ReportFormat.values().length, files.files().size());
      Path snapshot = dir.resolve("snapshot.json");
      SnapshotJson.write(r.snapshot(), snapshot);
      List<Path> all = new ArrayList<>(files.files().values());
      all.add(snapshot);
      for (Path f : all) {
        String text = Files.readString(f, StandardCharsets.UTF_8);
        assertFalse(text.contains(PASSWORD), f.getFileName() + " contains the password");
        assertFalse(text.contains(API_KEY), f.getFileName() + " contains the API key");
        assertFalse(text.contains("operator@"), f.getFileName() + " contains the user name");
      }
      assertTrue(Files.readString(files.files().get(ReportFormat.JSON))
          .contains("127.0.0.1:" + proxy.port()), "the report still names the endpoint's host");
      for (String line : log) {
        assertFalse(line.contains(PASSWORD) || line.contains(API_KEY), "log leaks: " + line);
      }
      System.out.println("checked " + all.size() + " files and " + log.size() + " log lines");
      String head = proxy.heads().getFirst();
      System.out.println("first request as received:\n" + head.replace("\r", ""));
      // The API key in the query string does reach the endpoint (providers need it there).
      assertTrue(head.startsWith("POST /?api-key=" + API_KEY), head);
    }
  }

  @Test
  void theSameSnapshotGivesByteIdenticalReports() throws Exception {
    Policy policy = world.policy(Files.createDirectories(dir.resolve("d")), "");
    Snapshot snapshot = Audit.of(policy).run().snapshot();
    Path saved = dir.resolve("snap.json");
    SnapshotJson.write(snapshot, saved);
    Clock fixed = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    Map<ReportFormat, Path> a = write(Audit.of(policy).clock(fixed)
        .offline(SnapshotJson.read(saved)).run(), dir.resolve("a")).files();
    Map<ReportFormat, Path> b = write(Audit.of(policy).clock(fixed)
        .offline(SnapshotJson.read(saved)).run(), dir.resolve("b")).files();
    for (ReportFormat f : ReportFormat.values()) {
      byte[] x = Files.readAllBytes(a.get(f));
      byte[] y = Files.readAllBytes(b.get(f));
      assertArrayEquals(x, y, f + " differs between two runs on the same snapshot");
      System.out.println(f + " " + x.length + " bytes, identical");
    }
  }
}
