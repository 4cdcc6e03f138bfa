package org.xxact.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitAssignerTest {
  @Test
  void parsesFractionsAndRefusesBadOnes() {
    SplitAssigner a = SplitAssigner.parse(1, "0.8, 0.1, 0.1");
    assertThat(a.trainFraction()).isEqualTo(0.8);
    assertThat(a.valFraction()).isEqualTo(0.1);
    assertThat(a.testFraction()).isEqualTo(0.1);
    assertThatThrownBy(() -> SplitAssigner.parse(1, "0.8,0.2")).hasMessageContaining("three fractions");
    assertThatThrownBy(() -> SplitAssigner.parse(1, "0.8,0.1,0.2")).hasMessageContaining("sum to 1");
    assertThatThrownBy(() -> SplitAssigner.parse(1, "0.8,x,0.2")).hasMessageContaining("'x' is not a number");
    assertThatThrownBy(() -> SplitAssigner.parse(1, "1.2,-0.1,-0.1")).hasMessageContaining("outside [0, 1]");
  }

  @Test
  void sameKeySameSplitAndSizesNearTheFractions() {
    SplitAssigner a = SplitAssigner.parse(42, "0.8,0.1,0.1");
    Map<Split, Integer> counts = new EnumMap<>(Split.class);
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      String key = "Fe" + i + "O" + (i % 7 + 1);
      Split s = a.assign(key);
      assertThat(a.assign(key)).isEqualTo(s);
      counts.merge(s, 1, Integer::sum);
    }
    // Binomial standard deviation for p = 0.1 and n = 20,000 is 0.0021; allow 5 of them.
    assertThat(counts.get(Split.TRAIN) / (double) n).isBetween(0.8 - 0.011, 0.8 + 0.011);
    assertThat(counts.get(Split.VAL) / (double) n).isBetween(0.1 - 0.011, 0.1 + 0.011);
    assertThat(counts.get(Split.TEST) / (double) n).isBetween(0.1 - 0.011, 0.1 + 0.011);
  }

  @Test
  void theSeedChangesTheAssignment() {
    SplitAssigner a = SplitAssigner.parse(1, "0.5,0.25,0.25");
    SplitAssigner b = SplitAssigner.parse(2, "0.5,0.25,0.25");
    int differ = 0;
    for (int i = 0; i < 1000; i++) {
      if (a.assign("K" + i) != b.assign("K" + i)) {
        differ++;
      }
    }
    // Independent assignments differ with probability 1 - (0.25 + 0.0625 + 0.0625) = 0.625.
    assertThat(differ).isBetween(550, 700);
  }

  @Test
  void allTrainOrAllTestAreAllowed() {
    assertThat(SplitAssigner.parse(3, "1,0,0").assign("NaCl")).isEqualTo(Split.TRAIN);
    assertThat(SplitAssigner.parse(3, "0,0,1").assign("NaCl")).isEqualTo(Split.TEST);
  }
}
