package dev.preflight.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.PreflightException;
import dev.preflight.core.vocabulary.Severity;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the goals' parameters become an audit request, and the messages for bad ones. */
class MojoRequestTest {

  private static CheckMojo mojo() {
    CheckMojo m = new CheckMojo();
    m.policy = new File("/p/preflight.yaml");
    m.outputDirectory = new File("/p/target/preflight");
    m.failOnSeverity = "high";
    return m;
  }

  @Test
  void noValidatorReadsTheClustersAsWritten() {
    AuditRun.Request r = mojo().request();
    assertInstanceOf(AuditRun.AsWritten.class, r.chain());
    assertEquals(Path.of("/p/preflight.yaml"), r.policyFile());
    assertEquals(Severity.HIGH, r.failOnSeverity());
    assertEquals(Optional.empty(), r.failOnInconclusive());
    assertTrue(r.writeReports());
  }

  @Test
  void embeddedCarriesProgramsAndAccounts() {
    CheckMojo m = mojo();
    m.validator = "embedded";
    m.programs = List.of(new ProgramDeployment("Prog111", new File("/p/a.so"), " "));
    AccountFile a = new AccountFile();
    a.file = new File("/p/config.json");
    m.accounts = List.of(a);
    AuditRun.Embedded e = assertInstanceOf(AuditRun.Embedded.class, m.request().chain());
    assertEquals(List.of(new AuditRun.Program("Prog111", Path.of("/p/a.so"), Optional.empty())),
        e.programs());
    assertEquals(List.of(new AuditRun.Account("-", Path.of("/p/config.json"))), e.accounts());
  }

  @Test
  void aProgramMayBeDeployedUnderLoaderV4AndAnUnknownLoaderIsNamed() {
    CheckMojo m = mojo();
    m.validator = "embedded";
    ProgramDeployment v4 = new ProgramDeployment("Prog111", new File("/p/a.so"), "Auth111");
    v4.loader = "v4";
    ProgramDeployment plain = new ProgramDeployment("Prog222", new File("/p/b.so"), null);
    m.programs = List.of(v4, plain);
    AuditRun.Embedded e = assertInstanceOf(AuditRun.Embedded.class, m.request().chain());
    assertEquals(List.of(
        new AuditRun.Program("Prog111", Path.of("/p/a.so"), Optional.of("Auth111"), AuditRun.Loader.V4),
        new AuditRun.Program("Prog222", Path.of("/p/b.so"), Optional.empty(), AuditRun.Loader.UPGRADEABLE)),
        e.programs());

    plain.loader = "v3";
    var error = assertThrows(PreflightException.class, m::request);
    assertTrue(error.getMessage().contains("programs[1] has <loader>v3</loader>; use upgradeable"),
        error.getMessage());
  }

  @Test
  void aUrlRedirectsTheClusters() {
    CheckMojo m = mojo();
    m.validator = "http://127.0.0.1:8899";
    m.cluster = "devnet";
    AuditRun.Request r = m.request();
    assertEquals(new AuditRun.Url(URI.create("http://127.0.0.1:8899")), r.chain());
    assertEquals(Optional.of("devnet"), r.cluster());
  }

  @Test
  void aSnapshotWinsOverTheValidator() {
    CheckMojo m = mojo();
    m.validator = "embedded";
    m.snapshot = new File("/p/snap.json");
    m.now = "2026-03-01T00:00:00Z";
    AuditRun.Request r = m.request();
    assertEquals(new AuditRun.Offline(Path.of("/p/snap.json")), r.chain());
    assertEquals(Optional.of(Instant.parse("2026-03-01T00:00:00Z")), r.fixedClock());
  }

