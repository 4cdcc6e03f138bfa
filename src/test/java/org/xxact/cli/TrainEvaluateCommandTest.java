package org.xxact.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.data.DatasetLoader;
import org.xxact.data.Split;
import org.xxact.eval.ClassificationMetrics;
import org.xxact.eval.ModelEvaluator;
import org.xxact.model.PropertyModel;
import org.xxact.train.DatasetTrainingData;
import org.xxact.train.EvaluationRecord;
import org.xxact.train.ModelDirectory;
import org.xxact.train.RunDirectory;
import picocli.CommandLine;

/**
 * End to end through the command line, seeded: build a dataset from 160 structures of the bundled mp_cgcnn36k sample,
 * train a tiny fused model for two dozen steps, evaluate it (the numbers the run wrote for its validation split come
 * back from {@code xxact evaluate}, and a second evaluation of the reloaded model gives identical output), refuse to
 * overwrite the run, resume it, and run the modality experiment twice (the second time reusing every run).
 */
class TrainEvaluateCommandTest {
  /**
   * The run's validation MAE accumulates |normalised error| * std in float arithmetic per sample; evaluate computes it
   * from de-normalised doubles. They agree to float rounding of values of order 1.
   */
  private static final double MAE_TOLERANCE = 1e-4;

  /** A model small enough to train in seconds: d 32, one block per encoder, a 512-point grid, one thread. */
  private static final List<String> TINY =
      List.of(
          "model.dModel=32", "model.numHeads=2", "model.ffnDim=64", "model.compositionLayers=1", "model.xrdLayers=1",
          "model.fusionLayers=1", "model.gridPoints=512", "model.patchSize=32", "model.headHiddenDim=32",
          "train.batchSize=16", "train.learningRate=3e-3", "train.threads=1", "train.evalEverySteps=12");

  @TempDir static Path tmp;
  private static Path dataset;

  private record Run(int exit, String out, String err) {}

