package dev.preflight.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** On the example's real policy: each check finds the line a team edits to configure it. */
class PolicyLinesTest {
  private static final PolicyLines EXAMPLE = PolicyLines.read(Path.of("..", "examples",
      "escrow-readiness", "preflight.yaml"));

  @Test
  void checksFindTheKeyThatConfiguresThem() {
    assertEquals(OptionalInt.of(26), EXAMPLE.lineOf("multisig.threshold"), "minThreshold");
    assertEquals(OptionalInt.of(28), EXAMPLE.lineOf("multisig.timelock"), "minTimelock");
    assertEquals(OptionalInt.of(33), EXAMPLE.lineOf("config.fee-cap"), "the preset's fee");
    assertEquals(OptionalInt.of(39), EXAMPLE.lineOf("config.admin-set"), "the preset's adminSet");
    assertEquals(OptionalInt.of(42), EXAMPLE.lineOf("config.payment-mint-whitelist"),
        "the rule with that id");
    assertEquals(OptionalInt.of(19), EXAMPLE.lineOf("program.security-txt"),
        "requireSecurityTxt");
    assertEquals(OptionalInt.of(62), EXAMPLE.lineOf("ops.failure-rate"), "maxFailureRate");
    assertEquals(OptionalInt.of(64), EXAMPLE.lineOf("ops.compute-units"), "computeBudget");
  }

  @Test
  void aCheckWithoutItsOwnKeyFindsItsSectionAndAnUnknownFamilyNothing() {
    assertEquals(OptionalInt.of(13), EXAMPLE.lineOf("program.upgrade-authority"), "program:");
    assertEquals(OptionalInt.of(78), EXAMPLE.lineOf("fuzz.unauthorized-success"), "fuzz:");
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
