package org.xxact.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.cli.SimulateCommandTest.Run;
import org.xxact.crystal.io.RecordResult;
import org.xxact.crystal.io.StructureInputOptions;
import org.xxact.crystal.io.StructureInputs;
import org.xxact.crystal.io.StructureRecord;
import org.xxact.crystal.io.StructureSource;
import org.xxact.data.InferenceInputs;
import org.xxact.eval.predict.Predictor;
import org.xxact.model.Modality;
import org.xxact.train.RunConfig;
import org.xxact.train.SyntheticMaterials;
import org.xxact.train.TinyConfigs;
import org.xxact.train.Trainer;
import org.xxact.xrd.BraggGeometry;
import org.xxact.xrd.Radiation;
import org.xxact.xrd.XrdCalculator;

/**
 * {@code xxact predict} end to end with tiny models trained here on the synthetic task (a few steps, seconds): an
 * XRD-only and a fused model on the full 5-90 degree, 4096-point grid, predicting measured files, CIFs and a batch file.
 */
class PredictCommandTest {
  /** Grid points of the test models: the model grid, so that measured and simulated patterns are sampled finely. */
  private static final int GRID_POINTS = 4096;

  /**
   * Largest difference of a class probability or of the regression value (in target units) between a Mo K-alpha file
   * and the Cu K-alpha simulation it was made from. The preprocessed Mo pattern differs from the simulation only by the
   * cell averaging of the resampling (about 2 % of a peak's height at 7 grid points per peak width).
   */
  private static final double SAME_PATTERN_TOLERANCE = 0.02;

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path models;
  static Path xrdModel;
  static Path fusedModel;
  static Path compositionModel;

  @BeforeAll
  static void trainTinyModels() throws IOException {
    xrdModel = train(Modality.XRD, models.resolve("xrd"));
    fusedModel = train(Modality.FUSED, models.resolve("fused"));
    compositionModel = train(Modality.COMPOSITION, models.resolve("composition"));
  }

  /** A tiny model of {@code modality} on the synthetic task, trained for a few steps into {@code dir}. */
  static Path train(Modality modality, Path dir) throws IOException {
    RunConfig config =
        TinyConfigs.tiny(
            modality, "model.gridPoints=" + GRID_POINTS, "model.patchSize=256", "train.maxSteps=4",
            "train.evalEverySteps=4");
    new Trainer().fit(dir, config, SyntheticMaterials.data(128, 32, GRID_POINTS, 3));
    return dir;
  }

  private static Run predict(String... args) {
    List<String> all = new ArrayList<>(List.of("predict"));
    all.addAll(List.of(args));
    return SimulateCommandTest.run(all.toArray(String[]::new));
  }