  @Test
  void badValuesSayWhatToWrite() {
    CheckMojo m = mojo();
    m.validator = "ftp://host";
    assertTrue(assertThrows(PreflightException.class, m::request).getMessage()
        .contains("neither 'embedded' nor an http(s) URL"));
    m.validator = null;
    m.now = "yesterday";
    assertTrue(assertThrows(PreflightException.class, m::request).getMessage()
        .contains("like 2026-03-01T00:00:00Z"));
    m.now = null;
    m.failOnSeverity = "severe";
    assertTrue(assertThrows(PreflightException.class, m::request).getMessage()
        .contains("info, low, medium, high, critical"));
    m.failOnSeverity = "high";
    m.validator = "embedded";
    m.programs = List.of(new ProgramDeployment(null, new File("/p/a.so"), null));
    assertTrue(assertThrows(PreflightException.class, m::request).getMessage()
        .contains("programs[0] needs an <id>"));
  }

  @Test
  void withoutAProjectDefaultsAreTheWorkingDirectory() {
    ReportMojo m = new ReportMojo();
    m.policy = new File("${project.basedir}/preflight.yaml");
    m.outputDirectory = new File("${project.build.directory}/preflight");
    m.basedir = new File("${project.basedir}");
    m.executionRoot = "/work/audit";
    m.failOnSeverity = "high";
    AuditRun.Request r = m.request();
    assertEquals(Path.of("/work/audit/preflight.yaml"), r.policyFile());
    assertEquals(Path.of("/work/audit/target/preflight"), r.outputDir());
  }

  @Test
  void theSiteReportWritesIntoTheSiteWhateverOutputDirectorySays() {
    SiteReportMojo m = new SiteReportMojo();
    m.policy = new File("/p/preflight.yaml");
    m.outputDirectory = new File("/p/target/preflight");
    m.failOnSeverity = "high";
    m.setReportOutputDirectory(new File("/p/target/site"));
    AuditRun.Request r = m.request();
    assertEquals(Path.of("/p/target/site/preflight"), r.outputDir());
    assertTrue(r.writeReports());
  }

  @Test
  void aBooleanIsTrueOrFalseAndNothingElse() {
    CheckMojo m = mojo();
    m.failOnInconclusive = "TRUE";
    assertEquals(Optional.of(true), m.request().failOnInconclusive());
    m.failOnInconclusive = "false";
    assertEquals(Optional.of(false), m.request().failOnInconclusive());
    m.failOnInconclusive = "yes";
    m.failOnSeverity = "severe";
    String message = assertThrows(PreflightException.class, m::request).getMessage();
    // Both mistakes in one message, each with the values it accepts.
    assertTrue(message.contains("preflight.failOnInconclusive: 'yes' is not a boolean; accepted "
        + "values: true, false."), message);
    assertTrue(message.contains("info, low, medium, high, critical"), message);
  }

  @Test
  void sourceDateEpochPinsTheClockUnlessNowIsGiven() {
    CheckMojo m = mojo();
    m.environment = name -> "SOURCE_DATE_EPOCH".equals(name) ? "1772323200" : null;
    assertEquals(Optional.of(Instant.parse("2026-03-01T00:00:00Z")), m.request().fixedClock());
    m.now = "2026-04-01T00:00:00Z";
    assertEquals(Optional.of(Instant.parse("2026-04-01T00:00:00Z")), m.request().fixedClock());
    m.now = null;
    m.environment = name -> "SOURCE_DATE_EPOCH".equals(name) ? "last tuesday" : null;
    assertTrue(assertThrows(PreflightException.class, m::request).getMessage()
        .contains("SOURCE_DATE_EPOCH 'last tuesday' is not a number of seconds"));
    m.environment = name -> null;
    assertEquals(Optional.empty(), m.request().fixedClock());
  }

  @Test
  void credentialsInTheValidatorUrlNeverReachAMessage() {
    CheckMojo m = mojo();
    m.validator = "ftp://auditor:s3cret@host";
    String message = assertThrows(PreflightException.class, m::request).getMessage();
    assertTrue(!message.contains("s3cret") && !message.contains("auditor"), message);
  }
}
