package dev.preflight.core.check;

import java.util.List;

/**
 * Check ids reported by something other than a state {@link Check}: fuzz oracles, wiring checks
 * against a validator, the upgrade diff. Each class that judges carries its {@link CheckDefinition}s beside its
 * logic, as a state check does; a provider names those classes and is registered in {@code
 * META-INF/services/dev.preflight.core.check.CheckDeclarations}, so that the {@link CheckRegistry}
 * (and every catalog, checklist mapping and id list derived from it) knows every id a run can
 * report.
 */
public interface CheckDeclarations {

  /** The classes carrying the {@link CheckDefinition}s, in the order their ids are reported. */
  List<Class<?>> declaringClasses();

  default List<CheckInfo> definitions() {
    return declaringClasses().stream().flatMap(c -> CheckInfo.fromAnnotations(c).stream())
        .toList();
  }
}
