package dev.preflight.core.check;

import dev.preflight.core.vocabulary.Severity;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The metadata of one check id, declared on the class that implements it. A class producing several
 * ids (the config-rule presets) carries one annotation per id. The check catalog in the docs is
 * generated from these.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(CheckDefinitions.class)
public @interface CheckDefinition {
  /** Stable id, e.g. {@code program.upgrade-authority}; used in fingerprints and suppressions. */
  String id();

  String title();

  Severity severity();

  /** Checklist item ids this check answers. */
  String[] checklist() default {};

  /** Why it matters. */
  String rationale();

  /** What to do when it fails. */
  String remediation();

  String[] references() default {};

  /**
   * True for a check whose failure announces something about to happen (a pending upgrade in the
   * multisig) rather than a state to fix: the audit also prints its failures as warnings on the
   * console, ahead of the summary.
   */
  boolean earlyWarning() default false;
}
