package org.xxact.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.xxact.train.InitSource.Part;

class InitSourceTest {

  @Test
  void aPlainRunTakesEveryPart() {
    InitSource source = InitSource.parse("runs/fused");
    assertThat(source.run()).isEqualTo(Path.of("runs/fused"));
    assertThat(source.parts()).isEqualTo(EnumSet.allOf(Part.class));
    assertThat(source).hasToString("runs/fused");
    assertThat(source.isWhole()).isTrue();
    assertThat(source.takes("mxm_decoder.block0.weight")).isTrue();
  }

  @Test
  void aPartListTakesOnlyThoseParts() {
    InitSource source = InitSource.parse("runs/fused:xrd,Fusion");
    assertThat(source.run()).isEqualTo(Path.of("runs/fused"));
    assertThat(source.parts()).containsExactlyInAnyOrder(Part.XRD, Part.FUSION);
    assertThat(source.takes("xrd.block0.attention.query.weight")).isTrue();
    assertThat(source.takes("fusion.layer0.composition_from_xrd.gate")).isTrue();
    assertThat(source.takes("composition.fraction_mlp.layer0.weight")).isFalse();
    assertThat(source.takes("xrdish.weight")).isFalse();
    assertThat(source.isWhole()).isFalse();
    assertThat(source).hasToString("runs/fused:xrd,fusion");
  }

  @Test
  void aColonThatIsNotFollowedByPartsBelongsToThePath() {
    assertThat(InitSource.parse("runs/2026-11-22T10:15").run()).isEqualTo(Path.of("runs/2026-11-22T10:15"));
    assertThat(InitSource.parse("C:runs/a").parts()).isEqualTo(EnumSet.allOf(Part.class));
  }

  @Test
  void unknownOrRepeatedPartsAreErrors() {
    assertThatThrownBy(() -> InitSource.parse("runs/fused:xrd,heads"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown model part 'heads'")
        .hasMessageContaining("composition, xrd, fusion");
    assertThatThrownBy(() -> InitSource.parse("runs/fused:xrd,xrd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("given twice");
  }
}
