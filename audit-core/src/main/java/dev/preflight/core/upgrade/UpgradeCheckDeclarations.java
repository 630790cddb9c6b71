package dev.preflight.core.upgrade;

import dev.preflight.core.check.CheckDeclarations;
import java.util.List;

/**
 * The id the upgrade diff reports, for the check registry: {@code upgrade.diff} is in the catalog,
 * the SARIF rules and every id list derived from the registry, whether or not a run compares a
 * candidate. A provider of its own (not an entry of the fuzz package's): the upgrade diff builds
 * on the fuzz campaign, never the other way round.
 */
public final class UpgradeCheckDeclarations implements CheckDeclarations {

  @Override
  public List<Class<?>> declaringClasses() {
    return List.of(UpgradeDiff.class);
  }
}
