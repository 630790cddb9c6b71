package dev.preflight.core.checklist;

import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.checklist.AttestationVerdict.State;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.Suggestions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies the policy's attestations against the checklist and the files on disk, and turns them
 * into check results so that they reach the report like any other result. An attestation counts
 * only if its evidence file exists now and hashes to the SHA-256 declared in the policy: a file
 * changed after it was vouched for is no longer evidence.
 *
 * <p>Results carry the check id {@code attestation.<item id>} ({@link #checkId}): ATTESTED for a
 * verified attestation, MANUAL for a manual item without a valid one (the message says why), and
 * INCONCLUSIVE for an attestation naming an item the checklist does not have.
 */
public final class Attestations {
  /** Prefix of the check ids of attestation results. */
  public static final String CHECK_ID_PREFIX = "attestation.";

  private Attestations() {}

  public static String checkId(String itemId) {
    return CHECK_ID_PREFIX + itemId;
  }

  /** One verdict per attestation of {@code policy}, in policy order. */
  public static List<AttestationVerdict> verify(Checklist checklist, Policy policy) {
    Path baseDir = baseDir(policy);
    List<AttestationVerdict> out = new ArrayList<>();
    List<String> itemIds = checklist.items().stream().map(Item::id).toList();
    for (Policy.Attestation a : policy.attestations()) {
      Optional<Item> item = checklist.item(a.item());
      if (item.isEmpty()) {
        out.add(new AttestationVerdict(a, State.UNKNOWN_ITEM, "the checklist has no item '"
            + a.item() + "'" + Suggestions.didYouMean(a.item(), itemIds)
            + "; fix the item id in the policy's attestations", Optional.empty()));
        continue;
      }
      if (!item.get().isLeaf()) {
        out.add(new AttestationVerdict(a, State.NOT_ATTESTABLE, "item '" + a.item() + "' groups "
            + "other items; attest its parts instead: " + item.get().leaves().stream()
            .map(Item::id).toList(), Optional.empty()));
        continue;
      }
      out.add(verifyFile(a, baseDir));
    }
    return out;
  }

  private static AttestationVerdict verifyFile(Policy.Attestation a, Path baseDir) {
    String shown = FileEvidence.shown(a.evidence(), baseDir);
    if (!Files.isRegularFile(a.evidence())) {
      return new AttestationVerdict(a, State.MISSING_FILE, "evidence file " + shown
          + " does not exist; add it or correct the path in the attestation", Optional.empty());
    }
    FileEvidence f;
    try {
      f = FileEvidence.read(a.evidence(), baseDir);
    } catch (IOException e) {
      return new AttestationVerdict(a, State.UNREADABLE, "evidence file " + shown
          + " could not be read: " + e.getMessage(), Optional.empty());
    }
    if (!f.sha256().equals(a.sha256())) {
      return new AttestationVerdict(a, State.HASH_MISMATCH, "evidence file " + shown
          + " has SHA-256 " + f.sha256() + " but the attestation declares " + a.sha256()
          + "; the file changed after it was attested: review it and attest it again",
          Optional.of(f));
    }
    return new AttestationVerdict(a, State.VERIFIED, "attested by " + a.by() + " on " + a.date()
        + " with " + shown + " (SHA-256 verified)", Optional.of(f));
  }

  /**
   * Results for the report: one per manual leaf item (ATTESTED or MANUAL) and one per attestation
   * of an automated item or of an unknown item.
   */
  public static List<CheckResult> results(Checklist checklist, List<AttestationVerdict> verdicts) {
    Map<String, AttestationVerdict> byItem = new HashMap<>();
    verdicts.forEach(v -> byItem.putIfAbsent(v.itemId(), v));
    List<CheckResult> out = new ArrayList<>();
    for (Item item : checklist.leafItems()) {
      AttestationVerdict v = byItem.remove(item.id());
      if (v != null) {
        out.add(result(item.id(), item.text(), v));
      } else if (item.manual()) {
        out.add(info(item.id(), item.text(), Severity.LOW).result(Outcome.MANUAL,
                "Needs a person's attestation: no attestation for '" + item.id()
                    + "' in the policy.")
            .subject(item.id(), "attestation").build());
      }
    }
    for (AttestationVerdict v : byItem.values()) {
      out.add(result(v.itemId(), v.itemId(), v));
    }
    return out;
  }

  private static CheckResult result(String itemId, String text, AttestationVerdict v) {
    Policy.Attestation a = v.attestation();
    Outcome outcome = switch (v.state()) {
      case VERIFIED -> Outcome.ATTESTED;
      case UNKNOWN_ITEM, NOT_ATTESTABLE -> Outcome.INCONCLUSIVE;
      default -> Outcome.MANUAL;
    };
    Severity severity = outcome == Outcome.INCONCLUSIVE ? Severity.MEDIUM : Severity.LOW;
    CheckResult.Builder b = info(itemId, text, severity).result(outcome,
            outcome == Outcome.ATTESTED ? "Attested: " + v.reason() : "Attestation not accepted: "
                + v.reason())
        .subject(itemId, "attestation");
    v.file().ifPresent(f -> b.evidence(f.evidence("sha256", f.sha256())));
    b.evidence(Evidence.note("declared sha256", a.sha256()));
    b.evidence(Evidence.note("attested by", a.by()));
    b.evidence(Evidence.note("date", a.date().toString()));
    b.evidence(Evidence.note("evidence path", a.declaredAs()));
    return b.build();
  }

  private static CheckInfo info(String itemId, String text, Severity severity) {
    return new CheckInfo(checkId(itemId), "Attestation: " + text, severity, List.of(itemId),
        "This checklist item is answered by a person, with an evidence file whose SHA-256 the "
            + "policy records, so the evidence cannot change unnoticed.",
        "Add an attestation to preflight.yaml: item: " + itemId + ", evidence: <file>, sha256: "
            + "<sha256sum of the file>, by: <who>, date: <YYYY-MM-DD>.", List.of());
  }

  private static Path baseDir(Policy policy) {
    Path src = policy.source() == null ? Path.of("preflight.yaml") : policy.source();
    Path abs = src.toAbsolutePath();
    return abs.getParent() == null ? abs : abs.getParent();
  }
}