  private static Run run(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = XxactCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private static List<String> args(String... first) {
    return new ArrayList<>(List.of(first));
  }

  private static List<String> withTiny(List<String> args) {
    for (String s : TINY) {
      args.add("--set");
      args.add(s);
    }
    return args;
  }

  @BeforeAll
  static void buildDataset() throws Exception {
    Path input = tmp.resolve("mp_sample300.csv.gz");
    try (InputStream in = TrainEvaluateCommandTest.class.getResourceAsStream("/org/xxact/data/mp_sample300.csv.gz")) {
      Files.copy(in, input);
    }
    dataset = tmp.resolve("ds");
    Run build =
        run(args("dataset", "build", "--input", input.toString(), "--targets",
            "formation_energy_per_atom,band_gap,crystal_system,is_metal", "--out", dataset.toString(), "--limit",
            "160", "--threads", "1", "--seed", "0"));
    assertThat(build.exit()).as(build.err()).isEqualTo(ExitCode.OK);
  }

  @Test
  void trainEvaluateReloadAndResume() throws Exception {
    Path runDir = tmp.resolve("fused");
    List<String> train =
        withTiny(args("train", "--data", dataset.toString(), "--modality", "fused", "--targets",
            "formation_energy_per_atom,band_gap,crystal_system,is_metal", "--out", runDir.toString(), "--set",
            "train.maxSteps=24"));
    Run trained = run(train);
    assertThat(trained.exit()).as(trained.err()).isEqualTo(ExitCode.OK);
    assertThat(trained.err()).contains("stopped (max_steps) after 24 steps").contains("val loss");

    RunDirectory dir = RunDirectory.open(runDir);
    assertThat(dir.info().datasetManifestChecksum()).isEqualTo(DatasetTrainingData.manifestChecksum(dataset));
    List<EvaluationRecord> metrics = dir.readMetrics();
    assertThat(metrics).hasSize(2);
    EvaluationRecord best = metrics.stream().filter(EvaluationRecord::best).reduce((a, b) -> b).orElseThrow();

    Path plots = tmp.resolve("plots");
    Run evaluated =
        run(args("evaluate", "--model", runDir.toString(), "--data", dataset.toString(), "--split", "val", "--json",
            "--plots", plots.toString()));
    assertThat(evaluated.exit()).as(evaluated.err()).isEqualTo(ExitCode.OK);
    JsonNode scores = new ObjectMapper().readTree(evaluated.out());
    assertThat(scores.get("formation_energy_per_atom").get("n").asInt()).isEqualTo(best.validation().samples());
    for (String target : List.of("formation_energy_per_atom", "band_gap")) {
      assertThat(scores.get(target).get("mae").asDouble())
          .isCloseTo(best.validation().mae().get(target), within(MAE_TOLERANCE));
    }
    for (String target : List.of("crystal_system", "is_metal")) {
      assertThat(scores.get(target).get("accuracy").asDouble())
          .isEqualTo(best.validation().accuracy().get(target));
    }
    assertThat(scores.get("is_metal").has("roc_auc")).isTrue();
    assertThat(scores.get("crystal_system").has("macro_f1")).isTrue();
    assertThat(plots.resolve("learning-loss.png")).isRegularFile();
    assertThat(plots.resolve("parity-band_gap.png")).isRegularFile();
    assertThat(plots.resolve("confusion-crystal_system.png")).isRegularFile();

    Run again = run(args("evaluate", "--model", runDir.toString(), "--data", dataset.toString(), "--split", "val",
        "--json"));
    assertThat(again.out()).isEqualTo(evaluated.out());
    Path indexedPlots = tmp.resolve("plots-indexed");
    Path likelihood = tmp.resolve("indexing-likelihood.json");
    Run indexed = run(args("evaluate", "--model", runDir.toString(), "--data", dataset.toString(), "--split", "val",
        "--json", "--lattice-indexing", "--plots", indexedPlots.toString(), "--fit-indexing-likelihood",
        likelihood.toString()));
    assertThat(indexed.exit()).as(indexed.err()).isEqualTo(ExitCode.OK);
    assertThat(indexed.err()).contains("patterns decided by a cell");
    JsonNode indexedScores = new ObjectMapper().readTree(indexed.out());
    assertThat(indexedScores.get("crystal_system")).isEqualTo(scores.get("crystal_system"));
    assertThat(indexedScores.get("crystal_system_indexed").get("n").asInt())
        .isEqualTo(scores.get("crystal_system").get("n").asInt());
    assertThat(indexedPlots.resolve("confusion-crystal_system_indexed.png")).isRegularFile();
    assertThat(indexedScores.get("crystal_system_bayes_cv").get("n").asInt())
        .isEqualTo(scores.get("crystal_system").get("n").asInt());
    assertThat(likelihood).isRegularFile();
    Run combined = run(args("evaluate", "--model", runDir.toString(), "--data", dataset.toString(), "--split", "val",
        "--json", "--lattice-indexing", "--indexing-likelihood", likelihood.toString()));
    assertThat(combined.exit()).as(combined.err()).isEqualTo(ExitCode.OK);
    assertThat(new ObjectMapper().readTree(combined.out()).has("crystal_system_bayes")).isTrue();
    Run withoutIndexing = run(args("evaluate", "--model", runDir.toString(), "--data", dataset.toString(),
        "--indexing-likelihood", likelihood.toString()));
    assertThat(withoutIndexing.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(withoutIndexing.err()).contains("need --lattice-indexing");
    Run table = run(args("evaluate", "--model", runDir.toString(), "--data", dataset.toString()));
    assertThat(table.exit()).isEqualTo(ExitCode.OK);
    assertThat(table.out()).startsWith("| target").contains("| band_gap ");

    Run overwrite = run(train);
    assertThat(overwrite.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(overwrite.err()).contains("--resume");
    Run resumed = run(args("train", "--data", dataset.toString(), "--out", runDir.toString(), "--resume"));
    assertThat(resumed.exit()).as(resumed.err()).isEqualTo(ExitCode.OK);
    assertThat(RunDirectory.open(runDir).readMetrics()).isEqualTo(metrics);
  }

  /**
   * A fused model correcting a composition model's formation energy: the run directory holds the baseline, evaluate
   * scores the corrected sum (the run's own validation numbers come back), and a resume may not name another baseline.
   */
  @Test
  void trainWithABaselineEvaluatesTheCorrectedPrediction() throws Exception {
    Path baselineRun = tmp.resolve("composition-fe");
    Run baseline =
        run(withTiny(args("train", "--data", dataset.toString(), "--modality", "composition", "--targets",
            "formation_energy_per_atom", "--out", baselineRun.toString(), "--set", "train.maxSteps=12")));
    assertThat(baseline.exit()).as(baseline.err()).isEqualTo(ExitCode.OK);
    Path runDir = tmp.resolve("fused-delta");
    Run trained =
        run(withTiny(args("train", "--data", dataset.toString(), "--modality", "fused", "--targets",
            "formation_energy_per_atom,crystal_system", "--baseline", baselineRun.toString(), "--out",
            runDir.toString(), "--set", "train.maxSteps=12")));
    assertThat(trained.exit()).as(trained.err()).isEqualTo(ExitCode.OK);
    assertThat(runDir.resolve(RunDirectory.BASELINE).resolve(RunDirectory.CONFIG)).isRegularFile();

    EvaluationRecord best =
        RunDirectory.open(runDir).readMetrics().stream().filter(EvaluationRecord::best).reduce((a, b) -> b)
            .orElseThrow();
    Run evaluated =
        run(args("evaluate", "--model", runDir.toString(), "--data", dataset.toString(), "--split", "val", "--json"));
    assertThat(evaluated.exit()).as(evaluated.err()).isEqualTo(ExitCode.OK);
    assertThat(new ObjectMapper().readTree(evaluated.out()).get("formation_energy_per_atom").get("mae").asDouble())
        .isCloseTo(best.validation().mae().get("formation_energy_per_atom"), within(MAE_TOLERANCE));

    Run noSystem = run(args("evaluate", "--model", baselineRun.toString(), "--data", dataset.toString(),
        "--lattice-indexing"));
    assertThat(noSystem.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(noSystem.err()).contains("--lattice-indexing needs a model that reads XRD");

    Run resumeWithBaseline =
        run(args("train", "--data", dataset.toString(), "--out", runDir.toString(), "--resume", "--baseline",
            baselineRun.toString()));
    assertThat(resumeWithBaseline.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(resumeWithBaseline.err()).contains("--baseline");

    Run notARun =
        run(withTiny(args("train", "--data", dataset.toString(), "--modality", "fused", "--baseline",
            dataset.toString(), "--out", tmp.resolve("no-baseline").toString(), "--set", "train.maxSteps=2")));
    assertThat(notARun.exit()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(notARun.err()).contains(dataset.toString()).contains("not a run directory");
  }

  /**
   * Two fused runs of different seeds as one model: {@code xxact ensemble} writes the list, evaluate and the evaluator
   * score the averaged prediction (every class probability and regression value the mean of the members'), and
   * broken ensembles are input or usage errors that name what is wrong.
   */
  @Test
  void ensembleOfTwoRunsScoresTheirAveragedPrediction() throws Exception {
    List<Path> members = new ArrayList<>();
    for (String seed : List.of("1", "2")) {
      Path runDir = tmp.resolve("member-seed" + seed);
      Run trained =
          run(withTiny(args("train", "--data", dataset.toString(), "--modality", "fused", "--targets",
              "formation_energy_per_atom,crystal_system", "--out", runDir.toString(), "--set", "train.maxSteps=12",
              "--set", "train.seed=" + seed)));
      assertThat(trained.exit()).as(trained.err()).isEqualTo(ExitCode.OK);
      members.add(runDir);
    }
    Path ensembleDir = tmp.resolve("ensembles").resolve("two");
    Run made =
        run(args("ensemble", "--members", members.get(0).toString(), members.get(1).toString(), "--out",
            ensembleDir.toString()));
    assertThat(made.exit()).as(made.err()).isEqualTo(ExitCode.OK);
    assertThat(new ObjectMapper().readTree(ensembleDir.resolve(ModelDirectory.ENSEMBLE).toFile()).get("members"))
        .extracting(JsonNode::asText)
        .containsExactly("../../member-seed1", "../../member-seed2");

    Run evaluated =
        run(args("evaluate", "--model", ensembleDir.toString(), "--data", dataset.toString(), "--split", "val",
            "--json"));
    assertThat(evaluated.exit()).as(evaluated.err()).isEqualTo(ExitCode.OK);
    ModelDirectory opened = ModelDirectory.open(ensembleDir);
    assertThat(opened.isEnsemble()).isTrue();
    ModelEvaluator.Outcome ensemble = evaluateVal(opened);
    ModelEvaluator.Outcome first = evaluateVal(ModelDirectory.open(members.get(0)));
    ModelEvaluator.Outcome second = evaluateVal(ModelDirectory.open(members.get(1)));
    assertThat(new ObjectMapper().readTree(evaluated.out()).get("crystal_system").get("accuracy").asDouble())
        .isEqualTo(((ClassificationMetrics) ensemble.result().get("crystal_system")).accuracy());
    // The members' disagreement is an uncertainty of its own: the ensemble's is scored for calibration.
    JsonNode formationEnergy = new ObjectMapper().readTree(evaluated.out()).get("formation_energy_per_atom");
    assertThat(formationEnergy.get("within_1sd").asDouble()).isBetween(0.0, 1.0);
    double[] fe = ensemble.targets().get(0).predicted();
    double[][] classes = ensemble.targets().get(1).probabilities();
    assertThat(first.targets().get(0).predicted()).isNotEqualTo(second.targets().get(0).predicted());
    for (int i = 0; i < fe.length; i++) {
      assertThat(fe[i])
          .isCloseTo((first.targets().get(0).predicted()[i] + second.targets().get(0).predicted()[i]) / 2,
              within(1e-6));
      for (int c = 0; c < classes[i].length; c++) {
        assertThat(classes[i][c])
            .isCloseTo((first.targets().get(1).probabilities()[i][c] + second.targets().get(1).probabilities()[i][c])
                / 2, within(1e-6));
      }
    }

    // What a prediction costs with a member and with the ensemble, which runs both members.
    Path bench = tmp.resolve("bench-predict");
    Run timed =
        run(args("bench", "predict", "--model", members.get(0).toString(), "--model", ensembleDir.toString(),
            "--batch-size", "4", "--passes", "2", "--warmup-passes", "0", "--out", bench.toString()));
    assertThat(timed.exit()).as(timed.err()).isEqualTo(ExitCode.OK);
    JsonNode timings = new ObjectMapper().readTree(bench.resolve("bench-predict.json").toFile()).get("runs");
    assertThat(timings).extracting(r -> r.get("networks").asInt()).containsExactly(1, 2);
    for (JsonNode r : timings) {
      assertThat(r.get("batchedSamplesPerSecond").asDouble()).isPositive();
      assertThat(r.get("singleSampleMillis").asDouble()).isPositive();
    }
    assertThat(Files.readString(bench.resolve("bench-predict.md"))).isEqualTo(timed.out());

    Run one = run(args("ensemble", "--members", members.get(0).toString(), "--out", tmp.resolve("one").toString()));
    assertThat(one.exit()).isEqualTo(ExitCode.USAGE);
    Run twice =
        run(args("ensemble", "--members", members.get(0).toString(), members.get(0).toString(), "--out",
            tmp.resolve("twice").toString()));
    assertThat(twice.exit()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(twice.err()).contains("listed twice");
    Path broken = tmp.resolve("broken");
    Files.createDirectories(broken);
    Files.writeString(broken.resolve(ModelDirectory.ENSEMBLE), "{\n  \"members\": [\"a\",\n}\n");
    Run malformed = run(args("evaluate", "--model", broken.toString(), "--data", dataset.toString()));
    assertThat(malformed.exit()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(malformed.err()).contains(broken.resolve(ModelDirectory.ENSEMBLE).toString() + ":3");
    Run embed =
        run(args("embed", "--model", ensembleDir.toString(), "--data", dataset.toString(), "--out",
            tmp.resolve("e.csv").toString()));
    assertThat(embed.exit()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(embed.err()).contains("ensemble");
  }

  private static ModelEvaluator.Outcome evaluateVal(ModelDirectory model) throws Exception {
    List<String> names = model.targets().stream().map(t -> t.name()).toList();
    try (DatasetTrainingData data = DatasetTrainingData.forRun(dataset, model.first().config(), names);
        DatasetLoader loader = data.evaluationLoader(Split.VAL, 16);
        PropertyModel m = model.load()) {
      return ModelEvaluator.evaluate(m, loader.epoch(0), loader.targetSpecs());
    }
  }

  @Test
  void modalityExperimentTrainsThreeModalitiesAndReusesFinishedRuns() throws Exception {
    Path out = tmp.resolve("experiment");
    List<String> experiment =
        withTiny(args("experiment", "modalities", "--data", dataset.toString(), "--out", out.toString(), "--seeds",
            "1", "--targets", "formation_energy_per_atom,crystal_system", "--set", "train.maxSteps=6"));
    Run first = run(experiment);
    assertThat(first.exit()).as(first.err()).isEqualTo(ExitCode.OK);
    assertThat(first.out()).contains("| composition ", "| xrd ", "| fused ");
    JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertThat(results.get("aggregates").get("fused").get("formation_energy_per_atom").get("mae").get("count").asInt())
        .isEqualTo(1);
    assertThat(results.get("runs").size()).isEqualTo(3);
    assertThat(out.resolve("learning-loss.png")).isRegularFile();
    assertThat(Files.readString(out.resolve("results.md"))).isEqualTo(first.out());

    Run second = run(experiment);
    assertThat(second.exit()).as(second.err()).isEqualTo(ExitCode.OK);
    assertThat(second.err()).contains("xrd-seed0: finished before, test scores reused");
    assertThat(second.out()).isEqualTo(first.out());
  }

  @Test
  void benchTrainWritesJsonAndMarkdown() throws Exception {
    Path out = tmp.resolve("bench");
    Run bench =
        run(withTiny(args("bench", "train", "--steps", "2", "--warmup-steps", "0", "--out", out.toString())));
    assertThat(bench.exit()).as(bench.err()).isEqualTo(ExitCode.OK);
    assertThat(bench.out()).contains("| composition |", "| xrd |", "| fused |");
    JsonNode j = new ObjectMapper().readTree(out.resolve("bench-train.json").toFile());
    assertThat(j.get("runs")).hasSize(3);
    assertThat(Files.readString(out.resolve("bench-train.md"))).isEqualTo(bench.out());
  }
}
