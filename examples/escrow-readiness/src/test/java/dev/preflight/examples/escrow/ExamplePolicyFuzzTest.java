package dev.preflight.examples.escrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.fuzz.CoverageOptions;
import dev.preflight.core.fuzz.FuzzCampaign;
import dev.preflight.core.fuzz.FuzzReport;
import dev.preflight.core.fuzz.FuzzRequest;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.validator.EmbeddedValidator;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example's policy, unchanged, run as the plugin runs it (the world in chain/, the clock
 * pinned to the world's time, the build named by {@code escrow.binary}): on the clean escrow it
 * gives no FAIL and no INCONCLUSIVE for seeds 1, 2 and 3, and on every planted defect of
 * fixtures/escrow/DEFECTS.md it fails a check that names the defect's class, with a shrunk
 * reproducer in the evidence. One defect is out of this world's reach: price-wrap needs
 * {@code amount * price >= 2^64}, and the world's only sale sells 100,000 tokens at 3 (the buy
 * refuses amounts above what is left before it multiplies); audit-core's EscrowDefectsTest finds
 * it on a market priced 1,000,003 with 2^62 tokens.
 */
class ExamplePolicyFuzzTest {
  static final Path EXAMPLE = findExample();
  static final Path BIN = EXAMPLE.resolve("../../fixtures/escrow/bin").normalize();

  @TempDir
  Path tmp;

