package dev.preflight.core.gate;

import dev.preflight.core.PreflightException;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.report.ReadinessReport;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded suppressions file (format in the package documentation) and the one place where
 * suppressions are applied to a report.
 */
public final class Suppressions {
  /** The suppressions file: a {@code suppressions} list, each entry optionally naming its check. */
  static final WaiverFile.Kind KIND = new WaiverFile.Kind("suppressions", "checkId",
      "Suppressions file", "preflight-report.json or the build's output");

  private final List<Suppression> entries;

  private Suppressions(List<Suppression> entries) {
    this.entries = List.copyOf(entries);
  }

  public static Suppressions empty() {
    return new Suppressions(List.of());
  }

  public static Suppressions of(List<Suppression> entries) {
    Map<String, Suppression> seen = new HashMap<>();
    for (Suppression s : entries) {
      Suppression prev = seen.putIfAbsent(s.fingerprint(), s);
      if (prev != null) {
        throw new PreflightException(s.source() + ": fingerprint " + s.fingerprint()
            + " is already suppressed at " + prev.source() + "; keep one entry per finding.");
      }
    }
    return new Suppressions(entries);
  }

  public List<Suppression> entries() {
    return entries;
  }

  /** Loads a YAML or JSON file (by extension; anything but {@code .json} is read as YAML). */
  public static Suppressions load(Path file) {
    return load(file, file.toString());
  }

  /**
   * Loads {@code file}, naming it {@code shownAs} in every entry's source and every message: the
   * path relative to the project, so that reports do not carry a machine's absolute paths.
   */
  public static Suppressions load(Path file, String shownAs) {
    return of(WaiverFile.read(file, shownAs, KIND).stream()
        .map(e -> new Suppression(e.fingerprint(), e.label(), e.reason(), e.owner(), e.expires(),
            e.source()))
        .toList());
  }

  /**
   * Applies the entries to {@code report} as of {@code asOf} (normally today; the report's date
   * for a reproducible re-run). Entries match by fingerprint; only FAIL and INCONCLUSIVE results
   * are waived.
   */
  public SuppressionOutcome apply(ReadinessReport report, LocalDate asOf) {
    Map<String, Suppression> byFingerprint = new LinkedHashMap<>();
    entries.forEach(s -> byFingerprint.put(s.fingerprint(), s));
    Map<Suppression, Boolean> used = new HashMap<>();
    List<SuppressionWarning> warnings = new ArrayList<>();
    List<GatedResult> out = new ArrayList<>();
    List<CheckResult> results = report.results();
    for (int i = 0; i < results.size(); i++) {
      CheckResult r = results.get(i);
      Suppression s = byFingerprint.get(r.fingerprint());
      SuppressionState state = SuppressionState.NONE;
      if (s != null && GatedResult.isFinding(r.outcome())) {
        if (s.checkId().isPresent() && !s.checkId().get().equals(r.checkId())) {
          if (used.putIfAbsent(s, Boolean.TRUE) == null) {
            warnings.add(new SuppressionWarning(SuppressionWarning.Kind.CHECK_MISMATCH, s,
                s.source() + ": fingerprint " + s.fingerprint() + " belongs to "
                    + r.checkId() + ", not " + s.checkId().get()
                    + "; the entry was not applied. Fix its checkId or fingerprint."));
          }
        } else if (s.activeOn(asOf)) {
          state = new SuppressionState.Active(s);
          used.put(s, Boolean.TRUE);
        } else {
          state = new SuppressionState.Expired(s);
          if (used.putIfAbsent(s, Boolean.TRUE) == null) {
            warnings.add(new SuppressionWarning(SuppressionWarning.Kind.EXPIRED, s,
                s.source() + ": the suppression of " + r.checkId() + " (" + s.fingerprint()
                    + ", owner " + s.owner() + ") expired on " + s.expires()
                    + "; the finding counts again. Fix it, or renew the entry with a new date."));
          }
        }
      }
      out.add(new GatedResult(i, r, state));
    }
    for (Suppression s : entries) {
      if (!used.containsKey(s)) {
        String expired = s.activeOn(asOf) ? "" : " (and it expired on " + s.expires() + ")";
        warnings.add(new SuppressionWarning(SuppressionWarning.Kind.UNUSED, s,
            s.source() + ": fingerprint " + s.fingerprint()
                + s.checkId().map(c -> " (" + c + ")").orElse("")
                + " matches no failing or inconclusive result" + expired
                + "; remove the entry if the finding is fixed."));
      }
    }
    return new SuppressionOutcome(report, asOf, out, warnings);
  }
}
