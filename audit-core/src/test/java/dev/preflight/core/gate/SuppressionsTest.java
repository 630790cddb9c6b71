package dev.preflight.core.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.PreflightException;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.render.SampleReports;
import dev.preflight.core.report.ReadinessReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuppressionsTest {
  @TempDir
  Path dir;

  private final ReadinessReport report = SampleReports.current();
  private final CheckResult threshold = SampleReports.byId(report, "governance.multisig-threshold");
  private final CheckResult fee = SampleReports.byId(report, "config.platform-fee-cap");
  private final CheckResult verified = SampleReports.byId(report, "program.verified-build");

  private Path file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  private String yaml() {
    return """
        version: 1
        suppressions:
          - fingerprint: "%s"
            checkId: governance.multisig-threshold
            reason: "Threshold goes to 2-of-3 with the March key ceremony (OPS-112)"
            owner: alice@example.com
            expires: 2026-03-31
          - fingerprint: "%s"
            reason: Fee cap accepted for the launch week
            owner: bob@example.com
            expires: 2026-02-28
          - fingerprint: "%s"
            reason: Was failing last month
            owner: carol@example.com
            expires: 2026-12-31
          - fingerprint: "0123456789abcdef0123456789abcdef"
            checkId: mint.freeze-authority
            reason: Old mint
            owner: dan@example.com
            expires: 2026-12-31
        """.formatted(threshold.fingerprint(), fee.fingerprint(), verified.fingerprint());
  }

  @Test
  void loadsYamlWithSourceLines() throws IOException {
    Path p = file("suppressions.yaml", yaml());
    Suppressions s = Suppressions.load(p);
    assertEquals(4, s.entries().size());
    Suppression first = s.entries().getFirst();
    assertEquals(threshold.fingerprint(), first.fingerprint());
    assertEquals(Optional.of("governance.multisig-threshold"), first.checkId());
    assertEquals(LocalDate.of(2026, 3, 31), first.expires());
    assertEquals(p + ":3", first.source());
    assertEquals(p + ":8", s.entries().get(1).source());
    assertEquals(Optional.empty(), s.entries().get(1).checkId());
  }

  @Test
  void loadsJson() throws IOException {
    Path p = file("s.json", """
        {"suppressions": [
          {"fingerprint": "%s", "reason": "r", "owner": "o", "expires": "2026-03-31"}
        ]}""".formatted(fee.fingerprint()));
    Suppressions s = Suppressions.load(p);
    assertEquals(fee.fingerprint(), s.entries().getFirst().fingerprint());
    assertEquals(p + ":2", s.entries().getFirst().source());
  }

  @Test
  void appliesActiveExpiredUnusedAndMismatched() throws IOException {
    SuppressionOutcome out = Suppressions.load(file("s.yaml", yaml()))
        .apply(report, LocalDate.of(2026, 3, 2));
    GatedResult t = out.results().get(report.results().indexOf(threshold));
    assertInstanceOf(SuppressionState.Active.class, t.suppression());
    assertTrue(t.suppressed());
    GatedResult f = out.results().get(report.results().indexOf(fee));
    assertInstanceOf(SuppressionState.Expired.class, f.suppression());
    // A PASS is never suppressed: the entry for it is unused.
    GatedResult v = out.results().get(report.results().indexOf(verified));
    assertInstanceOf(SuppressionState.None.class, v.suppression());
    assertEquals(List.of(threshold), out.suppressed().stream().map(GatedResult::result).toList());

    List<SuppressionWarning.Kind> kinds = out.warnings().stream().map(SuppressionWarning::kind)
        .toList();
    assertEquals(List.of(SuppressionWarning.Kind.EXPIRED, SuppressionWarning.Kind.UNUSED,
        SuppressionWarning.Kind.UNUSED), kinds);
    assertTrue(out.warnings().getFirst().message().contains("expired on 2026-02-28"),
        out.warnings().getFirst().message());
    assertTrue(out.warnings().get(1).message().contains(verified.fingerprint()));
  }

  @Test
  void expiryDayItselfStillApplies() throws IOException {
    Suppressions s = Suppressions.load(file("s.yaml", yaml()));
    int idx = report.results().indexOf(threshold);
    assertTrue(s.apply(report, LocalDate.of(2026, 3, 31)).result(idx).suppressed());
    assertInstanceOf(SuppressionState.Expired.class,
        s.apply(report, LocalDate.of(2026, 4, 1)).result(idx).suppression());
  }

  @Test
  void checkIdMismatchIsNotAppliedAndWarned() throws IOException {
    Path p = file("s.yaml", """
        suppressions:
          - fingerprint: "%s"
            checkId: program.upgrade-authority
            reason: wrong id
            owner: eve@example.com
            expires: 2027-01-01
        """.formatted(threshold.fingerprint()));
    SuppressionOutcome out = Suppressions.load(p).apply(report, LocalDate.of(2026, 3, 2));
    assertTrue(out.suppressed().isEmpty());
    assertEquals(1, out.warnings().size());
    assertEquals(SuppressionWarning.Kind.CHECK_MISMATCH, out.warnings().getFirst().kind());
    assertTrue(out.warnings().getFirst().message().contains("governance.multisig-threshold"));
  }

  @Test
  void errorsNameFileLineAndField() throws IOException {
    assertError("""
        suppressions:
          - fingerprint: "0123456789abcdef0123456789abcdef"
            reason: r
            owner: o
            expires: 31/03/2026
        """, ":5: suppressions[0].expires '31/03/2026' is not an ISO date");
    assertError("""
        suppressions:
          - fingerprint: "0123456789abcdef0123456789abcdef"
            reason: r
            expires: 2026-03-31
        """, ":2: suppressions[0].owner is missing");
    assertError("""
        suppressions:
          - fingerprint: "0123456789abcdef0123456789abcdef"
            reason: r
            owner: o
            expires: 2026-03-31
          - fingerprint: xyz
            reason: r
            owner: o
            expires: 2026-03-31
        """, ":6: suppressions[1].fingerprint 'xyz' is not a fingerprint");
    assertError("""
        suppressions:
          - fingerprint: "0123456789abcdef0123456789abcdef"
            reason: r
            owner: o
            expiry: 2026-03-31
        """, ":5: suppressions[0].expiry is not a known field");
    assertError("""
        suppressions:
          - fingerprint: "0123456789abcdef0123456789abcdef"
            reason: r
            owner: o
            expires: 2026-03-31
          - fingerprint: "0123456789ABCDEF0123456789ABCDEF"
            reason: r2
            owner: o2
            expires: 2026-03-31
        """, ":6: fingerprint 0123456789abcdef0123456789abcdef is already suppressed at ");
    assertError("suppressions: [\n  {fingerprint: \"a\", reason: r\n", ": not valid YAML");
    assertError("- just a list\n", ":1: the file must be an object");
  }

  private void assertError(String content, String expected) throws IOException {
    Path p = file("bad.yaml", content);
    PreflightException e = assertThrows(PreflightException.class, () -> Suppressions.load(p));
    assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void missingFileSaysWhatToDo() {
    PreflightException e = assertThrows(PreflightException.class,
        () -> Suppressions.load(dir.resolve("none.yaml")));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void emptyFileSuppressesNothing() throws IOException {
    Suppressions s = Suppressions.load(file("empty.yaml", "# nothing yet\n"));
    assertTrue(s.entries().isEmpty());
    SuppressionOutcome out = s.apply(report, LocalDate.of(2026, 3, 2));
    assertEquals(report.results().size(), out.results().size());
    assertTrue(out.warnings().isEmpty());
  }
}