  static Path findExample() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !p.resolve("examples/escrow-readiness/preflight.yaml").toFile().isFile()) {
      if (p.resolve("preflight.yaml").toFile().isFile() && p.endsWith("escrow-readiness")) {
        return p;
      }
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("examples/escrow-readiness not found above " + Path.of("").toAbsolutePath());
    }
    return p.resolve("examples/escrow-readiness");
  }

  static Properties world() throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(EXAMPLE.resolve("chain/world.properties"), StandardCharsets.UTF_8)) {
      p.load(r);
    }
    return p;
  }

  /** One campaign of the example's policy against {@code binary}, on a fresh world. */
  FuzzReport campaign(Path binary, Optional<Long> seed) throws IOException {
    Properties world = world();
    long now = Instant.parse(world.getProperty("now")).getEpochSecond();
    Policy policy = new PolicyLoader(n -> Optional.ofNullable(System.getenv(n)),
        n -> n.equals("escrow.binary") ? Optional.of(binary.toString()) : Optional.empty())
        .load(EXAMPLE.resolve("preflight.yaml"));
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(world.getProperty("program"), binary, Optional.of(world.getProperty("squads-vault-0")))
        .accountDirectory(EXAMPLE.resolve("chain/accounts"))
        .slotTime(java.time.Duration.ZERO)
        .clock(now)
        // as the plugin runs it: coverage measured, the validator tracing on demand
        .traceOnDemand(tmp.resolve("traces"))
        .start()) {
      FuzzRequest req = FuzzRequest.of(policy, v.rpcUri()).withCorpus(tmp.resolve("corpus"))
          .withReproducers(tmp.resolve("reproducers"));
      if (seed.isPresent()) {
        req = req.withSeed(seed.get());
      }
      long t0 = System.nanoTime();
      // the campaign's own line on coverage says what tracing cost (cases and sequences traced, seconds)
      java.util.List<String> coverageLine = new java.util.ArrayList<>();
      Progress progress = new Progress() {
        @Override
        public void phase(String name) {}

        @Override
        public void info(String message) {
          if (message.startsWith("coverage of ")) {
            coverageLine.add(message);
          }
        }

        @Override
        public void warn(String message) {}
      };
      FuzzReport report = FuzzCampaign.run(req, progress,
          CoverageOptions.of(policy, Optional.of(tmp.resolve("traces"))));
      System.out.printf("%s seed %s: %d cases, %s in %.1f s; coverage %s%n", binary.getFileName(),
          seed.map(String::valueOf).orElse("policy"), report.stats().cases(),
          report.results().getFirst().evidence().stream().filter(e -> e.field().equals("fuzz.sequences"))
              .map(e -> e.value()).findFirst().orElse("?"), (System.nanoTime() - t0) / 1e9,
          coverageLine.isEmpty() ? "not measured" : coverageLine.getFirst());
      for (CheckResult r : report.results()) {
        if (r.outcome() != Outcome.PASS) {
          System.out.println("  " + r.checkId() + " " + r.outcome() + " " + r.message());
          if (Boolean.getBoolean("preflight.debug")) {
            r.evidence().stream().filter(e -> e.field().startsWith("reproducer."))
                .forEach(e -> System.out.println("      " + e.field() + ": " + e.value()));
          }
        }
      }
      return report;
    }
  }

  @ParameterizedTest(name = "clean escrow, seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void cleanEscrowHasNoFailAndNoInconclusive(long seed) throws IOException {
    FuzzReport report = campaign(BIN.resolve("escrow.so"), Optional.of(seed));
    assertTrue(report.coverage().isPresent(), "the campaign measured coverage");
    for (CheckResult r : report.results()) {
      assertTrue(r.outcome() == Outcome.PASS || r.outcome() == Outcome.NOT_APPLICABLE,
          r.checkId() + " " + r.outcome() + ": " + r.message());
    }
  }

  static Stream<Arguments> defects() {
    return Stream.of(
        Arguments.of("pause-ignored", Set.of("wiring.emergency-stop", "invariant.buy-within-window")),
        Arguments.of("fee-uncapped", Set.of("fuzz.bounds-accepted", "invariant.config-fee-cap")),
        Arguments.of("stop-unauthorized", Set.of("fuzz.unauthorized-success")),
        Arguments.of("duration-unbounded", Set.of("invariant.sale-created-as-asked", "fuzz.bounds-accepted")),
        Arguments.of("create-prefunded", Set.of("fuzz.prefunded-account")),
        Arguments.of("sale-end-inclusive", Set.of("invariant.buy-within-window")),
        Arguments.of("timelock-bypass", Set.of("invariant.update-after-timelock")),
        Arguments.of("wallet-cap-per-purchase", Set.of("invariant.purchase-within-wallet-cap")),
        Arguments.of("daily-volume-per-purchase", Set.of("invariant.buy-daily-volume")),
        Arguments.of("config-reinit", Set.of("fuzz.reinitialization")),
        Arguments.of("slippage-ignored", Set.of("invariant.buy-price-protection")),
        Arguments.of("fee-round-down", Set.of("invariant.buy-fee-rounded-up")),
        Arguments.of("purchase-unbound", Set.of("fuzz.account-substitution", "invariant.buy-counts-own-purchase")),
        Arguments.of("cancel-not-seller", Set.of("fuzz.unauthorized-success", "invariant.cancel-sale-by-seller")),
        Arguments.of("stop-duplicate-signers", Set.of("fuzz.unauthorized-success")));
  }

  @ParameterizedTest(name = "defect {0} found by {1}")
  @MethodSource("defects")
  void everyPlantedDefectIsFoundWithAShrunkReproducer(String defect, Set<String> expected) throws IOException {
    FuzzReport report = campaign(BIN.resolve("escrow-defect-" + defect + ".so"), Optional.empty());
    List<CheckResult> found = report.results().stream()
        .filter(r -> r.outcome() == Outcome.FAIL && expected.contains(r.checkId())).toList();
    assertFalse(found.isEmpty(), defect + ": no FAIL among " + expected + "; failed: "
        + report.results().stream().filter(r -> r.outcome() == Outcome.FAIL).map(CheckResult::checkId)
            .collect(Collectors.toSet()));
    CheckResult r = found.getFirst();
    assertTrue(r.evidence().stream().anyMatch(e -> e.field().equals("reproducer.transaction")),
        "no reproducer in " + r.checkId());
    assertEquals(1, r.evidence().stream().filter(e -> e.field().equals("reproducer.seed")).count());
  }
}
