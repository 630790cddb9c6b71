package dev.preflight.checks.checklist;

import dev.preflight.core.audit.ChecklistEvaluator;
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
import java.util.Set;

/**
 * Computes readiness against the built-in checklist (the seed roadmap) from a run's results and
 * the policy's attestations. Registered as a {@link ChecklistEvaluator} service.
 */
public final class SeedChecklist implements ChecklistEvaluator {

  /** Every check id the built-in checklist may name: the built-in checks and the fuzz oracles. */
  public static final Set<String> KNOWN_CHECK_IDS = Set.of(
      "program.upgrade-authority", "program.binary-hash", "program.security-txt",
      "program.verified-build", "multisig.threshold", "multisig.timelock",
      "multisig.config-authority", "multisig.pending-upgrade", "multisig.spending-limits",
      "config.fee-cap", "config.duration-bounds", "config.emergency-stop",
      "config.circuit-breaker", "config.admin-set", "mint.authorities", "mint.extensions",
      "deploy.cluster-consistency", "ops.failure-rate", "ops.compute-units", "ops.fee-cost",
      "evidence.test-coverage", "evidence.documents",
      "fuzz.unexpected-failure-mode", "fuzz.unauthorized-success", "fuzz.bounds-accepted",
      "fuzz.account-substitution", "fuzz.conservation", "fuzz.compute-budget", "fuzz.coverage",
      "wiring.emergency-stop");

  public static Checklist load() {
    return ChecklistLoader.builtin(SeedChecklist.class.getClassLoader(), KNOWN_CHECK_IDS);
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
      figures.add(figure(p.phase().id(), p.phase().title(), "phase", p.tally()));
      for (Readiness.SectionReadiness s : p.sections()) {
        figures.add(figure(s.section().id(), s.section().title(), "section", s.tally()));
        for (Readiness.ItemReadiness i : s.items()) {
          add(items, s.section().id(), i);
        }
      }
    }
    for (Readiness.CriterionReadiness c : r.criteria()) {
      figures.add(figure(c.criterion().id(), c.criterion().text(), "criterion", c.tally()));
    }
    figures.add(figure("overall", "Overall readiness", "overall", r.overall()));
    return new Status(items, figures, attested);
  }

  private static void add(List<ReadinessReport.ItemStatus> out, String group,
                          Readiness.ItemReadiness i) {
    out.add(new ReadinessReport.ItemStatus(i.item().id(), group, i.item().text(),
        i.status().label(), i.item().checks(), i.reason()));
    for (Readiness.ItemReadiness part : i.parts()) {
      add(out, group, part);
    }
  }

  private static ReadinessReport.Readiness figure(String id, String title, String kind, Tally t) {
    return new ReadinessReport.Readiness(id, title, kind, t.satisfied(), t.total());
  }
}
