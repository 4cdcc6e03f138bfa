package org.xxact.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.crystal.InputException;

class EvaluationResultTest {
  @TempDir Path dir;

  private static EvaluationResult result(double mae, double accuracy) {
    Map<String, TargetMetrics> m = new LinkedHashMap<>();
    m.put("formation_energy_per_atom", new RegressionMetrics(mae, 0.75, 0.9, 100));
    m.put("crystal_system", new ClassificationMetrics(accuracy, 0.7, 100, null));
    return new EvaluationResult(m);
  }

  @Test
  void serialisesToTheDocumentedJson() throws Exception {
    assertThat(new ObjectMapper().writeValueAsString(result(0.5, 0.8)))
        .isEqualTo(
            "{\"formation_energy_per_atom\":{\"mae\":0.5,\"rmse\":0.75,\"r2\":0.9,\"n\":100},"
                + "\"crystal_system\":{\"accuracy\":0.8,\"macro_f1\":0.7,\"n\":100}}");
  }

  @Test
  void roundTripsThroughAFileIncludingAucAndUndefinedR2() throws Exception {
    Map<String, TargetMetrics> m = new LinkedHashMap<>();
    m.put("band_gap", new RegressionMetrics(0.3, 0.4, Double.NaN, 5));
    m.put("is_metal", new ClassificationMetrics(0.9, 0.85, 5, 0.95));
    EvaluationResult r = new EvaluationResult(m);
    Path f = dir.resolve("sub/metrics.json");
    r.write(f);
    assertThat(Files.readString(f)).contains("\"roc_auc\" : 0.95").contains("\"r2\" : \"NaN\"");
    EvaluationResult back = EvaluationResult.read(f);
    assertThat(back).isEqualTo(r);
    assertThat(back.targets().keySet()).containsExactly("band_gap", "is_metal");
    try (var files = Files.list(f.getParent())) {
      assertThat(files).containsExactly(f);
    }
  }

  @Test
  void readingSomethingElseIsAOneLineInputError() throws Exception {
    Path f = dir.resolve("bad.json");
    Files.writeString(f, "{\"x\": {\"loss\": 1}}");
    assertThatThrownBy(() -> EvaluationResult.read(f))
        .isInstanceOf(InputException.class)
        .hasMessage(f + ": target 'x' has neither 'mae' (regression) nor 'accuracy' (classification)");
    Files.writeString(f, "{\"x\": \n{\"mae\": ");
    assertThatThrownBy(() -> EvaluationResult.read(f)).isInstanceOf(InputException.class).hasMessageContaining("not JSON");
  }

  @Test
  void seedAggregateHasMeanAndSampleStandardDeviation() {
    SeedAggregate a = SeedAggregate.of(List.of(result(1.0, 0.7), result(2.0, 0.8), result(3.0, 0.9)));
    MeanStd mae = a.get("formation_energy_per_atom", "mae");
    assertThat(mae.mean()).isCloseTo(2.0, within(1e-12));
    assertThat(mae.std()).isCloseTo(1.0, within(1e-12));
    assertThat(mae.count()).isEqualTo(3);
    assertThat(a.get("crystal_system", "accuracy").std()).isCloseTo(0.1, within(1e-12));
    assertThat(a.get("crystal_system", "n").std()).isZero();
    assertThat(a.get("band_gap", "mae")).isNull();
    assertThat(SeedAggregate.of(List.of(result(1.0, 0.7))).get("formation_energy_per_atom", "mae").std()).isNaN();
    assertThat(a.toJson()).contains("\"mae\" : {").contains("\"mean\" : 2.0");
  }

  @Test
  void markdownTableOfAggregates() {
    Map<String, SeedAggregate> rows = new LinkedHashMap<>();
    rows.put("composition", SeedAggregate.of(List.of(result(0.10, 0.60), result(0.12, 0.62))));
    rows.put("fused | gated", SeedAggregate.of(List.of(result(0.08, 0.80))));
    MarkdownTable t =
        MarkdownTable.ofAggregates(
            "model",
            rows,
            List.of(
                new MarkdownTable.Column("E_f MAE", "formation_energy_per_atom", "mae", 3),
                new MarkdownTable.Column("CS acc", "crystal_system", "accuracy", 2),
                new MarkdownTable.Column("gap MAE", "band_gap", "mae", 3)));
    assertThat(t.render())
        .isEqualTo(
            "| model          |       E_f MAE |      CS acc | gap MAE |\n"
                + "| -------------- | ------------: | ----------: | ------: |\n"
                + "| composition    | 0.110 ± 0.014 | 0.61 ± 0.01 |     n/a |\n"
                + "| fused \\| gated |         0.080 |        0.80 |     n/a |\n");
  }
}
