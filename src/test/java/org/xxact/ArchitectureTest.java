package org.xxact;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layer rules of the design document, checked on the compiled classes. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.xxact");
  }

  @Test
  void physicsLayersDoNotUseDeepLearningOrCli() {
    noClasses()
        .that()
        .resideInAnyPackage("org.xxact.crystal..", "org.xxact.xrd..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("ai.djl..", "picocli..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void onlyCliUsesPicocli() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.xxact.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("picocli..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void crystalLayerUsesNothingElseOfOurs() {
    noClasses()
        .that()
        .resideInAPackage("org.xxact.crystal..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.xxact.xrd..",
            "org.xxact.data..",
            "org.xxact.model..",
            "org.xxact.train..",
            "org.xxact.eval..",
            "org.xxact.cli..",
            "org.xxact.serve..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void xrdDoesNotReachUpTheStack() {
    noClasses()
        .that()
        .resideInAPackage("org.xxact.xrd..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.xxact.data..",
            "org.xxact.model..",
            "org.xxact.train..",
            "org.xxact.eval..",
            "org.xxact.cli..",
            "org.xxact.serve..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void dataDoesNotDependOnModelOrTraining() {
    noClasses()
        .that()
        .resideInAPackage("org.xxact.data..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.xxact.model..", "org.xxact.train..", "org.xxact.eval..", "org.xxact.cli..", "ai.djl..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void nothingBelowCliWritesToStdout() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.xxact.cli..")
        .should()
        .accessField(System.class, "out")
        .allowEmptyShould(true)
        .check(classes);
  }
}
