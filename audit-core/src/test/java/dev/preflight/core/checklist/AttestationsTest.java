package dev.preflight.core.checklist;

import dev.preflight.core.vocabulary.ItemStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.checklist.AttestationVerdict.State;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttestationsTest {
  /** SHA-256("abc"), the FIPS 180-2 test vector. */
  private static final String ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  private static final Checklist CHECKLIST = ChecklistLoader.parse(ChecklistLoaderTest.SMALL,
      "small.yaml", ChecklistLoaderTest.DEFS);

  private static Policy policy(Path dir, String tail) throws IOException {
    Path file = dir.resolve("preflight.yaml");
    Files.writeString(file, """
        project: demo
        clusters: [{name: devnet, url: "https://api.devnet.solana.com"}]
        program: {id: SQDS4ep65T869zMMBKyuUq6aD6EgTu8psMjkvj52pCf}
        """ + tail);
    return new PolicyLoader(n -> java.util.Optional.empty()).load(file);
  }

  @Test
  void verifiedMismatchedMissingAndUnknown(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("evidence"));
    Files.writeString(dir.resolve("evidence/review.txt"), "abc");
    Files.writeString(dir.resolve("evidence/changed.txt"), "abd");
    Policy p = policy(dir, """
        attestations:
          - {item: p1.1.b, evidence: evidence/review.txt, sha256: %1$s, by: Ann, date: 2026-01-02}
          - {item: p1.1.g2, evidence: evidence/changed.txt, sha256: %1$s, by: Bo, date: 2026-01-03}
          - {item: p1.1.a, evidence: evidence/gone.pdf, sha256: %1$s, by: Cy, date: 2026-01-04}
          - {item: p1.1.bb, evidence: evidence/review.txt, sha256: %1$s, by: Di, date: 2026-01-05}
          - {item: p1.1.g, evidence: evidence/review.txt, sha256: %1$s, by: Ed, date: 2026-01-06}
        """.formatted(ABC));

    List<AttestationVerdict> vs = Attestations.verify(CHECKLIST, p);
    assertEquals(List.of(State.VERIFIED, State.HASH_MISMATCH, State.MISSING_FILE,
        State.UNKNOWN_ITEM, State.NOT_ATTESTABLE),
        vs.stream().map(AttestationVerdict::state).toList());
    assertEquals("attested by Ann on 2026-01-02 with evidence/review.txt (SHA-256 verified)",
        vs.get(0).reason());
    assertEquals(ABC, vs.get(0).file().orElseThrow().sha256());
    assertEquals(3, vs.get(0).file().orElseThrow().length());
    String mismatch = vs.get(1).reason();
    assertTrue(mismatch.startsWith("evidence file evidence/changed.txt has SHA-256 "
        + "a52d159f262b2c6ddb724a61840befc36eb30c88877a4030b65cbe86298449c9 but the attestation"
        + " declares " + ABC), mismatch);
    assertEquals("evidence file evidence/gone.pdf does not exist; add it or correct the path in "
        + "the attestation", vs.get(2).reason());
    assertEquals("the checklist has no item 'p1.1.bb'; did you mean 'p1.1.b'?; fix the item id in"
        + " the policy's attestations", vs.get(3).reason());

    Map<String, CheckResult> results = Attestations.results(CHECKLIST, vs).stream()
        .collect(Collectors.toMap(CheckResult::checkId, r -> r));
    assertEquals(Outcome.ATTESTED, results.get("attestation.p1.1.b").outcome());
    assertEquals(List.of("p1.1.b"), results.get("attestation.p1.1.b").checklist());
    assertEquals("evidence/review.txt",
        results.get("attestation.p1.1.b").evidence().getFirst().address().orElseThrow());
    assertEquals(ABC,
        results.get("attestation.p1.1.b").evidence().getFirst().dataSha256().orElseThrow());
    assertEquals(Outcome.MANUAL, results.get("attestation.p1.1.g2").outcome());
    assertTrue(results.get("attestation.p1.1.g2").message().startsWith(
        "Attestation not accepted: evidence file evidence/changed.txt has SHA-256"));
    // An attestation of an automated item is reported too; a bad one does not count.
    assertEquals(Outcome.MANUAL, results.get("attestation.p1.1.a").outcome());
    assertEquals(Outcome.INCONCLUSIVE, results.get("attestation.p1.1.bb").outcome());
    assertEquals(Outcome.INCONCLUSIVE, results.get("attestation.p1.1.g").outcome());
    assertEquals(5, results.size());

    Readiness r = ReadinessCalculator.compute(CHECKLIST, List.of(), vs);
    assertEquals(ItemStatus.SATISFIED, r.item("p1.1.b").orElseThrow().status());
    assertEquals(ItemStatus.MANUAL, r.item("p1.1.g2").orElseThrow().status());
  }

  @Test
  void manualItemsWithoutAttestationAreReportedAsManual(@TempDir Path dir) throws IOException {
    Policy p = policy(dir, "");
    List<CheckResult> results = Attestations.results(CHECKLIST, Attestations.verify(CHECKLIST, p));
    assertEquals(List.of("attestation.p1.1.b", "attestation.p1.1.g2"),
        results.stream().map(CheckResult::checkId).toList());
    assertTrue(results.stream().allMatch(r -> r.outcome() == Outcome.MANUAL));
    // Fingerprints are stable: they depend on the item, not the run.
    assertEquals(results.getFirst().fingerprint(),
        Attestations.results(CHECKLIST, List.of()).getFirst().fingerprint());
  }
}
