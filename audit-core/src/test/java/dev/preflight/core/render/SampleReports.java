package dev.preflight.core.render;

import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.check.Measurement;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.vocabulary.ItemStatus;
import dev.preflight.core.vocabulary.Hashing;
import dev.preflight.core.cluster.RpcStats;
import dev.preflight.core.report.ReadinessReport;
import dev.preflight.core.report.ReadinessReport.ClusterKind;
import dev.preflight.core.report.ReadinessReport.Kind;
import dev.preflight.core.snapshot.AccountRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.sava.core.accounts.PublicKey;

/**
 * Report values for the renderer and gate tests: four cluster kinds (one unreachable), every
 * outcome, fuzz and wiring results with reproducers, compute-unit evidence, and hostile strings in
 * messages and evidence, as a compromised account or a malicious IDL could put them there.
 */
public final class SampleReports {
  public static final String MAINNET_GENESIS = "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d";
  public static final String DEVNET_GENESIS = "EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG";
  public static final String LOCAL_GENESIS = key("localnet-genesis");
  public static final String PROGRAM = key("escrow-program");
  public static final String PROGRAM_DATA = key("escrow-programdata");
  public static final String DEPLOYER = key("deployer-hot-key");
  public static final String MULTISIG = key("squads-multisig");
  public static final String CONFIG = key("global-config");
  public static final String MINT = key("sale-mint");
  public static final String LOADER = "BPFLoaderUpgradeab1e11111111111111111111111";
  public static final String SQUADS = "SQDS4ep65T869zMMBKyuUq6aD6EgTu8psMjkvj52pCf";
  public static final String TOKEN_2022 = "TokenzQdBNbLqP5VEhdkAS6EN5jvWwzAqGgC4aTPZ4UqqQ";

  /** Rendered by a browser, each must show as text and change nothing. */
  public static final String SCRIPT = "<script>document.title='pwned';alert(1)</script>";
  public static final String IMG = "<img src=x onerror=\"document.title='pwned'\">";
  public static final String MARKDOWN = "**bold** [click](javascript:alert(1)) | pipe `tick` <b>x</b>";
  public static final String EXTERNAL = "<img src=\"http://attacker.invalid/beacon.png\">"
      + "<link rel=stylesheet href=\"http://attacker.invalid/x.css\">";

  private SampleReports() {}

  /** A deterministic, valid-looking public key from a label. */
  public static String key(String label) {
    byte[] h = Hashing.sha256Hex(label.getBytes(StandardCharsets.UTF_8))
        .substring(0, 64).getBytes(StandardCharsets.US_ASCII);
    byte[] raw = new byte[32];
    for (int i = 0; i < 32; i++) {
      raw[i] = (byte) Integer.parseInt(new String(h, 2 * i, 2, StandardCharsets.US_ASCII), 16);
    }
    return PublicKey.createPubKey(raw).toBase58();
  }

  public static final CheckInfo UPGRADE = info("program.upgrade-authority",
      "Upgrade authority is a multisig", Severity.HIGH, List.of("1.3.1"),
      "A single hot key that can upgrade the program can replace its code at any time.",
      "Transfer the upgrade authority to the Squads vault: solana program set-upgrade-authority.");
  public static final CheckInfo THRESHOLD = info("governance.multisig-threshold",
      "Multisig threshold is at least 2", Severity.CRITICAL, List.of("1.3.1"),
      "A 1-of-n multisig is a single key with extra steps.",
      "Raise the threshold with a config transaction.");
  public static final CheckInfo FEE = info("config.platform-fee-cap",
      "Platform fee is at most 10%", Severity.MEDIUM, List.of("sec.bounds"),
      "The seed caps the platform fee at 1000 basis points.",
      "Set platform_fee_bps <= 1000 in GlobalConfig.");
  public static final CheckInfo FAILRATE = info("ops.failure-rate",
      "Transaction failure rate", Severity.HIGH, List.of("3.1.2"),
      "A rising failure rate is the first sign of an attack or a broken client.",
      "Investigate failing transactions.");
  public static final CheckInfo VERIFIED = info("program.verified-build",
      "Deployed binary matches the source", Severity.HIGH, List.of("4.1.3"),
      "Auditors reviewed source; users run the deployed bytes.",
      "Rebuild reproducibly and redeploy.");
  public static final CheckInfo FREEZE = info("mint.freeze-authority",
      "Mint has no freeze authority", Severity.MEDIUM, List.of(),
      "A freeze authority can lock every holder's tokens.", "Revoke the freeze authority.");
  public static final CheckInfo DOCS = info("docs.security-practices",
      "Security best practices guide", Severity.LOW, List.of("3.3.3"),
      "Integrators need to know the trust assumptions.", "Write and attest the guide.");
  public static final CheckInfo AUDIT = info("audit.professional",
      "Professional security audit", Severity.CRITICAL, List.of("1.1.4"),
      "An independent audit finds what the team cannot.", "Engage an audit firm.");
  public static final CheckInfo FUZZ = info("fuzz.buy-tokens",
      "buy_tokens survives fuzzing", Severity.HIGH, List.of("1.2.3"),
      "Arithmetic on user input must not overflow.", "Use checked arithmetic in buy_tokens.");
  public static final CheckInfo WIRING = info("wiring.emergency-stop",
      "Emergency stop halts buy_tokens", Severity.HIGH, List.of("1.3.4"),
      "A stop flag that no instruction reads stops nothing.",
      "Check GlobalConfig.emergency_stop at the top of every state-changing instruction.");
  public static final CheckInfo CU = info("ops.compute-units",
      "Compute units within budget", Severity.MEDIUM, List.of("2.2.3"),
      "Instructions near the 200k limit fail under load.", "Optimise the hot paths.");
  public static final CheckInfo SECTXT = info("program.security-txt",
      "security.txt is embedded", Severity.LOW, List.of("3.3.3"),
      "Researchers need a way to reach the team.", "Embed security.txt with solana-security-txt.");
  public static final CheckInfo RPC = info("cluster.reachable",
      "Cluster is reachable", Severity.HIGH, List.of(),
      "No evidence can be read from a cluster that does not answer.",
      "Check the RPC URL and its API key.");

