package dev.preflight.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.policy.Policy.ConfigRule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {
  private static final String HEAD = """
      project: demo
      clusters:
        - name: devnet
          url: https://api.devnet.solana.com
      program:
        id: SQDS4ep65T869zMMBKyuUq6aD6EgTu8psMjkvj52pCf
      """;

  private final PolicyLoader loader = new PolicyLoader(
      name -> Optional.ofNullable(Map.of("PREFLIGHT_TEST_RPC_KEY", "s3cret").get(name)));

  private static String resource(String name) throws IOException {
    try (InputStream in = PolicyLoaderTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private List<String> problems(String yaml) {
    PolicyException e = assertThrows(PolicyException.class,
        () -> loader.parse(yaml, Path.of("preflight.yaml")));
    return e.problems().stream().map(SourceProblem::render).toList();
  }

  @Test
  void fullPolicyMapsEverySection(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("preflight.yaml");
    Files.writeString(file, resource("full-policy.yaml"));
    Policy p = loader.load(file);

    assertEquals(file, p.source());
    assertEquals("token-sale-escrow", p.project());
    assertTrue(p.mainnet());
    assertEquals(2, p.clusters().size());
    assertEquals("https://mainnet.example-rpc.com/?api-key=s3cret", p.primaryCluster().url());
    assertEquals("https://mainnet.example-rpc.com?…", p.primaryCluster().displayUrl());
    assertEquals("mainnet-beta", p.primaryCluster().kind());
    assertEquals(Optional.of("EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG"),
        p.clusters().get(1).expectedGenesisHash());

    assertEquals("SQDS4ep65T869zMMBKyuUq6aD6EgTu8psMjkvj52pCf", p.program().id());
    assertEquals(Optional.of(dir.resolve("target/idl/escrow.json")), p.program().idl());
    assertEquals(Optional.of(dir.resolve("target/deploy/escrow.so")), p.program().localSo());
    assertEquals(Optional.empty(), p.program().expectedHash());
    assertTrue(p.program().requireSecurityTxt(), "mainnet makes security.txt required");

    Policy.Governance g = p.governance().orElseThrow();
    assertEquals("squads-v4", g.kind());
    assertEquals(1, g.vaultIndex());
    assertEquals(3, g.minThreshold());
    assertEquals(5, g.minMembers());
    assertEquals(48 * 3600, g.minTimelockSeconds());
    assertTrue(g.allowConfigAuthority());

    // the project's own rules, then the preset's, one per role; the preset's ids and their
    // metadata are declared once, by the check that evaluates them (ConfigRulesCheck, whose test
    // in the checks module compares the two), so they carry none here
    List<ConfigRule> own = p.rules().stream().filter(r -> r.preset().isEmpty()).toList();
    List<ConfigRule> preset = p.rules().stream().filter(r -> r.preset().isPresent()).toList();
    assertEquals(List.of("config.max-buyers", "config.payment-mint"),
        own.stream().map(ConfigRule::id).toList());
    assertEquals(TokenSaleEscrowPreset.ROLES.size(), preset.size());
    assertTrue(preset.stream().allMatch(r -> r.preset().get().equals(TokenSaleEscrowPreset.NAME)
        && r.own().isEmpty()), preset.toString());
    assertEquals(p.rules(), java.util.stream.Stream.concat(own.stream(), preset.stream()).toList());
    ConfigRule buyers = p.rules().getFirst();
    assertEquals(List.of("string:config", "u8:1"), buyers.account().seeds());
    assertEquals("max_buyers >= 1 && max_buyers <= 10000", buyers.expr().text(),
        "field/op/values is translated to CEL");
    assertEquals(List.of("max_buyers"), buyers.fields());
    assertEquals(Severity.LOW, buyers.own().orElseThrow().severity());
    assertEquals(List.of("p2.3.concurrent-buyers"), buyers.own().orElseThrow().checklist());
    ConfigRule mint = p.rules().get(1);
    assertEquals("config.payment-mint", mint.own().orElseThrow().title(),
        "title defaults to the id");
    assertEquals(Severity.MEDIUM, mint.own().orElseThrow().severity());
    assertEquals("(payment_mint in [\"EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v\", "
        + "\"So11111111111111111111111111111111111111112\"]) && (price_per_token > 0)",
        mint.expr().text());
    assertEquals(List.of("payment_mint", "price_per_token"), mint.fields());
    assertEquals(Optional.of("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"),
        mint.account().address());

    assertEquals(1, p.mints().size());
    assertEquals("payment", p.mints().getFirst().role());

    Policy.Ops ops = p.ops().orElseThrow();
    assertEquals(250, ops.transactions());
    assertEquals(0.005, ops.maxFailureRate());
    assertEquals(2_000_000, ops.maxAverageFeeLamports());
    assertEquals(60_000, ops.budgetFor("buy_tokens").getAsLong());
    assertEquals(200_000, ops.budgetFor("cancel_sale").getAsLong());

    Policy.EvidenceFiles ev = p.evidence().orElseThrow();
    assertEquals(Optional.of(dir.resolve("target/site/jacoco/jacoco.xml")), ev.coverageReport());
    assertEquals(97.5, ev.minCoverage());
    assertEquals(dir.resolve("ops/playbook.md"), ev.documents().get("playbook"));
    assertEquals(5, ev.documents().size());

    Policy.Attestation a = p.attestations().getFirst();
    assertEquals("p1.1.audit-report", a.item());
    assertEquals(dir.resolve("audits/otter-2026.pdf"), a.evidence());
    assertEquals("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", a.sha256());
    assertEquals(LocalDate.of(2026, 1, 31), a.date());
    assertEquals("audits/otter-2026.pdf", a.declaredAs());

    assertEquals(Severity.HIGH, p.severityFor("evidence.documents").orElseThrow());
    assertEquals(Severity.INFO, p.severityFor("ops.fee-cost").orElseThrow());
    assertEquals(42, p.extension("fuzz").orElseThrow().path("seed").asInt());
    assertEquals("Escrow readiness", p.extension("report").orElseThrow().path("title").asText());
  }

  @Test
  void presetExpandsIntoRulesWithFixedIdsAndSeedLimits() throws IOException {
    Policy p = loader.parse(resource("full-policy.yaml"), Path.of("/work/app/preflight.yaml"));
    Map<String, ConfigRule> byId = p.rules().stream()
        .collect(java.util.stream.Collectors.toMap(ConfigRule::id, r -> r));

    ConfigRule fee = byId.get("config.fee-cap");
    assertEquals(Optional.of("token-sale-escrow"), fee.preset());
    assertEquals(List.of("string:config"), fee.account().seeds());
    assertEquals("platform_fee_bps <= 1000", fee.expr().text());
    assertEquals(Optional.empty(), fee.own(),
        "a preset supplies the condition; the check declares the id's metadata");

    ConfigRule dur = byId.get("config.duration-bounds");
    assertEquals("limits.min_sale_duration >= 3600 && limits.max_sale_duration <= 2592000",
        dur.expr().text());
    assertEquals(List.of("limits.min_sale_duration", "limits.max_sale_duration"), dur.fields());

    ConfigRule stop = byId.get("config.emergency-stop");
    assertEquals("has(global_config.emergency_stop) && emergency_stop == false",
        stop.expr().text());
    assertEquals(List.of("emergency_stop", "emergency_stop"), stop.fields(),
        "the fields as the conditions named them: results keep their fingerprints");

    ConfigRule breaker = byId.get("config.circuit-breaker");
    assertEquals("CircuitBreaker", breaker.account().type());
    assertEquals(List.of("string:breaker"), breaker.account().seeds());
    assertEquals("max_daily_volume > 0 && is_tripped == false", breaker.expr().text());

    ConfigRule admins = byId.get("config.admin-set");
    assertEquals("AdminConfig", admins.account().type());
    assertEquals("min_signatures >= 2 && min_signatures <= size(admins)", admins.expr().text());
    assertEquals(List.of("min_signatures", "min_signatures"), admins.fields());
    assertTrue(p.rules().stream().allMatch(r -> r.missing().isEmpty()));
  }

  @Test
  void unmappedPresetRoleBecomesAFailingRuleWithItsReason() {
    Policy p = loader.parse(HEAD + """
        presets:
          token-sale-escrow:
            account: {seeds: ["string:config"], type: GlobalConfig}
            fee: {bps: fee_bps, maxBps: 500}
            adminSet: {count: admin_count, threshold: threshold, minThreshold: 3}
            duration: {min: min_d, max: max_d, floor: 2h, ceiling: 7d}
        """, Path.of("preflight.yaml"));
    Map<String, ConfigRule> byId = p.rules().stream()
        .collect(java.util.stream.Collectors.toMap(ConfigRule::id, r -> r));
    assertEquals(5, byId.size());
    assertEquals("fee_bps <= 500", byId.get("config.fee-cap").expr().text());
    assertEquals("threshold >= 3 && threshold <= admin_count",
        byId.get("config.admin-set").expr().text());
    assertEquals("min_d >= 7200 && max_d <= 604800",
        byId.get("config.duration-bounds").expr().text());
    ConfigRule stop = byId.get("config.emergency-stop");
    assertTrue(stop.fields().isEmpty());
    assertTrue(stop.missing().orElseThrow().contains("presets.token-sale-escrow.emergencyStop"));
    assertTrue(byId.get("config.circuit-breaker").missing().isPresent());
  }

  @Test
  void aMainnetPolicyDefaultsToThePostIncidentBaseline() {
    Policy p = loader.parse("mainnet: true\n" + HEAD + """
        governance:
          multisig: {kind: squads-v4, address: TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA}
        """, Path.of("preflight.yaml"));
    assertTrue(p.mainnet());
    Policy.Governance g = p.governance().orElseThrow();
    assertEquals(PolicyLoader.MAINNET_MIN_THRESHOLD, g.minThreshold());
    assertEquals(3, g.minThreshold());
    assertEquals(3, g.minMembers());
    assertEquals(24 * 3600, g.minTimelockSeconds());
    // A mainnet policy may still lower them; the checks say so (ThresholdCheck, TimelockCheck).
    Policy lowered = loader.parse("mainnet: true\n" + HEAD + """
        governance:
          multisig: {kind: squads-v4, address: TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA}
          minThreshold: 2
          minTimelock: 1h
        """, Path.of("preflight.yaml"));
    assertEquals(2, lowered.governance().orElseThrow().minThreshold());
    assertEquals(3600, lowered.governance().orElseThrow().minTimelockSeconds());
  }

  @Test
  void defaultsFollowTheSeed() {
    Policy p = loader.parse(HEAD + """
        governance:
          multisig: {kind: spl-token, address: TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA}
        ops: {}
        evidence:
          coverage: {report: lcov.info}
        """, Path.of("preflight.yaml"));
    assertFalse(p.mainnet());
    assertFalse(p.program().requireSecurityTxt());
    assertEquals("custom", p.primaryCluster().kind());
    Policy.Governance g = p.governance().orElseThrow();
    assertEquals(2, g.minThreshold());
    assertEquals(3, g.minMembers());
    assertEquals(86_400, g.minTimelockSeconds());
    assertEquals(0, g.vaultIndex());
    Policy.Ops ops = p.ops().orElseThrow();
    assertEquals(100, ops.transactions());
    assertEquals(0.01, ops.maxFailureRate());
    assertEquals(10_000_000, ops.maxAverageFeeLamports());
    assertTrue(ops.budgetFor("x").isEmpty());
    assertEquals(95.0, p.evidence().orElseThrow().minCoverage());
  }

  @Test
  void typeErrorNamesFileLineColumnPathAndExpectation() {
    assertEquals(List.of("preflight.yaml:9:17 governance.minThreshold: expected an integer >= 1,"
            + " got \"two\""),
        problems(HEAD + """
            governance:
              multisig: {kind: squads-v4, address: TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA}
              minThreshold: two
            """));
  }

  @Test
  void everyProblemIsReportedInFileOrder() {
    List<String> ps = problems("""
        project: demo
        mainnet: yes please
        clusters:
          - name: devnet
            url: https://api.devnet.solana.com
            kind: devnett
        program:
          id: SQDS4ep65T869zMMBKyuUq6aD6EgTu8psMjkvj52pC0
        ops:
          maxFailureRate: 5
        """);
    assertEquals(List.of(
        "preflight.yaml:2:10 mainnet: expected true or false, got \"yes please\"",
        "preflight.yaml:6:11 clusters[0].kind: expected a cluster kind (one of mainnet-beta, "
            + "devnet, testnet, localnet, custom), got \"devnett\"; did you mean 'devnet'?",
        "preflight.yaml:8:7 program.id: expected a base58 public key (32 to 44 characters, no 0,"
            + " O, I or l), got \"SQDS4ep65T869zMMBKyuUq6aD6EgTu8psMjkvj52pC0\"",
        "preflight.yaml:10:19 ops.maxFailureRate: expected a fraction from 0 to 1 (0.01 = 1 %), "
            + "got 5"), ps);
  }

  @Test
  void unknownKeysSuggestTheClosestKnownKey() {
    List<String> ps = problems("""
        project: demo
        clusters: [{name: devnet, url: "https://api.devnet.solana.com"}]
        program: {id: SQDS4ep65T869zMMBKyuUq6aD6EgTu8psMjkvj52pCf}
        governance:
          multisig:
            {kind: squads-v4, address: TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA}
          minTreshold: 2
        evidnce:
          coverage: {}
        """);
    assertEquals(List.of(
        "preflight.yaml:7:3 governance.minTreshold: unknown key 'minTreshold'; did you mean "
            + "'minThreshold'?",
        "preflight.yaml:8:1 evidnce: unknown key 'evidnce'; did you mean 'evidence'?"), ps);
  }

  @Test
  void unknownKeyFarFromAnyListsTheKnownOnes() {
    List<String> ps = problems(HEAD + """
        ops:
          flux: 1
        """);
    assertEquals(List.of("preflight.yaml:8:3 ops.flux: unknown key 'flux'; expected one of: "
        + "computeBudget, maxAverageFee, maxFailureRate, transactions"), ps);
  }

  @Test
  void yamlSyntaxErrorsGiveLineAndColumn() {
    assertEquals(List.of("preflight.yaml:3:12 YAML syntax error: mapping values are not allowed "
        + "here; fix the indentation or quoting here"), problems("""
        project: demo
        clusters:
          - name: a: b
        """));
  }

  @Test
  void duplicateKeysAreErrors() {
    assertEquals(List.of("preflight.yaml:7:1 project: duplicate key 'project' (first given at "
        + "line 1); keep only one"), problems(HEAD + "project: again\n"));
  }

  @Test
  void missingRequiredKeysPointAtTheirParent() {
    assertEquals(List.of(
        "preflight.yaml:1:1 program: missing required key 'program'; expected a program mapping "
            + "with at least 'id'",
        "preflight.yaml:3:5 clusters[0].url: missing required key 'url'; expected an http(s) "
            + "JSON-RPC URL"),
        problems("""
            project: demo
            clusters:
              - name: devnet
            """));
  }

  @Test
  void unsetEnvironmentVariableIsReportedAtTheUrl() {
    assertEquals(List.of("preflight.yaml:4:10 clusters[0].url: environment variable "
        + "PREFLIGHT_UNSET_KEY is not set (the url reads ${env:PREFLIGHT_UNSET_KEY}); export "
        + "PREFLIGHT_UNSET_KEY before running, or write the URL without it"),
        problems("""
            project: demo
            clusters:
              - name: main
                url: https://rpc.example.com/${env:PREFLIGHT_UNSET_KEY}
            program: {id: SQDS4ep65T869zMMBKyuUq6aD6EgTu8psMjkvj52pCf}
            """));
    assertEquals(List.of("preflight.yaml:4:10 clusters[0].url: unsupported placeholder "
        + "'${HOME}'; use ${env:NAME} (an environment variable) or ${prop:NAME} (a build property, "
        + "e.g. from the pom's <properties> or -DNAME=...)"),
        problems("""
            project: demo
            clusters:
              - name: main
                url: https://rpc.example.com/${HOME}
            program: {id: SQDS4ep65T869zMMBKyuUq6aD6EgTu8psMjkvj52pCf}
            """));
  }

  @Test
  void environmentValuesAreInterpolatedAnywhereInTheUrl() {
    PolicyLoader withEnv = new PolicyLoader(name -> Optional.ofNullable(
        Map.of("RPC_HOST", "rpc.example.com", "KEY", "k-1").get(name)));
    Policy p = withEnv.parse("""
        project: demo
        clusters:
          - name: main
            url: https://${env:RPC_HOST}/v1/${env:KEY}?x=${env:KEY}
        program: {id: SQDS4ep65T869zMMBKyuUq6aD6EgTu8psMjkvj52pCf}
        """, Path.of("preflight.yaml"));
    assertEquals("https://rpc.example.com/v1/k-1?x=k-1", p.primaryCluster().url());
    assertEquals("https://rpc.example.com/…?…", p.primaryCluster().displayUrl());
  }

  @Test
  void durationsAcceptSecondsAndUnits() {
    assertEquals(86_400, Durations.parseSeconds("24h"));
    assertEquals(172_800, Durations.parseSeconds("48h"));
    assertEquals(2_592_000, Durations.parseSeconds("30d"));
    assertEquals(129_600, Durations.parseSeconds("1d12h"));
    assertEquals(3_600, Durations.parseSeconds("3600"));
    assertEquals(1_209_600 + 90, Durations.parseSeconds("2w 1m 30s"));
    assertEquals("1d12h", Durations.format(129_600));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Durations.parseSeconds("2 days"));
    assertTrue(e.getMessage().contains("got \"2 days\""), e.getMessage());

    Policy seconds = loader.parse(HEAD + """
        governance:
          multisig: {kind: squads-v4, address: TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA}
          minTimelock: 7200
        """, Path.of("preflight.yaml"));
    assertEquals(7200, seconds.governance().orElseThrow().minTimelockSeconds());
    assertEquals(List.of("preflight.yaml:9:16 governance.minTimelock: expected a duration: "
        + "seconds (86400) or a text like \"24h\", \"48h\", \"30d\", \"1d12h\" (units s, m, h, d,"
        + " w), got \"2 days\""), problems(HEAD + """
        governance:
          multisig: {kind: squads-v4, address: TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA}
          minTimelock: 2 days
        """));
  }

  @Test
  void feesAcceptLamportsOrSol() {
    assertEquals(10_000_000, Lamports.parse("0.01 SOL"));
    assertEquals(5_000, Lamports.parse("5000"));
    assertEquals(5_000, Lamports.parse("5000 lamports"));
    assertEquals(1_500_000_000L, Lamports.parse("1.5 sol"));
    assertThrows(IllegalArgumentException.class, () -> Lamports.parse("0.0000000001 SOL"));
    assertThrows(IllegalArgumentException.class, () -> Lamports.parse("1.5 lamports"));
  }

  @Test
  void semanticProblemsAreCollectedTogether() {
    List<String> ps = problems("""
        project: demo
        clusters:
          - {name: a, url: "https://a.example.com"}
          - {name: a, url: "ftp://b.example.com"}
        program:
          id: SQDS4ep65T869zMMBKyuUq6aD6EgTu8psMjkvj52pCf
          binary: {}
        governance:
          multisig: {kind: squads-v4, address: TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA}
          minThreshold: 4
          minMembers: 3
        rules:
          - id: config.cap
            account: {type: Config, seeds: ["string:config"], address: EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v}
            field: cap
            op: between
            value: 5
          - id: config.cap
            account: {type: Config, seeds: ["u8:300"]}
            field: cap
            op: lte
        attestations:
          - {item: p1.1.audit-report, evidence: a.pdf, by: me, date: 2026-02-30,
             sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08}
        """);
    assertEquals(List.of(
        "preflight.yaml:4:12 clusters[1].name: cluster name 'a' is already used by clusters[0]; "
            + "give each cluster its own name",
        "preflight.yaml:4:20 clusters[1].url: expected an http(s) JSON-RPC URL such as "
            + "https://api.devnet.solana.com, got \"ftp://b.example.com\"",
        "preflight.yaml:7:3 program.binary: expected 'expectedHash' (the verified build's "
            + "SHA-256) or 'so' (a local .so)",
        "preflight.yaml:11:15 governance.minMembers: expected at least minThreshold (4) members, "
            + "got 3: a multisig cannot have fewer members than signatures it requires",
        "preflight.yaml:14:5 rules[0].account: give either 'address' or 'seeds', not both",
        "preflight.yaml:17:12 rules[0].value: 'between' takes two values, values: [low, high] "
            + "(inclusive); got 1",
        "preflight.yaml:18:9 rules[1].id: rule id 'config.cap' is used twice; rule ids must be "
            + "unique",
        "preflight.yaml:19:37 rules[1].account.seeds[0]: value out of range for u8, got "
            + "\"u8:300\"",
        "preflight.yaml:21:5 rules[1].op: 'lte' takes one value, value: x",
        "preflight.yaml:23:62 attestations[0].date: expected a real calendar date like "
            + "2026-01-31, got \"2026-02-30\""), ps);
  }

  @Test
  void presetIdsCannotBeReusedByUserRules() {
    List<String> ps = problems(HEAD + """
        rules:
          - id: config.fee-cap
            account: {type: Config, seeds: ["string:config"]}
            field: fee
            op: lte
            value: 1
        presets:
          token-sale-escrow:
            account: {seeds: ["string:config"], type: GlobalConfig}
        """);
    assertEquals(List.of("preflight.yaml:14:3 presets.token-sale-escrow: rule id 'config.fee-cap'"
        + " is also produced by preset 'token-sale-escrow'; rename the rule"), ps);
  }

  @Test
  void missingFileAndEmptyFileSayWhatToDo(@TempDir Path dir) throws IOException {
    PolicyException missing = assertThrows(PolicyException.class,
        () -> loader.load(dir.resolve("nope.yaml")));
    assertTrue(missing.getMessage().contains("nope.yaml no such file; create it"),
        missing.getMessage());
    assertEquals(List.of("preflight.yaml:1:1 the file is empty; expected a mapping of sections "
        + "(see docs/policy-reference.md)"), problems("# nothing here\n"));
  }

  @Test
  void expressionsAreReadWithTheirPlaceInTheFile() {
    Policy p = loader.parse(HEAD + """
        rules:
          - id: config.fee
            account: { seeds: ["string:config"], type: GlobalConfig }
            as: config
            expr: "config.fee_bps <= 1000 && config.name != \\"x\\""
        fuzz:
          bounds:
            - { instruction: buy_tokens, expr: "args.amount > 0" }
            - { arg: end_time - start_time, min: 3600 }
          invariants:
            accounts:
              - id: sold-within-total
                account: Sale
                severity: critical
                expr: >-
                  sale.sold_amount
                  <= sale.total_amount
            calls:
              - id: buy-moves-amount
                instruction: buy_tokens
                expr: post.sale.sold_amount - pre.sale.sold_amount == args.amount
        """, Path.of("preflight.yaml"));
    ConfigRule rule = p.rules().getFirst();
    assertEquals("config.fee_bps <= 1000 && config.name != \"x\"", rule.expr().text());
    assertEquals("config", rule.variable());
    assertEquals(List.of("fee_bps", "name"), rule.fields());
    // line 11 of the file: the quote at column 11, 'c' of config at 12
    assertEquals(new LocatedYaml.Mark(11, 12), rule.expr().markAt(0));
    // the escaped quote before x: its backslash is skipped, so x stands one column further
    int x = rule.expr().text().indexOf('x');
    assertEquals(new LocatedYaml.Mark(11, 12 + x + 1), rule.expr().markAt(x));

    assertEquals(2, p.bounds().size());
    assertEquals(Optional.of("buy_tokens"), p.bounds().get(0).instruction());
    assertEquals("args.amount > 0", p.bounds().get(0).expr().text());
    assertEquals("(args.end_time - args.start_time) >= 3600", p.bounds().get(1).expr().text());
    assertEquals("fuzz.bounds[1]", p.bounds().get(1).source());

    Policy.AccountInvariantSpec a = p.accountInvariants().getFirst();
    assertEquals("sale.sold_amount <= sale.total_amount", a.expr().text(),
        "a folded block joins its lines");
    assertEquals(Severity.CRITICAL, a.severity());
    assertEquals("sale", a.variable());
    // '<=' stands on the second line of the block (line 23), indented to column 11
    assertEquals(new LocatedYaml.Mark(23, 11), a.expr().markAt(a.expr().text().indexOf("<=")));
    Policy.CallInvariantSpec c = p.callInvariants().getFirst();
    assertEquals(Optional.of("buy_tokens"), c.instruction());
    assertEquals(Severity.HIGH, c.severity(), "invariants default to high");
  }

  @Test
  void expressionFormsAreExclusiveAndIdsUnique() {
    List<String> p = problems(HEAD + """
        rules:
          - id: config.fee
            account: { seeds: ["string:config"], type: GlobalConfig }
            expr: fee_bps <= 1000
            field: fee_bps
            op: lte
            value: 1000
        fuzz:
          bounds:
            - { instruction: buy_tokens, expr: "args.amount > 0", max: 5 }
            - { instruction: buy_tokens }
          invariants:
            accounts:
              - { id: same, account: Sale, expr: "true" }
            calls:
              - { id: same, expr: "true", instrution: buy_tokens }
        """);
    assertEquals(List.of(
        "preflight.yaml:22:35 fuzz.invariants.calls[0].instrution: unknown key 'instrution'; "
            + "did you mean 'instruction'?"), p, "schema problems come first");
    List<String> q = problems(HEAD + """
        rules:
          - id: config.fee
            account: { seeds: ["string:config"], type: GlobalConfig }
            expr: fee_bps <= 1000
            field: fee_bps
            op: lte
            value: 1000
        fuzz:
          bounds:
            - { instruction: buy_tokens, expr: "args.amount > 0", max: 5 }
            - { instruction: buy_tokens }
          invariants:
            accounts:
              - { id: same, account: Sale, expr: "true" }
            calls:
              - { id: same, expr: "true" }
        """);
    assertEquals(List.of(
        "preflight.yaml:10:5 rules[0].expr: give one of 'expr' (a CEL expression), "
            + "field/op/value or 'conditions', not several",
        "preflight.yaml:16:7 fuzz.bounds[0]: give either 'expr' (a CEL expression over args) or "
            + "arg/min/max, not both",
        "preflight.yaml:17:7 fuzz.bounds[1]: expected 'expr' (a CEL expression over args, e.g. "
            + "'args.fee_bps <= 1000') or 'arg' with 'min' and/or 'max'",
        "preflight.yaml:22:15 fuzz.invariants.calls[0].id: invariant id 'same' is already used "
            + "by fuzz.invariants.accounts[0]; invariant ids must be unique"), q);
  }
}
