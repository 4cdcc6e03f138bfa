package org.xxact.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetDefinitionTest {
  @Test
  void derivedTargetsReadMaterialsProjectAndAlexandriaColumns() {
    TargetDefinition cs = TargetDefinition.of("crystal_system");
    assertThat(cs.kind()).isEqualTo(TargetKind.CLASSIFICATION);
    assertThat(cs.value(Map.of("spacegroup_number_spglib", "225"))).isEqualTo(6f);
    assertThat(cs.value(Map.of("spg", "14"))).isEqualTo(1f);
    TargetDefinition sg = TargetDefinition.of("spacegroup_number");
    assertThat(sg.classNames()).hasSize(230).startsWith("1").endsWith("230");
    assertThat(sg.value(Map.of("spg", "230"))).isEqualTo(229f);
    assertThatThrownBy(() -> sg.value(Map.of("spg", "12.5"))).hasMessageContaining("not a space-group number");
    TargetDefinition metal = TargetDefinition.of("is_metal");
    assertThat(metal.value(Map.of("band_gap", "0.0"))).isEqualTo(1f);
    assertThat(metal.value(Map.of("band_gap_ind", "1.2"))).isEqualTo(0f);
    assertThatThrownBy(() -> metal.value(Map.of("band_gap", "-1"))).hasMessageContaining("negative");
  }

  @Test
  void numericColumnsHaveUnitsAndMissingMarkersAreNaN() {
    TargetDefinition ef = TargetDefinition.of("formation_energy_per_atom");
    assertThat(ef.kind()).isEqualTo(TargetKind.REGRESSION);
    assertThat(ef.unit()).isEqualTo("eV/atom");
    assertThat(ef.value(Map.of("formation_energy_per_atom", "-1.5"))).isEqualTo(-1.5f);
    for (String missing : new String[] {"", "None", "nan", "NULL", " N/A "}) {
      assertThat(ef.value(Map.of("formation_energy_per_atom", missing))).as(missing).isNaN();
    }
    assertThat(ef.value(Map.of("other", "1"))).isNaN();
    assertThatThrownBy(() -> ef.value(Map.of("formation_energy_per_atom", "abc")))
        .hasMessage("formation_energy_per_atom = 'abc' is not a number");
    assertThatThrownBy(() -> ef.value(Map.of("formation_energy_per_atom", "Infinity")))
        .hasMessageContaining("not a finite number");
    assertThat(TargetDefinition.of("my_property").unit()).isEmpty();
  }

  @Test
  void listsRefuseDuplicatesAndEmptyNames() {
    assertThat(TargetDefinition.parseList("band_gap,crystal_system")).extracting(TargetDefinition::name)
        .containsExactly("band_gap", "crystal_system");
    assertThatThrownBy(() -> TargetDefinition.parseList("band_gap,band_gap")).hasMessageContaining("twice");
    assertThatThrownBy(() -> TargetDefinition.parseList("band_gap,,x")).hasMessageContaining("empty target name");
  }

  @Test
  void nameEqualsColumnReadsATargetFromAnotherColumn() {
    TargetDefinition ef = TargetDefinition.of("formation_energy_per_atom=e_form");
    assertThat(ef.name()).isEqualTo("formation_energy_per_atom");
    assertThat(ef.unit()).isEqualTo("eV/atom");
    assertThat(ef.value(Map.of("e_form", "-1.25", "formation_energy_per_atom", "9"))).isEqualTo(-1.25f);
    assertThat(ef.describeSource()).isEqualTo("a column or data field 'e_form'");
    TargetDefinition cs = TargetDefinition.of(" crystal_system = spg_num ");
    assertThat(cs.name()).isEqualTo("crystal_system");
    assertThat(cs.kind()).isEqualTo(TargetKind.CLASSIFICATION);
    assertThat(cs.value(Map.of("spg_num", "221", "spg", "1"))).isEqualTo(6f);
    assertThat(cs.value(Map.of("spg", "221"))).isNaN();
    assertThat(TargetDefinition.of("hardness=hv").unit()).isEmpty();
    assertThatThrownBy(() -> TargetDefinition.of("band_gap=")).hasMessage("target 'band_gap=' names no column");
    assertThatThrownBy(() -> TargetDefinition.of("=e_form")).hasMessageContaining("empty target name");
    assertThatThrownBy(() -> TargetDefinition.parseList("band_gap,band_gap=gap")).hasMessageContaining("twice");
  }
}
