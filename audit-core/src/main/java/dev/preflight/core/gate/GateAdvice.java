package dev.preflight.core.gate;

import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a build log says after the gate, as plain lines: the reasons, a cause shared by several
 * results printed once with its count, and per reason the next step that fits it. A FAIL is a
 * finding someone may accept: its fingerprint and a ready-to-paste entry for the suppressions file
 * (the format {@link Suppressions} reads, placeholders marked). An INCONCLUSIVE result and an
 * unreachable cluster are evidence that was not gathered: the advice is to fix the input or the
 * endpoint, never to suppress.
 */
public final class GateAdvice {
  /** How long a suggested suppression lasts: long enough to fix, short enough to be revisited. */
  public static final int SUGGESTED_DAYS = 90;
  /** Marks the placeholders of a suggested entry; a reviewer greps for it. */
  public static final String PLACEHOLDER = "TODO";

  private GateAdvice() {}

  /**
   * The reasons of {@code gate}, grouped so that a cause is printed once: an unreadable cluster
   * with the count and ids of the inconclusive results whose message carries its error (they
   * could not run because of it), then results that share outcome, severity and message as one
   * line with their count and ids, then the rest one per line.
   */
  public static List<String> reasons(GateResult gate) {
    return grouped(gate).stream().map(Line::text).toList();
  }

  /**
   * One line of {@link #reasons}: its text and the results it stands for (one for a single
   * finding, several for a shared cause, none for a cluster).
   */
  public record Line(String text, List<GatedResult> results) {
    public Line {
      results = List.copyOf(results);
    }
  }

  /** {@link #reasons}, with the results behind each line (an HTML page links to them). */
  public static List<Line> grouped(GateResult gate) {
    List<Line> out = new ArrayList<>();
    java.util.Set<GateReason> told = new java.util.HashSet<>();
    for (GateReason r : gate.reasons()) {
      if (!(r instanceof GateReason.ClusterUnreachable c)) {
        continue;
      }
      out.add(new Line(r.message(), List.of()));
      List<GatedResult> behind = new ArrayList<>();
      for (GateReason x : gate.reasons()) {
        if (x instanceof GateReason.Finding f && !told.contains(x) && !c.error().isBlank()
            && f.result().result().outcome() == Outcome.INCONCLUSIVE
            && f.result().result().message().contains(c.error())) {
          told.add(x);
          behind.add(f.result());
        }
      }
      if (!behind.isEmpty()) {
        out.add(new Line("  " + behind.size()
            + (behind.size() == 1 ? " result was" : " results were")
            + " inconclusive for that reason: " + String.join(", ", ids(behind)), behind));
      }
    }
    Map<String, List<GateReason.Finding>> groups = new LinkedHashMap<>();
    for (GateReason r : gate.reasons()) {
      if (r instanceof GateReason.Finding f && !told.contains(r)) {
        CheckResult res = f.result().result();
        groups.computeIfAbsent(res.outcome() + "|" + res.severity() + "|" + res.message(),
            k -> new ArrayList<>()).add(f);
      }
    }
    for (List<GateReason.Finding> g : groups.values()) {
      List<GatedResult> results = g.stream().map(GateReason.Finding::result).toList();
      if (g.size() == 1) {
        out.add(new Line(g.getFirst().message(), results));
        continue;
      }
      CheckResult r = results.getFirst().result();
      out.add(new Line(g.size() + " results " + (r.outcome() == Outcome.FAIL ? "failed"
          : "were inconclusive") + " (" + r.severity().label() + ") with one cause: "
          + r.message() + " [" + String.join(", ", ids(results)) + "]", results));
    }
    return out;
  }

  private static List<String> ids(List<GatedResult> results) {
    return results.stream().map(g -> g.result().checkId()).distinct().toList();
  }

  /**
   * The next step per reason. {@code today} (the day the audit judged suppressions on: today, or
   * the pinned clock's day) dates the suggested expiry; {@code suppressionsFile}
   * is the file as the build names it (or empty when none is configured); {@code policyFile} is
   * where inputs are fixed.
   */
  public static List<String> nextSteps(GateResult gate, LocalDate today,
                                       java.util.Optional<String> suppressionsFile,
                                       String policyFile) {
    List<String> out = new ArrayList<>();
    List<GatedResult> accept = new ArrayList<>();
    List<GatedResult> fix = new ArrayList<>();
    List<String> clusters = new ArrayList<>();
    for (GateReason r : gate.reasons()) {
      switch (r) {
        case GateReason.Finding f -> (f.result().result().outcome() == Outcome.FAIL ? accept : fix)
            .add(f.result());
        case GateReason.ClusterUnreachable c -> clusters.add(c.cluster());
      }
    }
    for (String c : clusters) {
      out.add("cluster " + c + " could not be read: check its url in " + policyFile
          + " (or -Dpreflight.validator) and the endpoint; the gate fails until it answers.");
    }
    if (!fix.isEmpty()) {
      List<String> ids = fix.stream().map(g -> g.result().checkId()).distinct().toList();
      out.add(fix.size() + (fix.size() == 1 ? " result is" : " results are")
          + " inconclusive: evidence was not gathered (" + String.join(", ", ids) + "). Fix the "
          + "policy or input named in the message at " + policyFile + ", or the endpoint, and run "
          + "again; evidence that is missing is not a finding to suppress.");
    }
    if (!accept.isEmpty()) {
      LocalDate expires = today.plusDays(SUGGESTED_DAYS);
      out.add("To accept a finding instead of fixing it, add its entry under 'suppressions:' in "
          + suppressionsFile.orElse("a suppressions file (version: 1, set <suppressions> in the "
          + "plugin configuration)") + ", and replace the " + PLACEHOLDER + " reason and owner:");
      for (GatedResult g : accept) {
        CheckResult r = g.result();
        out.add("  # " + r.checkId() + r.subject().map(s -> " [" + s + "]").orElse("")
            + ", fingerprint " + r.fingerprint());
        out.addAll(entry(r, expires));
      }
    }
    return out;
  }

  /** A suppressions file entry for {@code r}, as YAML lines indented for the list. */
  public static List<String> entry(CheckResult r, LocalDate expires) {
    return List.of(
        "  - fingerprint: \"" + r.fingerprint() + "\"",
        "    checkId: " + r.checkId(),
        "    reason: \"" + PLACEHOLDER + ": why this finding is accepted, and the ticket that "
            + "fixes it\"",
        "    owner: \"" + PLACEHOLDER + ": who answers for it\"",
        "    expires: " + expires + "   # " + SUGGESTED_DAYS
            + " days from the audit's day; renew on purpose");
  }
}
