package dev.preflight.core.gate;

import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.report.ReadinessReport;
import dev.preflight.core.report.ReportJson;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What changed since a previous report, keyed by fingerprint. A finding is a FAIL or INCONCLUSIVE
 * result. {@code added}: a finding now that was not one before (absent, or passing). {@code
 * resolved}: a finding before that is not one now. {@code changed}: a finding in both whose outcome
 * or severity differs. {@code unchanged} counts the findings present in both as they were.
 */
public record ReportDiff(Instant previousGeneratedAt, String previousToolVersion,
                         List<Entry> added, List<Entry> resolved, List<Entry> changed,
                         int unchanged) {

  public ReportDiff {
    added = List.copyOf(added);
    resolved = List.copyOf(resolved);
    changed = List.copyOf(changed);
  }

  /** One fingerprint's before and after; either side is empty when the result did not exist. */
  public record Entry(String fingerprint, String checkId, String title, Optional<String> subject,
                      Optional<Side> before, Optional<Side> after) {

    /** The message of the side that exists now, or else of the earlier one. */
    public String message() {
      return after.or(() -> before).map(Side::message).orElse("");
    }
  }

  /** A result's outcome, severity and message on one side of the diff. */
  public record Side(Outcome outcome, Severity severity, String message) {
    static Side of(CheckResult r) {
      return new Side(r.outcome(), r.severity(), r.message());
    }
  }

  public boolean isEmpty() {
    return added.isEmpty() && resolved.isEmpty() && changed.isEmpty();
  }

  /** Reads {@code previousJson} (a {@code preflight-report.json}) and compares. */
  public static ReportDiff against(Path previousJson, ReadinessReport current) {
    return between(ReportJson.read(previousJson), current);
  }

  public static ReportDiff between(ReadinessReport previous, ReadinessReport current) {
    Map<String, CheckResult> before = byFingerprint(previous);
    Map<String, CheckResult> after = byFingerprint(current);
    List<Entry> added = new ArrayList<>();
    List<Entry> resolved = new ArrayList<>();
    List<Entry> changed = new ArrayList<>();
    int unchanged = 0;
    for (Map.Entry<String, CheckResult> e : after.entrySet()) {
      CheckResult now = e.getValue();
      CheckResult was = before.get(e.getKey());
      boolean findingNow = GatedResult.isFinding(now.outcome());
      boolean findingBefore = was != null && GatedResult.isFinding(was.outcome());
      if (findingNow && !findingBefore) {
        added.add(entry(e.getKey(), was, now));
      } else if (!findingNow && findingBefore) {
        resolved.add(entry(e.getKey(), was, now));
      } else if (findingNow) {
        if (was.outcome() != now.outcome() || was.severity() != now.severity()) {
          changed.add(entry(e.getKey(), was, now));
        } else {
          unchanged++;
        }
      }
    }
    for (Map.Entry<String, CheckResult> e : before.entrySet()) {
      if (!after.containsKey(e.getKey()) && GatedResult.isFinding(e.getValue().outcome())) {
        resolved.add(entry(e.getKey(), e.getValue(), null));
      }
    }
    Comparator<Entry> order = Comparator.comparing(Entry::checkId)
        .thenComparing(en -> en.subject().orElse("")).thenComparing(Entry::fingerprint);
    added.sort(order);
    resolved.sort(order);
    changed.sort(order);
    return new ReportDiff(previous.generatedAt(), previous.toolVersion(), added, resolved,
        changed, unchanged);
  }

  private static Entry entry(String fp, CheckResult was, CheckResult now) {
    CheckResult id = now != null ? now : was;
    return new Entry(fp, id.checkId(), id.title(), id.subject(),
        Optional.ofNullable(was).map(Side::of), Optional.ofNullable(now).map(Side::of));
  }

  /**
   * One result per fingerprint. When several results share one, the worst stands for it (FAIL
   * before INCONCLUSIVE before the rest, then the higher severity), so a diff never hides a finding.
   */
  private static Map<String, CheckResult> byFingerprint(ReadinessReport report) {
    Map<String, CheckResult> m = new LinkedHashMap<>();
    for (CheckResult r : report.results()) {
      m.merge(r.fingerprint(), r, (a, b) -> rank(b) > rank(a) ? b : a);
    }
    return m;
  }

  private static int rank(CheckResult r) {
    int outcome = switch (r.outcome()) {
      case FAIL -> 2;
      case INCONCLUSIVE -> 1;
      default -> 0;
    };
    return outcome * 10 + r.severity().ordinal();
  }

  /** Plain-text lines for a build log. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add("Compared with the report of " + previousGeneratedAt + ": " + added.size() + " new, "
        + resolved.size() + " resolved, " + changed.size() + " changed, " + unchanged
        + " unchanged finding(s).");
    added.forEach(e -> out.add("  + " + line(e)));
    resolved.forEach(e -> out.add("  - " + line(e)));
    changed.forEach(e -> out.add("  ~ " + line(e)));
    return out;
  }

  private static String line(Entry e) {
    String before = e.before().map(s -> s.outcome().label() + "/" + s.severity().label())
        .orElse("absent");
    String after = e.after().map(s -> s.outcome().label() + "/" + s.severity().label())
        .orElse("absent");
    return e.checkId() + e.subject().map(s -> " [" + s + "]").orElse("") + ": " + before + " -> "
        + after + " (" + e.fingerprint() + ")";
  }
}
