package org.xxact.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xxact.model.DjlRuntime;
import org.xxact.model.Modality;
import org.xxact.model.XxactModel;
import org.xxact.train.InitSource.Part;

class InitSourceTest {

  @Test
  void aPlainRunTakesEveryPartButTheHeads() {
    InitSource source = InitSource.parse("runs/fused");
    assertThat(source.run()).isEqualTo(Path.of("runs/fused"));
    assertThat(source.parts()).containsExactlyInAnyOrder(Part.COMPOSITION, Part.XRD, Part.FUSION);
    assertThat(source).hasToString("runs/fused");
    assertThat(source.isWhole()).isTrue();
    assertThat(source.takes("mxm_decoder.block0.weight")).isTrue();
    assertThat(source.takes("head.band_gap.output.weight")).isFalse();
  }

  @Test
  void headsTransferOnlyWhenNamed() {
    InitSource all = InitSource.parse("runs/fused:composition,xrd,fusion,heads");
    assertThat(all.isWhole()).isTrue();
    assertThat(all.takes("head.band_gap.output.weight")).isTrue();
    assertThat(all.takes("head.auxiliary_xrd.band_gap.output.weight")).isTrue();
    assertThat(all.takes("mxm_decoder.block0.weight")).isTrue();
    assertThat(all).hasToString("runs/fused:composition,xrd,fusion,heads");
    InitSource heads = InitSource.parse("runs/fused:HEADS");
    assertThat(heads.takes("head.band_gap.output.weight")).isTrue();
    assertThat(heads.takes("xrd.block0.attention.query.weight")).isFalse();
    assertThat(heads.takes("headroom.weight")).isFalse();
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
  void theTwoHalvesOfTheCompositionPartSplitItWithoutOverlap() {
    InitSource tokens = InitSource.parse("runs/elements:composition_tokens");
    InitSource pooling = InitSource.parse("runs/fused:Composition_Pooling,xrd");
    InitSource whole = InitSource.parse("runs/fused:composition");
    assertThat(pooling.parts()).containsExactlyInAnyOrder(Part.COMPOSITION_POOLING, Part.XRD);
    assertThat(pooling).hasToString("runs/fused:composition_pooling,xrd");
    Set<String> names;
    DjlRuntime.engine(1);
    try (XxactModel model = XxactModel.create(TinyConfigs.tiny(Modality.FUSED).model(), List.of(), 3)) {
      names = model.parameterShapes().keySet();
    }
    List<String> composition = names.stream().filter(whole::takes).toList();
    assertThat(composition).allMatch(n -> n.startsWith("composition."));
    assertThat(composition).allMatch(n -> tokens.takes(n) ^ pooling.takes(n));
    assertThat(composition.stream().filter(pooling::takes))
        .isNotEmpty()
        .allMatch(n -> n.startsWith(XxactModel.COMPOSITION_POOL) || n.startsWith(XxactModel.COMPOSITION_FRACTION_MLP))
        .anyMatch(n -> n.startsWith(XxactModel.COMPOSITION_FRACTION_MLP));
    assertThat(composition.stream().filter(tokens::takes))
        .anyMatch(n -> n.startsWith("composition.block0."))
        .anyMatch(n -> n.startsWith("composition.element_embedding"));
    assertThat(names.stream().filter(n -> !n.startsWith("composition.")))
        .isNotEmpty()
        .noneMatch(n -> tokens.takes(n) || pooling.takes(n) && !n.startsWith("xrd."));
    assertThat(tokens.isWhole()).isFalse();
  }

  @Test
  void aColonThatIsNotFollowedByPartsBelongsToThePath() {
    assertThat(InitSource.parse("runs/2026-11-22T10:15").run()).isEqualTo(Path.of("runs/2026-11-22T10:15"));
    assertThat(InitSource.parse("C:runs/a").parts()).isEqualTo(EnumSet.of(Part.COMPOSITION, Part.XRD, Part.FUSION));
  }

  @Test
  void unknownOrRepeatedPartsAreErrors() {
    assertThatThrownBy(() -> InitSource.parse("runs/fused:xrd,head"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown model part 'head'")
        .hasMessageContaining("composition, composition_tokens, composition_pooling, xrd, fusion, heads");
    assertThatThrownBy(() -> InitSource.parse("runs/fused:xrd,xrd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("given twice");
  }
}
