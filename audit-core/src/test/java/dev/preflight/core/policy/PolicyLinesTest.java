package dev.preflight.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** On the example's real policy: each check finds the line a team edits to configure it. */
class PolicyLinesTest {
  private static final Path FILE = Path.of("..", "examples", "escrow-readiness",
      "preflight.yaml");
  private static final PolicyLines EXAMPLE = PolicyLines.read(FILE);

  /** The line of the first line of the example starting with {@code prefix}: edits move it. */
  private static OptionalInt at(String prefix) {
    try {
      java.util.List<String> lines = java.nio.file.Files.readAllLines(FILE);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).startsWith(prefix)) {
          return OptionalInt.of(i + 1);
        }
      }
      throw new AssertionError(prefix + " is not in " + FILE);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void checksFindTheKeyThatConfiguresThem() {
    assertEquals(at("  minThreshold:"), EXAMPLE.lineOf("multisig.threshold"), "minThreshold");
    assertEquals(at("  minTimelock:"), EXAMPLE.lineOf("multisig.timelock"), "minTimelock");
    assertEquals(at("    fee:"), EXAMPLE.lineOf("config.fee-cap"), "the preset's fee");
    assertEquals(at("    adminSet:"), EXAMPLE.lineOf("config.admin-set"), "the preset's adminSet");
    assertEquals(at("  - id: config.payment-mint-whitelist"),
        EXAMPLE.lineOf("config.payment-mint-whitelist"),
        "the rule with that id");
    assertEquals(at("  requireSecurityTxt:"), EXAMPLE.lineOf("program.security-txt"),
        "requireSecurityTxt");
    assertEquals(at("  maxFailureRate:"), EXAMPLE.lineOf("ops.failure-rate"), "maxFailureRate");
    assertEquals(at("  computeBudget:"), EXAMPLE.lineOf("ops.compute-units"), "computeBudget");
  }

  @Test
  void aCheckWithoutItsOwnKeyFindsItsSectionAndAnUnknownFamilyNothing() {
    assertEquals(at("program:"), EXAMPLE.lineOf("program.upgrade-authority"), "program:");
    assertEquals(at("fuzz:"), EXAMPLE.lineOf("fuzz.unauthorized-success"), "fuzz:");
    assertEquals(OptionalInt.empty(), EXAMPLE.lineOf("acme.custom-check"));
    assertEquals(OptionalInt.empty(), PolicyLines.none().lineOf("multisig.threshold"));
  }

  @Test
  void aSeveritiesEntryNamesTheCheckExactly() {
    PolicyLines p = PolicyLines.of("""
        project: x
        governance:
          minThreshold: 3
        severities:
          multisig.threshold: critical
          acme.custom-check: low
        """, "preflight.yaml");
    assertEquals(OptionalInt.of(5), p.lineOf("multisig.threshold"));
    assertEquals(OptionalInt.of(6), p.lineOf("acme.custom-check"));
    assertEquals(OptionalInt.empty(), PolicyLines.of("not: [valid", "x.yaml").lineOf("x.y"));
  }
}