  public static List<CheckInfo> catalog() {
    return List.of(UPGRADE, THRESHOLD, FEE, FAILRATE, VERIFIED, FREEZE, DOCS, AUDIT, FUZZ, WIRING,
        CU, SECTXT, RPC);
  }

  private static CheckInfo info(String id, String title, Severity s, List<String> checklist,
                                String rationale, String remediation) {
    return new CheckInfo(id, title, s, checklist, rationale, remediation,
        List.of("https://solana.com/docs/programs/deploying"));
  }

  static Evidence account(String cluster, String genesis, long slot, String address, String owner,
                          long length, String field, String value) {
    return new Evidence(Optional.of(cluster), Optional.of(genesis), OptionalLong.of(slot),
        Optional.of(address), Optional.of(owner), OptionalLong.of(length),
        Optional.of(Hashing.sha256Hex((address + field).getBytes(StandardCharsets.UTF_8))),
        field, value);
  }

  public static List<CheckResult> results() {
    List<CheckResult> r = new ArrayList<>();
    r.add(UPGRADE.fail("The upgrade authority is a single key, " + DEPLOYER + ", not the Squads "
            + "vault.")
        .evidence(account("mainnet", MAINNET_GENESIS, 318_204_551L, PROGRAM_DATA, LOADER, 261_445,
            "upgradeAuthority", DEPLOYER)).build());
    r.add(THRESHOLD.fail("Multisig threshold is 1 of 3.")
        .evidence(account("mainnet", MAINNET_GENESIS, 318_204_551L, MULTISIG, SQUADS, 1_212,
            "threshold", "1"))
        .evidence(account("mainnet", MAINNET_GENESIS, 318_204_551L, MULTISIG, SQUADS, 1_212,
            "members", "3")).build());
    r.add(FEE.fail("platform_fee_bps is 1500, above the cap of 1000.")
        .evidence(account("mainnet", MAINNET_GENESIS, 318_204_551L, CONFIG, PROGRAM, 82,
            "GlobalConfig.platform_fee_bps", "1500")).build());
    r.add(FAILRATE.inconclusive("getSignaturesForAddress failed on devnet after 4 attempts: HTTP "
            + "429 Too Many Requests")
        .subject(PROGRAM, "failureRate").genesisHash(DEVNET_GENESIS)
        .evidence(new Evidence(Optional.of("devnet"), Optional.of(DEVNET_GENESIS),
            OptionalLong.of(402_117_930L), Optional.empty(), Optional.empty(), OptionalLong.empty(),
            Optional.empty(), "rpc.error", "HTTP 429 Too Many Requests")).build());
    r.add(VERIFIED.pass("The deployed program hash matches the local build.")
        .evidence(account("mainnet", MAINNET_GENESIS, 318_204_551L, PROGRAM_DATA, LOADER, 261_445,
            "programHash", "9c1f0d5a0e3b5b8f6f2e7d13d1a1c9e2b4a6f8d0c2e4a6b8d0f1a3c5e7092b4d"))
        .build());
    r.add(FREEZE.notApplicable("The sale mint is not on this cluster's policy.").build());
    r.add(DOCS.result(Outcome.MANUAL, "Needs an attestation: no security guide was attested.")
        .build());
    r.add(AUDIT.result(Outcome.ATTESTED, "Attested by Dana Auditor on 2026-02-14.")
        .evidence(Evidence.file("docs/audit/otter-report.pdf", 1_482_113,
            "0f6d3c8e2b7a4f1e9d0c5b6a7f8e9d0c1b2a3f4e5d6c7b8a9f0e1d2c3b4a5f60", "attestation",
            "Dana Auditor, 2026-02-14")).build());
    r.add(FUZZ.fail("buy_tokens panicked with arithmetic overflow after 1,842 cases.")
        .evidence(account("localnet", LOCAL_GENESIS, 1_204L, CONFIG, PROGRAM, 82,
            "GlobalConfig.total_sold", "18446744073709551615"))
        .evidence(Evidence.note("reproducer.seed", "0x5eed00c0ffee"))
        .evidence(Evidence.note("reproducer.instruction",
            "buy_tokens { amount: 18446744073709551615, max_price: 1 }"))
        .evidence(Evidence.note("reproducer.command",
            "./mvnw preflight:fuzz -Dpreflight.fuzz.seed=0x5eed00c0ffee -Dpreflight.fuzz.case=1842"))
        .build());
    r.add(WIRING.pass("With emergency_stop set, buy_tokens fails with EmergencyStop (6010).")
        .evidence(account("localnet", LOCAL_GENESIS, 1_377L, CONFIG, PROGRAM, 82,
            "GlobalConfig.emergency_stop", "true")).build());
    r.add(CU.pass("Every instruction stays within its compute budget but one.")
        .subject(PROGRAM, "computeUnits")
        .evidence(Evidence.note("initialize_sale", "12450 CU (budget 20000)")
            .with(Measurement.computeUnits(12_450, OptionalLong.of(20_000))))
        .evidence(Evidence.note("buy_tokens", "31200 CU (budget 30000)")
            .with(Measurement.computeUnits(31_200, OptionalLong.of(30_000))))
        .evidence(Evidence.note("emergency_stop", "2210 CU")
            .with(Measurement.computeUnits(2_210, OptionalLong.empty()))).build());
    r.add(SECTXT.fail("security.txt contact is " + SCRIPT + " " + IMG)
        .evidence(account("devnet", DEVNET_GENESIS, 402_117_930L, PROGRAM_DATA, LOADER, 261_445,
            "securityTxt.contacts" + MARKDOWN, IMG + "\u0000\u0007 line\nbreak " + EXTERNAL))
        .build());
    r.add(RPC.inconclusive("Cluster staging could not be read: connect timed out")
        .subject("staging", "cluster").build());
    return r;
  }

