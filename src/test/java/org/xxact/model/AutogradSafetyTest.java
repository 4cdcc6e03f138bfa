package org.xxact.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import ai.djl.ndarray.NDArray;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The differentiable code never multiplies or divides by a Java number through DJL ({@code NDArray.mul(Number)},
 * {@code div(Number)}): DJL frees the temporary scalar tensor that PyTorch's autograd saves for the backward pass, which
 * then reads freed memory (see {@link ForwardContext}). Measured: with it, gradients became run-dependent and about one
 * run in three hit an infinite gradient within 600 steps.
 */
class AutogradSafetyTest {
  @Test
  void modelCodeUsesLiveScalarTensors() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.xxact.model");
    noClasses()
        .should()
        .callMethod(NDArray.class, "mul", Number.class)
        .orShould()
        .callMethod(NDArray.class, "div", Number.class)
        .check(classes);
  }
}
