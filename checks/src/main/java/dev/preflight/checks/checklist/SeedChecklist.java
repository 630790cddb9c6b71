package dev.preflight.checks.checklist;

import dev.preflight.core.check.CheckRegistry;
import dev.preflight.core.checklist.ChecklistEvaluator;
import dev.preflight.core.check.AuditContext;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.checklist.AttestationVerdict;
import dev.preflight.core.checklist.Attestations;
import dev.preflight.core.checklist.Checklist;
import dev.preflight.core.checklist.ChecklistLoader;
import dev.preflight.core.checklist.Readiness;
import dev.preflight.core.checklist.ReadinessCalculator;
import dev.preflight.core.checklist.Tally;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.report.ReadinessReport;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes readiness against the built-in checklist (the seed roadmap) from a run's results and
 * the policy's attestations. Registered as a {@link ChecklistEvaluator} service.
 */
public final class SeedChecklist implements ChecklistEvaluator {

  /**
   * The built-in checklist, each automated item answered by the checks on this class path that
   * name it (the check registry: built-in checks, fuzz oracles, and any check jar beside them).
   */
  public static Checklist load() {
    ClassLoader loader = SeedChecklist.class.getClassLoader();
    return ChecklistLoader.builtin(loader, CheckRegistry.load(loader).definitions());
  }

  @Override
  public Status evaluate(Policy policy, List<CheckResult> results, AuditContext context) {
    Checklist checklist = load();
    List<AttestationVerdict> verdicts = Attestations.verify(checklist, policy);
    List<CheckResult> attested = Attestations.results(checklist, verdicts);
    List<CheckResult> all = new ArrayList<>(results);
    all.addAll(attested);
    Readiness r = ReadinessCalculator.compute(checklist, all, verdicts);

    List<ReadinessReport.ItemStatus> items = new ArrayList<>();
    List<ReadinessReport.Readiness> figures = new ArrayList<>();
    for (Readiness.PhaseReadiness p : r.phases()) {
      figures.add(figure(p.phase().id(), p.phase().title(), ReadinessReport.Kind.PHASE, p.tally()));
      for (Readiness.SectionReadiness s : p.sections()) {
        figures.add(figure(s.section().id(), s.section().title(), ReadinessReport.Kind.SECTION,
            s.tally()));
        for (Readiness.ItemReadiness i : s.items()) {
          add(items, s.section().id(), i);
        }
      }
    }
    for (Readiness.CriterionReadiness c : r.criteria()) {
      figures.add(figure(c.criterion().id(), c.criterion().text(), ReadinessReport.Kind.CRITERION,
          c.tally()));
    }
    figures.add(figure("overall", "Overall readiness", ReadinessReport.Kind.OVERALL, r.overall()));
    return new Status(items, figures, attested);
  }

  private static void add(List<ReadinessReport.ItemStatus> out, String group,
                          Readiness.ItemReadiness i) {
    out.add(new ReadinessReport.ItemStatus(i.item().id(), group, i.item().text(),
        i.status(), i.item().checks(), i.reason()));
    for (Readiness.ItemReadiness part : i.parts()) {
      add(out, group, part);
    }
  }

  private static ReadinessReport.Readiness figure(String id, String title,
                                                 ReadinessReport.Kind kind, Tally t) {
    return new ReadinessReport.Readiness(id, title, kind, t.satisfied(), t.total());
  }
}
