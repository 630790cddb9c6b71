package dev.preflight.core.audit;

import dev.preflight.core.check.AuditContext;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Offline, nothing can be executed: the results a live run got by exercising the program (fuzz
 * oracles, wiring checks), recorded in its snapshot, are shown as recorded, each marked with a
 * {@value #FIELD} evidence row; an expected id the snapshot holds no result for is INCONCLUSIVE
 * ("not re-run offline"), never silently absent. Outcomes are kept, so a recorded FAIL still
 * fails the gate.
 *
 * <pre>{@code
 * SnapshotJson.Saved saved = SnapshotJson.load(file);
 * Audit.of(policy).offline(saved.snapshot())
 *     .dynamic(RecordedResults.replay(saved.snapshot(), saved.recorded(), expected)).run();
 * }</pre>
 */
public final class RecordedResults {
  /** The evidence field that marks a result as taken from the snapshot, not re-run. */
  public static final String FIELD = "recorded";

  private RecordedResults() {}

  /**
   * @param expected the ids a live run of this policy reports (e.g. the fuzz oracles and the
   *     wiring check when the policy has a fuzz section); may be empty
   */
  public static Function<AuditContext, List<CheckResult>> replay(Snapshot snapshot,
      List<CheckResult> recorded, List<CheckInfo> expected) {
    return ctx -> {
      String when = "from snapshot taken " + snapshot.takenAt()
          + (snapshot.toolVersion().isEmpty() ? "" : " by Preflight " + snapshot.toolVersion())
          + "; not re-run offline";
      List<CheckResult> out = new ArrayList<>();
      for (CheckResult r : recorded) {
        out.add(mark(r, when));
      }
      Set<String> present = recorded.stream().map(CheckResult::checkId)
          .collect(Collectors.toSet());
      for (CheckInfo info : expected) {
        if (!present.contains(info.id())) {
          out.add(info.inconclusive("Not re-run offline: the snapshot (taken "
                  + snapshot.takenAt() + ") holds no recorded result of " + info.id()
                  + ", and an offline re-check cannot execute the program. Re-check from the "
                  + "preflight-snapshot.json a check run with this policy wrote, or run against "
                  + "a validator.")
              .evidence(Evidence.note(FIELD, "absent from the snapshot"))
              .subject(ctx.policy().program().id(), info.id()).build());
        }
      }
      return out;
    };
  }

  /** Whether {@code r} was taken from a snapshot rather than produced by this run. */
  public static boolean isRecorded(CheckResult r) {
    return r.evidence().stream().anyMatch(e -> e.field().equals(FIELD));
  }

  private static CheckResult mark(CheckResult r, String when) {
    if (isRecorded(r)) {
      return r; // re-checked from a snapshot that an offline run wrote: already marked
    }
    List<Evidence> ev = new ArrayList<>(r.evidence());
    ev.add(Evidence.note(FIELD, when));
    return new CheckResult(r.checkId(), r.title(), r.outcome(), r.severity(), r.message(), ev,
        r.checklist(), r.fingerprint(), r.remediation(), r.subject());
  }
}