  public static List<ReadinessReport.ClusterInfo> clusters() {
    return List.of(
        new ReadinessReport.ClusterInfo("mainnet", ClusterKind.MAINNET_BETA,
            "https://api.mainnet-beta.solana.com", MAINNET_GENESIS, 318_204_551L, Optional.empty()),
        new ReadinessReport.ClusterInfo("devnet", ClusterKind.DEVNET, "https://api.devnet.solana.com",
            DEVNET_GENESIS, 402_117_930L, Optional.empty()),
        new ReadinessReport.ClusterInfo("localnet", ClusterKind.LOCALNET, "http://127.0.0.1:8899",
            LOCAL_GENESIS, 1_377L, Optional.empty()),
        new ReadinessReport.ClusterInfo("staging", ClusterKind.CUSTOM, "https://rpc.staging.invalid", "", 0L,
            Optional.of("connect timed out")));
  }

  public static List<ReadinessReport.ItemStatus> checklist() {
    return List.of(
        item("1.1.4", "1.1 Professional Security Audit", "Obtain security audit report",
            ItemStatus.SATISFIED, List.of("audit.professional")),
        item("1.2.3", "1.2 Code Review & Analysis", "Fuzzing tests for edge cases", ItemStatus.FAILED,
            List.of("fuzz.buy-tokens")),
        item("1.3.1", "1.3 Access Control Hardening", "Implement multi-signature for admin "
            + "functions", ItemStatus.FAILED, List.of("program.upgrade-authority",
            "governance.multisig-threshold")),
        item("1.3.4", "1.3 Access Control Hardening", "Implement emergency stop mechanisms",
            ItemStatus.SATISFIED, List.of("wiring.emergency-stop")),
        item("2.2.3", "2.2 Mainnet Testing", "Monitor gas costs and performance", ItemStatus.SATISFIED,
            List.of("ops.compute-units")),
        item("3.1.2", "3.1 Monitoring & Alerting", "Transaction failure rate monitoring",
            ItemStatus.INCONCLUSIVE, List.of("ops.failure-rate")),
        item("3.3.3", "3.3 Documentation", "Security best practices guide " + SCRIPT, ItemStatus.MANUAL,
            List.of("docs.security-practices", "program.security-txt")),
        item("4.1.3", "4.1 Mainnet Deployment", "Verify deployments on explorers", ItemStatus.SATISFIED,
            List.of("program.verified-build")));
  }

