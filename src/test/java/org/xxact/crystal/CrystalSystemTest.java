package org.xxact.crystal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CrystalSystemTest {
  @Test
  void spaceGroupRangesFollowTheInternationalTables() {
    int[][] firstAndLast = {{1, 2}, {3, 15}, {16, 74}, {75, 142}, {143, 167}, {168, 194}, {195, 230}};
    CrystalSystem[] systems = CrystalSystem.values();
    for (int s = 0; s < systems.length; s++) {
      assertThat(CrystalSystem.ofSpaceGroup(firstAndLast[s][0])).isEqualTo(systems[s]);
      assertThat(CrystalSystem.ofSpaceGroup(firstAndLast[s][1])).isEqualTo(systems[s]);
    }
    assertThat(CrystalSystem.ofSpaceGroup(225)).isEqualTo(CrystalSystem.CUBIC);
    assertThatThrownBy(() -> CrystalSystem.ofSpaceGroup(0)).hasMessageContaining("outside 1-230");
    assertThatThrownBy(() -> CrystalSystem.ofSpaceGroup(231)).hasMessageContaining("outside 1-230");
  }

  @Test
  void labelsAreLowerCaseNamesAndParseBack() {
    assertThat(CrystalSystem.ORTHORHOMBIC.label()).isEqualTo("orthorhombic");
    for (CrystalSystem s : CrystalSystem.values()) {
      assertThat(CrystalSystem.ofLabel(s.label().toUpperCase(java.util.Locale.ROOT))).isEqualTo(s);
    }
    assertThatThrownBy(() -> CrystalSystem.ofLabel("rhombic")).hasMessageContaining("not a crystal system");
  }
}
