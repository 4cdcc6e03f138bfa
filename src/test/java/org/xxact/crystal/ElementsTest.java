package org.xxact.crystal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ElementsTest {
  @Test
  void tableCoversHydrogenToLawrenciumInOrder() {
    assertThat(Elements.all()).hasSize(103);
    for (int z = 1; z <= 103; z++) {
      assertThat(Elements.ofAtomicNumber(z).atomicNumber()).isEqualTo(z);
    }
  }

  @Test
  void ironHasItsTextbookProperties() {
    Element fe = Elements.of("Fe");
    assertThat(fe.atomicNumber()).isEqualTo(26);
    assertThat(fe.atomicMassU()).isEqualTo(55.845);
    assertThat(fe.group()).isEqualTo(8);
    assertThat(fe.period()).isEqualTo(4);
    assertThat(fe.block()).isEqualTo("d");
    assertThat(fe.paulingElectronegativity()).isEqualTo(1.83);
    assertThat(fe.covalentRadiusAngstrom()).isEqualTo(1.32);
  }

  @Test
  void nobleGasesWithoutPaulingValueAreNaN() {
    assertThat(Elements.of("He").paulingElectronegativity()).isNaN();
    assertThat(Elements.of("Xe").paulingElectronegativity()).isEqualTo(2.6);
  }

  @Test
  void unknownSymbolsAreRejected() {
    assertThat(Elements.find("Xx")).isEmpty();
    assertThat(Elements.find("fe")).isEmpty();
    assertThatThrownBy(() -> Elements.of("Qq")).hasMessageContaining("Qq");
    assertThatThrownBy(() -> Elements.ofAtomicNumber(104)).hasMessageContaining("104");
  }
}