  private static List<JsonNode> jsonLines(String out) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        nodes.add(JSON.readTree(line));
      }
    }
    return nodes;
  }

  private static Path cif(Path dir, String name, String metal, double a) throws IOException {
    Path p = dir.resolve(name + ".cif");
    Files.writeString(p, SimulateCommandTest.cif(name, metal, a));
    return p;
  }

  /**
   * The simulated Cu K-alpha pattern of a CIF, as predict renders it, written as a measured two-column file at
   * {@code radiation}: every grid angle moved to where the same d-spacing diffracts at that wavelength, and every
   * intensity divided by the Lorentz-polarization ratio that the preprocessing multiplies it by.
   */
  private static Path measuredFile(Path cif, Radiation radiation, Path out, boolean statesWavelength)
      throws IOException {
    float[] cu;
    try (Predictor predictor = Predictor.open(xrdModel);
        StructureSource source = StructureInputs.open(List.of(cif), StructureInputOptions.defaults())) {
      RecordResult r = source.next();
      cu = InferenceInputs.simulatedPattern(((StructureRecord) r).structure(), predictor.renderSettings());
      double[] twoTheta = predictor.grid().twoThetasDeg();
      double cuAngstrom = Radiation.CU_KA.wavelengthAngstrom();
      StringBuilder sb = new StringBuilder();
      if (statesWavelength) {
        sb.append("# wavelength ").append(radiation.wavelengthAngstrom()).append('\n');
      }
      for (int i = 0; i < cu.length; i++) {
        double deg = BraggGeometry.convertTwoThetaDeg(twoTheta[i], cuAngstrom, radiation.wavelengthAngstrom());
        double lpRatio =
            XrdCalculator.lorentzPolarization(Math.toRadians(twoTheta[i]) / 2)
                / XrdCalculator.lorentzPolarization(Math.toRadians(deg) / 2);
        sb.append(String.format(Locale.ROOT, "%.6f %.8f%n", deg, cu[i] / lpRatio));
      }
      Files.writeString(out, sb.toString());
    }
    return out;
  }

  @Test
  void xrdOnlyModelNeedsNoFormula(@TempDir Path tmp) throws IOException {
    Path xy = measuredFile(cif(tmp, "NaCl", "Na+", 5.6402), Radiation.CU_KA, tmp.resolve("nacl.xy"), false);
    Run r = predict("--model", xrdModel.toString(), "--xrd", xy.toString(), "--wavelength", "CuKa", "--json");
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.OK);
    List<JsonNode> lines = jsonLines(r.out());
    assertThat(lines).hasSize(1);
    JsonNode p = lines.get(0);
    assertThat(p.get("formula").isNull()).isTrue();
    assertThat(p.get("pattern").asText()).isEqualTo("measured");
    assertThat(p.get("wavelength_angstrom").asDouble()).isEqualTo(Radiation.CU_KA.wavelengthAngstrom());
    JsonNode energy = p.get("predictions").get("energy");
    assertThat(energy.get("value").isNumber()).isTrue();
    assertThat(energy.get("std").asDouble()).isPositive();
    JsonNode lattice = p.get("predictions").get("lattice");
    assertThat(lattice.get("top")).hasSize(3);
    double first = lattice.get("top").get(0).get("probability").asDouble();
    double second = lattice.get("top").get(1).get("probability").asDouble();
    assertThat(first).isGreaterThanOrEqualTo(second);
    assertThat(lattice.get("class").asText()).isEqualTo(lattice.get("top").get(0).get("class").asText());

    Run text = predict("--model", xrdModel.toString(), "--xrd", xy.toString(), "--wavelength", "CuKa",
        "--plot", tmp.resolve("plot.png").toString());
    assertThat(text.exit()).as(text.err()).isEqualTo(ExitCode.OK);
    assertThat(text.out()).contains("nacl.xy", "no formula", "energy", "lattice", "+-");
    assertThat(tmp.resolve("plot.png")).isNotEmptyFile();
  }

  /**
   * The committed measured-pattern model on the bundled RRUFF fluorite pattern: beside the classifier's probabilities,
   * the crystal system that lattice indexing decides (a face-centred cubic cell of a = 5.47 angstrom), and the space
   * groups of that system whose reflection conditions fit the lines.
   */
  @Test
  void aMeasuredPatternGetsTheCrystalSystemWithLatticeIndexing() throws IOException {
    String pattern = Path.of("examples", "rruff-328_cubic_sg225.xy").toString();
    Run r = predict("--model", Path.of("models", "rruff-xrd").toString(), "--xrd", pattern, "--wavelength", "CuKa",
        "--json");
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.OK);
    JsonNode indexed = jsonLines(r.out()).get(0).get("crystal_system_with_indexing");
    assertThat(indexed.get("class").asText()).isEqualTo("cubic");
    assertThat(indexed.get("decided_by").asText()).isEqualTo("indexing");
    assertThat(indexed.get("cell").asText()).startsWith("cubic F, a = 5.4");
    // Space groups of the cubic system whose reflection conditions fit the lines.
    JsonNode groups = indexed.get("spacegroup_top");
    assertThat(groups).hasSize(3);
    double total = 0;
    for (JsonNode g : groups) {
      int number = Integer.parseInt(g.get("class").asText());
      assertThat(number).as("a cubic group").isBetween(195, 230);
      total += g.get("probability").asDouble();
    }
    assertThat(total).isLessThanOrEqualTo(1.0 + 1e-9);
    assertThat(groups.get(0).get("probability").asDouble())
        .as("renormalised over the fitting groups")
        .isGreaterThan(jsonLines(r.out()).get(0).get("predictions").get("spacegroup_number").get("top").get(0)
            .get("probability").asDouble());

    Run text = predict("--model", Path.of("models", "rruff-xrd").toString(), "--xrd", pattern, "--wavelength", "CuKa");
    assertThat(text.out()).contains("crystal system with lattice indexing  cubic  (cubic F, a = 5.4")
        .contains("space group with lattice indexing  " + groups.get(0).get("class").asText() + " ");
  }

  @Test
  void fusedModelWithoutFormulaIsAUsageErrorNamingTheOption(@TempDir Path tmp) throws IOException {
    Path xy = measuredFile(cif(tmp, "NaCl", "Na+", 5.6402), Radiation.CU_KA, tmp.resolve("nacl.xy"), false);
    Run r = predict("--model", fusedModel.toString(), "--xrd", xy.toString(), "--wavelength", "CuKa");
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--formula is required").doesNotContain("Exception");

    Run ok = predict("--model", fusedModel.toString(), "--xrd", xy.toString(), "--wavelength", "CuKa",
        "--formula", "NaCl", "--json");
    assertThat(ok.exit()).as(ok.err()).isEqualTo(ExitCode.OK);
    assertThat(jsonLines(ok.out()).get(0).get("formula").asText()).isEqualTo("NaCl");
  }

  @Test
  void compositionModelPredictsFromAFormulaAloneAndPatternModelsRefuseOne() throws IOException {
    Run r = predict("--model", compositionModel.toString(), "--formula", "Fe2O3", "--json");
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.OK);
    JsonNode p = jsonLines(r.out()).get(0);
    assertThat(p.get("formula").asText()).isEqualTo("Fe2O3");
    assertThat(p.get("pattern").asText()).isEqualTo("none");
    assertThat(p.get("predictions").get("energy").get("value").isNumber()).isTrue();
    // The prediction depends on the formula.
    Run other = predict("--model", compositionModel.toString(), "--formula", "NaCl", "--json");
    assertThat(jsonLines(other.out()).get(0).get("predictions").get("energy").get("value").asDouble())
        .isNotEqualTo(p.get("predictions").get("energy").get("value").asDouble());

    Run text = predict("--model", compositionModel.toString(), "--formula", "Fe2O3");
    assertThat(text.out()).contains("formula Fe2O3", "composition only", "energy");

    Run fused = predict("--model", fusedModel.toString(), "--formula", "Fe2O3");
    assertThat(fused.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(fused.err()).contains("reads the XRD pattern", "--xrd").doesNotContain("Exception");
    Run nothing = predict("--model", compositionModel.toString());
    assertThat(nothing.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(nothing.err()).contains("--formula alone");
  }

  @Test
  void missingWavelengthIsAnInputErrorNeverCuKalpha(@TempDir Path tmp) throws IOException {
    Path xy = measuredFile(cif(tmp, "NaCl", "Na+", 5.6402), Radiation.CU_KA, tmp.resolve("nacl.xy"), false);
    Run r = predict("--model", xrdModel.toString(), "--xrd", xy.toString());
    assertThat(r.exit()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(r.err()).contains("nacl.xy", "states no wavelength; pass --wavelength");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void cifGivesFormulaAndSimulatedPattern(@TempDir Path tmp) throws IOException {
    Path nacl = cif(tmp, "NaCl", "Na+", 5.6402);
    Path kcl = cif(tmp, "KCl", "K+", 6.2931);
    Run r = predict("--model", fusedModel.toString(), "--cif", nacl.toString(), kcl.toString(), "--json");
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.OK);
    List<JsonNode> lines = jsonLines(r.out());
    assertThat(lines).extracting(n -> n.get("formula").asText()).containsExactly("NaCl", "KCl");
    assertThat(lines).allSatisfy(n -> assertThat(n.get("pattern").asText()).isEqualTo("simulated"));

    Run withFormula = predict("--model", fusedModel.toString(), "--cif", nacl.toString(), "--formula", "NaCl");
    assertThat(withFormula.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(withFormula.err()).contains("--formula does not go with --cif");
  }

  @Test
  void batchRejectsEachBadRowWithItsReason(@TempDir Path tmp) throws IOException {
    measuredFile(cif(tmp, "NaCl", "Na+", 5.6402), Radiation.CU_KA, tmp.resolve("nacl.xy"), false);
    Files.writeString(tmp.resolve("empty.xy"), "");
    Path csv = tmp.resolve("batch.csv");
    Files.writeString(
        csv,
        String.join(
            "\n",
            "xrd_file,formula,wavelength",
            "nacl.xy,NaCl,CuKa",
            "missing.xy,NaCl,CuKa",
            "nacl.xy,NaCl,",
            "nacl.xy,Xx2O,CuKa",
            "nacl.xy,,CuKa",
            "empty.xy,NaCl,CuKa",
            "nacl.xy,NaCl,Unobtainium",
            ""));
    Run r = predict("--model", fusedModel.toString(), "--batch", csv.toString(), "--json");
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.SOME_REJECTED);
    assertThat(jsonLines(r.out())).hasSize(1);
    Path rejects = tmp.resolve("batch.rejects.jsonl");
    List<JsonNode> rejected = jsonLines(Files.readString(rejects));
    assertThat(rejected).extracting(n -> n.get("line").asInt()).containsExactly(3, 4, 5, 6, 7, 8);
    assertThat(rejected.get(0).get("reason").asText()).contains("missing.xy", "no such file");
    assertThat(rejected.get(1).get("reason").asText()).contains("states no wavelength");
    assertThat(rejected.get(2).get("reason").asText()).contains("Xx");
    assertThat(rejected.get(3).get("reason").asText()).contains("no formula");
    assertThat(rejected.get(4).get("reason").asText()).contains("empty");
    assertThat(rejected.get(5).get("reason").asText()).contains("Unobtainium");
    assertThat(r.err()).contains("1 rows predicted, 6 rejected");
  }

  @Test
  void moKalphaFileGivesTheSamePredictionAsItsCuSimulation(@TempDir Path tmp) throws IOException {
    Path nacl = cif(tmp, "NaCl", "Na+", 5.6402);
    Path mo = measuredFile(nacl, Radiation.parse("MoKa"), tmp.resolve("nacl-mo.xy"), false);
    Path kclMo = measuredFile(cif(tmp, "KCl", "K+", 6.2931), Radiation.parse("MoKa"), tmp.resolve("kcl-mo.xy"), false);
    Run simulated = predict("--model", xrdModel.toString(), "--cif", nacl.toString(), "--json");
    Run measured = predict("--model", xrdModel.toString(), "--xrd", mo.toString(), kclMo.toString(),
        "--wavelength", "MoKa", "--no-background-removal", "--json");
    assertThat(simulated.exit()).as(simulated.err()).isEqualTo(ExitCode.OK);
    assertThat(measured.exit()).as(measured.err()).isEqualTo(ExitCode.OK);
    JsonNode cu = jsonLines(simulated.out()).get(0).get("predictions");
    JsonNode moNacl = jsonLines(measured.out()).get(0).get("predictions");
    JsonNode moKcl = jsonLines(measured.out()).get(1).get("predictions");
    assertThat(difference(cu, moNacl)).isLessThan(SAME_PATTERN_TOLERANCE);
    // Another pattern gives another prediction: the agreement above is not a model that ignores its input.
    assertThat(difference(cu, moKcl)).isGreaterThan(SAME_PATTERN_TOLERANCE);
  }

  /** Largest difference of the energy value and of the probability of any reported class. */
  private static double difference(JsonNode a, JsonNode b) {
    double d = Math.abs(a.get("energy").get("value").asDouble() - b.get("energy").get("value").asDouble());
    for (JsonNode ca : a.get("lattice").get("top")) {
      for (JsonNode cb : b.get("lattice").get("top")) {
        if (ca.get("class").asText().equals(cb.get("class").asText())) {
          d = Math.max(d, Math.abs(ca.get("probability").asDouble() - cb.get("probability").asDouble()));
        }
      }
    }
    return d;
  }
}
