package dev.preflight.core.layers;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layers of CONTRIBUTING.md ("Layers") as a build test: no package cycle in
 * audit-core, each layer imports only the layers below it, and nothing imports Maven. A change
 * that breaks one of these fails here, naming the offending class and dependency.
 */
class LayersTest {
  static final String CORE = "dev.preflight.core";

  static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages(CORE);

  @Test
  void noPackageCycles() {
    slices().matching(CORE + ".(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void noMaven() {
    noClasses().that().resideInAPackage(CORE + "..").should().dependOnClassesThat()
        .resideInAPackage("org.apache.maven..").check(CLASSES);
  }

  @Test
  void layersOnlyLookDown() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("orchestration").definedBy(CORE + ".audit..")
        .layer("views").definedBy(CORE + ".gate..", CORE + ".render..")
        .layer("checks").definedBy(CORE + ".check..", CORE + ".expr..", CORE + ".checklist..",
            CORE + ".coverage..", CORE + ".fuzz..", CORE + ".report..")
        .layer("data").definedBy(CORE + ".snapshot..", CORE + ".exec..", CORE + ".idl..",
            CORE + ".chain..", CORE + ".policy..")
        .layer("cluster").definedBy(CORE + ".cluster..")
        .layer("vocabulary").definedBy(CORE, CORE + ".vocabulary..")
        .whereLayer("orchestration").mayNotBeAccessedByAnyLayer()
        .whereLayer("views").mayOnlyBeAccessedByLayers("orchestration")
        .whereLayer("checks").mayOnlyBeAccessedByLayers("orchestration", "views")
        .whereLayer("data").mayOnlyBeAccessedByLayers("orchestration", "views", "checks")
        .whereLayer("cluster").mayOnlyBeAccessedByLayers("orchestration", "views", "checks",
            "data")
        .check(CLASSES);
  }

  @Test
  void vocabularyImportsNothingAboveIt() {
    classes().that().resideInAPackage(CORE + ".vocabulary..").should().onlyDependOnClassesThat()
        .resideInAnyPackage(CORE, CORE + ".vocabulary..", "java..").check(CLASSES);
  }
}
