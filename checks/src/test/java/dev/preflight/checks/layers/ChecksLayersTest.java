package dev.preflight.checks.layers;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The built-in checks sit on the check layer (CONTRIBUTING.md, "Layers"): their packages form no
 * cycle, they never import Maven, and they never reach up into the orchestration or the views.
 */
class ChecksLayersTest {
  static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.preflight.checks");

  @Test
  void noPackageCycles() {
    slices().matching("dev.preflight.checks.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void noMavenAndNothingAboveTheCheckLayer() {
    noClasses().that().resideInAPackage("dev.preflight.checks..").should().dependOnClassesThat()
        .resideInAnyPackage("org.apache.maven..", "dev.preflight.core.audit..",
            "dev.preflight.core.render..", "dev.preflight.core.gate..", "dev.preflight.maven..")
        .check(CLASSES);
  }
}
