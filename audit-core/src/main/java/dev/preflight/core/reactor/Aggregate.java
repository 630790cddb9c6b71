package dev.preflight.core.reactor;

import dev.preflight.core.gate.GateReason;
import dev.preflight.core.gate.GateResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The modules of one build with one combined gate: it passes only when every audited module's
 * gate passed, no module with a policy went unaudited, and at least one module was audited (an
 * aggregate of nothing is no evidence).
 */
public record Aggregate(List<ModuleEntry> modules, GateResult.Verdict verdict,
                        List<String> reasons) {

  public Aggregate {
    modules = List.copyOf(modules);
    reasons = List.copyOf(reasons);
  }

  /** Combines the entries, in build order. */
  public static Aggregate of(List<ModuleEntry> modules) {
    List<String> reasons = new ArrayList<>();
    int audited = 0;
    for (ModuleEntry m : modules) {
      switch (m) {
        case ModuleEntry.Audited a -> {
          audited++;
          if (!a.gate().passed()) {
            for (GateReason r : a.gate().reasons()) {
              reasons.add(m.module() + ": " + r.message());
            }
          }
        }
        case ModuleEntry.NotRun n -> reasons.add(m.module() + ": " + n.reason());
        case ModuleEntry.Skipped s -> { }
      }
    }
    if (audited == 0) {
      reasons.add("no module of the build was audited: give a module a preflight.yaml and bind "
          + "a Preflight goal (check or report) in it");
    }
    return new Aggregate(modules, reasons.isEmpty() ? GateResult.Verdict.PASS
        : GateResult.Verdict.FAIL, reasons);
  }

  /**
   * Whether every module was skipped by a skip switch ({@code -Dpreflight.check.skip}, ...): the
   * user chose to audit nothing, so there is no verdict to give and the aggregate is skipped too.
   */
  public boolean everyModuleSwitchedOff() {
    return !modules.isEmpty() && modules.stream().allMatch(m -> m instanceof ModuleEntry.Skipped s
        && s.why() == ModuleDecision.Reason.SKIP_FLAG);
  }

  public boolean passed() {
    return verdict == GateResult.Verdict.PASS;
  }

  public List<ModuleEntry.Audited> audited() {
    return modules.stream().filter(ModuleEntry.Audited.class::isInstance)
        .map(ModuleEntry.Audited.class::cast).toList();
  }

  /** One line for a build log, e.g. "FAIL: 2 modules audited (1 failed), 1 skipped". */
  public String summary() {
    long audited = audited().size();
    long failed = audited().stream().filter(a -> !a.gate().passed()).count();
    long skipped = modules.stream().filter(ModuleEntry.Skipped.class::isInstance).count();
    long notRun = modules.stream().filter(ModuleEntry.NotRun.class::isInstance).count();
    StringBuilder b = new StringBuilder(verdict.name()).append(": ").append(audited)
        .append(audited == 1 ? " module" : " modules").append(" audited");
    if (failed > 0) {
      b.append(" (").append(failed).append(" failed)");
    }
    b.append(", ").append(skipped).append(" skipped");
    if (notRun > 0) {
      b.append(", ").append(notRun).append(" with a policy but not audited");
    }
    return b.toString();
  }
}
