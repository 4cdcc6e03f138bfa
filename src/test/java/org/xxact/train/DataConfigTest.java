package org.xxact.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xxact.crystal.InputException;
import org.xxact.data.Augmentation;
import org.xxact.model.ConfigTree;

class DataConfigTest {
  @Test
  void augmentationRangesComeFromTheConfigurationAndApplyOnlyWhenAugmentIsOn() {
    RunConfig plain = RunConfig.resolve(null, List.of());
    assertThat(plain.data().trainingAugmentation()).isEqualTo(Augmentation.NONE);

    RunConfig defaults = RunConfig.resolve(null, List.of("data.augment=true"));
    assertThat(defaults.data().trainingAugmentation()).isEqualTo(Augmentation.DEFAULTS);

    RunConfig mild =
        RunConfig.resolve(
            null,
            List.of(
                "data.augment=true",
                "data.augmentation={\"latticeStrain\":{\"min\":-0.01,\"max\":0.01},"
                    + "\"intensityJitter\":{\"min\":0,\"max\":0.2}}"));
    Augmentation expected =
        new Augmentation(
            null,
            null,
            null,
            new Augmentation.Range(-0.01, 0.01),
            new Augmentation.Range(0, 0.2),
            null,
            null,
            null,
            null,
            null);
    assertThat(mild.data().trainingAugmentation()).isEqualTo(expected);
    assertThat(DatasetTrainingData.Options.of(List.of(), mild.data()).augmentation()).isEqualTo(expected);
    assertThat(ConfigTree.parse(ConfigTree.toJson(mild), RunConfig.class, "round trip")).isEqualTo(mild);

    RunConfig oneRange = RunConfig.resolve(null, List.of("data.augmentation.zeroShiftDeg={\"min\":0,\"max\":0.05}"));
    assertThat(oneRange.data().augmentation().zeroShiftDeg()).isEqualTo(new Augmentation.Range(0, 0.05));
    assertThat(oneRange.data().augmentation().peakFwhmDeg()).isEqualTo(Augmentation.DEFAULTS.peakFwhmDeg());
    assertThat(oneRange.data().trainingAugmentation()).isEqualTo(Augmentation.NONE);

    // An augmentation that is off in the defaults is turned on by its key alone.
    RunConfig impurity = RunConfig.resolve(
        null, List.of("data.augment=true", "data.augmentation.secondPhaseFraction={\"min\":0,\"max\":0.15}"));
    assertThat(impurity.data().trainingAugmentation().secondPhaseFraction())
        .isEqualTo(new Augmentation.Range(0, 0.15));
    assertThat(impurity.data().trainingAugmentation().microstrain()).isEqualTo(Augmentation.DEFAULTS.microstrain());
    assertThat(ConfigTree.parse(ConfigTree.toJson(impurity), RunConfig.class, "round trip")).isEqualTo(impurity);
  }

  @Test
  void aConfigurationWithoutRangesReadsTheDefaultsAndBadRangesAreNamed() {
    ObjectNode tree = ConfigTree.mapper().valueToTree(RunConfig.resolve(null, List.of("data.augment=true")));
    ((ObjectNode) tree.get("data")).remove("augmentation");
    RunConfig old = ConfigTree.parse(tree.toString(), RunConfig.class, "config.json");
    assertThat(old.data().trainingAugmentation()).isEqualTo(Augmentation.DEFAULTS);
    assertThatThrownBy(
            () ->
                RunConfig.resolve(
                    null, List.of("data.augmentation={\"latticeStrain\":{\"min\":0.01,\"max\":-0.01}}")))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("min <= max");
    assertThatThrownBy(() -> RunConfig.resolve(null, List.of("data.augmentation={\"strain\":{}}")))
        .isInstanceOf(InputException.class);
  }
}
