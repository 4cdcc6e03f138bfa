package org.xxact.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.crystal.InputException;

class ConfigTreeTest {
  @Test
  void fileThenOverridesOnTopOfDefaults(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("model.json");
    Files.writeString(file, "{\"dModel\": 64, \"numHeads\": 2, \"pooling\": \"ATTENTION\"}");
    ModelConfig c =
        ConfigTree.resolve(
            ModelConfig.defaults(), ModelConfig.class, file, List.of("numHeads=8", "sqrtIntensity=false", "dropout=0"));
    assertThat(c.dModel()).isEqualTo(64);
    assertThat(c.numHeads()).isEqualTo(8);
    assertThat(c.pooling()).isEqualTo(PoolingKind.ATTENTION);
    assertThat(c.sqrtIntensity()).isFalse();
    assertThat(c.dropout()).isZero();
    assertThat(c.patchSize()).isEqualTo(ModelConfig.defaults().patchSize());
    assertThat(ConfigTree.parse(ConfigTree.toJson(c), ModelConfig.class, "round trip")).isEqualTo(c);
  }

  @Test
  void aConfigurationWrittenBeforePeakTokensExistedDescribesAModelWithout() {
    com.fasterxml.jackson.databind.node.ObjectNode tree =
        ConfigTree.mapper().valueToTree(ModelConfig.defaults().withModality(Modality.XRD));
    tree.put("peakTokens", 16);
    assertThat(ConfigTree.parse(tree.toString(), ModelConfig.class, "config.json").peakTokens()).isEqualTo(16);
    tree.remove("peakTokens");
    assertThat(ConfigTree.parse(tree.toString(), ModelConfig.class, "config.json").peakTokens()).isZero();
  }

  @Test
  void unknownKeysAndBadValuesAreNamed(@TempDir Path tmp) throws Exception {
    ModelConfig d = ModelConfig.defaults();
    assertThatThrownBy(() -> ConfigTree.resolve(d, ModelConfig.class, null, List.of("dmodel=3")))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("unknown configuration key 'dmodel'");
    assertThatThrownBy(() -> ConfigTree.resolve(d, ModelConfig.class, null, List.of("dModel=big")))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("cannot read value 'big'");
    assertThatThrownBy(() -> ConfigTree.resolve(d, ModelConfig.class, null, List.of("numHeads=3")))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("not divisible by numHeads 3");
    Path file = tmp.resolve("bad.json");
    Files.writeString(file, "{\"dModel\": 64,\n \"layers\": 2}");
    assertThatThrownBy(() -> ConfigTree.resolve(d, ModelConfig.class, file, List.of()))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("'layers'");
  }
}