  private static ReadinessReport.ItemStatus item(String id, String group, String text,
                                                 ItemStatus status, List<String> checks) {
    return new ReadinessReport.ItemStatus(id, group, text, status, checks,
        status == ItemStatus.SATISFIED ? "" : "see " + checks.getFirst());
  }

  public static List<ReadinessReport.Readiness> readiness() {
    return List.of(
        new ReadinessReport.Readiness("phase-1", "Phase 1: Security & Audit", Kind.PHASE, 4, 12),
        new ReadinessReport.Readiness("phase-2", "Phase 2: Testing & QA", Kind.PHASE, 5, 12),
        new ReadinessReport.Readiness("phase-3", "Phase 3: Infrastructure & Monitoring", Kind.PHASE,
            3, 12),
        new ReadinessReport.Readiness("phase-4", "Phase 4: Deployment & Operations", Kind.PHASE, 8,
            8),
        new ReadinessReport.Readiness("1.3", "Access Control Hardening", Kind.SECTION, 1, 4),
        new ReadinessReport.Readiness("criteria.audit", "Security audit completed", Kind.CRITERION, 1,
            1),
        new ReadinessReport.Readiness("criteria.coverage", ">95% test coverage", Kind.CRITERION, 0,
            1),
        new ReadinessReport.Readiness("criteria.multisig", "Multi-signature implemented",
            Kind.CRITERION, 0, 2),
        new ReadinessReport.Readiness("criteria.monitoring", "Monitoring in place", Kind.CRITERION,
            1, 2),
        new ReadinessReport.Readiness("criteria.emergency", "Emergency procedures tested",
            Kind.CRITERION, 1, 1),
        new ReadinessReport.Readiness("criteria.docs", "Documentation complete", Kind.CRITERION, 0,
            4),
        new ReadinessReport.Readiness("criteria.mainnet", "Mainnet testing successful",
            Kind.CRITERION, 2, 3));
  }

  public static ReadinessReport current() {
    Map<String, Long> by = new LinkedHashMap<>();
    by.put("getMultipleAccounts", 6L);
    by.put("getSlot", 4L);
    by.put("getGenesisHash", 4L);
    by.put("getSignaturesForAddress", 5L);
    return new ReadinessReport("0.1.0-SNAPSHOT", Instant.parse("2026-03-02T10:15:30Z"),
        new ReadinessReport.Target("token-sale-escrow", PROGRAM, true, "preflight.yaml"),
        clusters(), results(), checklist(), readiness(),
        new RpcStats.Snapshot(19, by, 4, 1, 3));
  }

  /**
   * An earlier run: the fee cap was already failing (so it is unchanged), the failure rate failed
   * instead of being inconclusive (changed), a since-fixed finding existed (resolved), and the
   * upgrade-authority and fuzz findings did not exist yet (new).
   */
  public static ReadinessReport previous() {
    List<CheckResult> was = new ArrayList<>();
    for (CheckResult r : results()) {
      switch (r.checkId()) {
        case "program.upgrade-authority" -> was.add(with(r, Outcome.PASS, r.severity()));
        case "fuzz.buy-tokens" -> { }
        case "ops.failure-rate" -> was.add(with(r, Outcome.FAIL, Severity.MEDIUM));
        default -> was.add(r);
      }
    }
    was.add(FREEZE.fail("The sale mint has a freeze authority.")
        .evidence(account("mainnet", MAINNET_GENESIS, 318_100_000L, MINT, TOKEN_2022, 250,
            "freezeAuthority", DEPLOYER)).build());
    return new ReadinessReport("0.0.9", Instant.parse("2026-02-20T08:00:00Z"),
        current().target(), clusters(), was, checklist(), readiness(), RpcStats.Snapshot.empty());
  }

  static CheckResult with(CheckResult r, Outcome o, Severity s) {
    return new CheckResult(r.checkId(), r.title(), o, s, r.message(), r.evidence(), r.checklist(),
        r.fingerprint(), r.remediation(), r.subject());
  }

  public static CheckResult byId(ReadinessReport report, String checkId) {
    return report.results(checkId).getFirst();
  }
}
