package org.xxact.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.xxact.eval.ClassificationMetrics;
import org.xxact.eval.EvaluationResult;
import org.xxact.eval.MarkdownTable;
import org.xxact.eval.RegressionMetrics;
import org.xxact.train.ModelDirectory;
import org.xxact.train.RunDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xxact demo}: what xxact does, from a fresh clone, in minutes on two cores. (a) Predictions of the committed
 * models for the bundled examples (a CIF, whose formula every model can use, and a measured RRUFF pattern, which has no
 * formula, for models that read the pattern alone); an expected model that is not in the checkout is named and skipped. (b) A small dataset from the bundled Materials Project structures, brief training of the fused model and of
 * the composition-only and XRD-only baselines on it (the fused model fine-tuned from a brief pretraining), their scores
 * on the test split ({@code xxact evaluate}, with plots), and a table of the three.
 *
 * <p>Every step runs the command a user would type ({@code predict}, {@code dataset build}, {@code train}, ...) through
 * the same command line, so the demo shows exactly what the commands do; their output goes where the demo's goes.
 * Finished steps are skipped when the demo is run again with the same output folder.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Predict with the committed models for the bundled examples, then build a small dataset, train the fused model"
          + " and the composition and XRD baselines briefly, and compare them (output in --out, default demo-output).",
    })
public final class DemoCommand implements Callable<Integer> {
  /** Committed models the demo expects under --models (it also predicts with any other model directory there). */
  static final List<String> MODELS = List.of("rruff-xrd");

  /** File of each run's test-split scores, written by the demo. */
  static final String TEST_SCORES = "test-scores.json";

  /** Modalities trained in part (b), in table order. */
  static final List<String> MODALITIES = List.of("fused", "composition", "xrd");

  /** Targets of the demo dataset: two regression targets and one class target. */
  static final String TARGETS = "formation_energy_per_atom,band_gap,crystal_system";

  /** Input rows of the demo dataset: a few thousand structures, about a minute of training per model on two cores. */
  static final int ROWS = 3000;

  /** Input rows with --quick: enough for every split to hold samples. */
  static final int QUICK_ROWS = 300;

  /** Passes over the training split of each model. */
  static final int EPOCHS = 4;

  /** Passes over the training split of the brief pretraining. */
  static final int PRETRAIN_EPOCHS = 3;

  /** Optimiser steps of each model with --quick. */
  static final int QUICK_STEPS = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", defaultValue = "demo-output", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--quick", description = "A few hundred rows and a few steps per model (for tests and CI).")
  boolean quick;

  @Option(
      names = "--models",
      defaultValue = "models",
      paramLabel = "DIR",
      description = "Folder of the committed models (default: ${DEFAULT-VALUE}).")
  Path models;

  @Option(
      names = "--examples",
      defaultValue = "examples",
      paramLabel = "DIR",
      description = "Folder of the example inputs (default: ${DEFAULT-VALUE}).")
  Path examples;

  @Option(
      names = "--input",
      defaultValue = "data/mp_cgcnn36k/mp_cgcnn36k.csv.gz",
      paramLabel = "FILE",
      description = "Structures of the demo dataset (default: ${DEFAULT-VALUE}).")
  Path input;

  @Option(
      names = "--threads",
      defaultValue = "2",
      paramLabel = "N",
      description = "PyTorch threads of each training (default: ${DEFAULT-VALUE}; 1 on a busy machine).")
  int threads;

  private PrintWriter err;

  @Override
  public Integer call() throws IOException {
    err = spec.commandLine().getErr();
    Files.createDirectories(out);
    int code = predictWithCommittedModels();
    if (code != ExitCode.OK) {
      return code;
    }
    Path dataset = out.resolve("dataset");
    code = step(
        "building a dataset from the first " + rows() + " structures of " + input,
        "dataset", "build", "--input", input.toString(), "--limit", Integer.toString(rows()), "--targets", TARGETS,
        "--out", dataset.toString());
    if (code != ExitCode.OK) {
      return code;
    }
    Path runs = out.resolve("runs");
    Path pretrained = runs.resolve("pretrain");
    code = step("pretraining the fused model briefly (masked XRD modelling and contrastive alignment)",
        commandArgs("pretrain", dataset, pretrained, List.of(), pretrainSettings()));
    if (code != ExitCode.OK) {
      return code;
    }
    for (String modality : MODALITIES) {
      List<String> extra = new ArrayList<>(List.of("--modality", modality));
      if (modality.equals("fused")) {
        extra.addAll(List.of("--init", pretrained.toString()));
      }
      code = step("training the " + modality + " model" + (modality.equals("fused") ? " from the pretrained one" : ""),
          commandArgs("train", dataset, runs.resolve(modality), extra, trainSettings()));
      if (code != ExitCode.OK) {
        return code;
      }
    }
    Map<String, EvaluationResult> scores = new LinkedHashMap<>();
    for (String modality : MODALITIES) {
      StringWriter json = new StringWriter();
      Path run = runs.resolve(modality);
      code = step(new PrintWriter(json, true), "scoring the " + modality + " model on the test split",
          "evaluate", "--model", run.toString(), "--data", dataset.toString(), "--json",
          "--plots", out.resolve("plots").resolve(modality).toString());
      if (code != ExitCode.OK) {
        return code;
      }
      EvaluationResult result = EvaluationResult.fromJson(json.toString(), "xxact evaluate " + run);
      result.write(run.resolve(TEST_SCORES));
      scores.put(modality, result);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println();
    stdout.println("Test-split scores (" + rows() + " structures, split by formula; MAE in eV/atom and eV):");
    stdout.print(comparison(scores).render());
    stdout.flush();
    note("plots (learning curves, parity, confusion) are in " + out.resolve("plots") + "; runs (config, metrics,"
        + " checkpoints, " + TEST_SCORES + ") in " + runs + "; dataset in " + dataset
        + (Files.exists(out.resolve("predict-" + MODELS.get(0) + ".png"))
            ? "; the example patterns as the model reads them in " + out.resolve("predict-" + MODELS.get(0) + ".png")
            : ""));
    return ExitCode.OK;
  }

  private int rows() {
    return quick ? QUICK_ROWS : ROWS;
  }

  /**
   * The arguments of a pretrain or train step: a new run with its options and settings, or {@code --resume} of a run the
   * demo started before (which finishes it, or does nothing when it is finished).
   */
  private static String[] commandArgs(
      String command, Path dataset, Path run, List<String> options, List<String> settings) {
    List<String> args = new ArrayList<>(List.of(command, "--data", dataset.toString(), "--out", run.toString()));
    if (RunDirectory.hasCheckpoint(run)) {
      args.add("--resume");
    } else {
      args.addAll(options);
      for (String s : settings) {
        args.addAll(List.of("--set", s));
      }
    }
    return args.toArray(String[]::new);
  }

  private List<String> pretrainSettings() {
    List<String> s = new ArrayList<>(List.of("train.threads=" + threads));
    if (quick) {
      s.add("train.maxSteps=" + QUICK_STEPS);
      s.add("train.batchSize=16");
    } else {
      s.add("train.maxEpochs=" + PRETRAIN_EPOCHS);
    }
    return s;
  }

  private List<String> trainSettings() {
    List<String> s = new ArrayList<>(List.of("train.threads=" + threads));
    if (quick) {
      s.add("train.maxSteps=" + QUICK_STEPS);
      s.add("train.batchSize=16");
    } else {
      s.add("train.maxEpochs=" + EPOCHS);
    }
    return s;
  }

  /** Part (a): each committed model on the examples it can read; the exit code of the first failure, else 0. */
  private int predictWithCommittedModels() throws IOException {
    List<Path> cifs = examples(".cif");
    List<Path> patterns = examples(".xy");
    for (String name : modelNames()) {
      Path model = models.resolve(name);
      if (!isModel(model)) {
        note("model " + model + " is not in this checkout; skipping its predictions");
        continue;
      }
      if (Files.exists(model.resolve(RunDirectory.CONFIG)) && !RunDirectory.open(model).hasHeads()) {
        note("model " + model + " has no prediction heads (pretrained encoders, for xxact train --init); skipping it");
        continue;
      }
      boolean readsComposition = ModelDirectory.open(model).first().config().model().modality().usesComposition();
      if (!cifs.isEmpty()) {
        List<String> args = new ArrayList<>(List.of("predict", "--model", model.toString(), "--cif"));
        cifs.forEach(p -> args.add(p.toString()));
        int code = step("predicting with " + model + " for " + cifs.size() + " example CIF(s) (pattern simulated)",
            args.toArray(String[]::new));
        if (code != ExitCode.OK) {
          return code;
        }
      }
      if (!patterns.isEmpty() && !readsComposition) {
        List<String> args = new ArrayList<>(List.of("predict", "--model", model.toString(), "--wavelength", "CuKa",
            "--plot", out.resolve("predict-" + name + ".png").toString(), "--xrd"));
        patterns.forEach(p -> args.add(p.toString()));
        int code = step("predicting with " + model + " for " + patterns.size() + " measured example pattern(s)",
            args.toArray(String[]::new));
        if (code != ExitCode.OK) {
          return code;
        }
      }
    }
    return ExitCode.OK;
  }

  /** The expected models ({@link #MODELS}), then any other model directory under --models, by name. */
  private List<String> modelNames() throws IOException {
    List<String> names = new ArrayList<>(MODELS);
    if (Files.isDirectory(models)) {
      try (Stream<Path> dirs = Files.list(models)) {
        dirs.filter(DemoCommand::isModel)
            .map(d -> d.getFileName().toString())
            .filter(n -> !names.contains(n))
            .sorted()
            .forEach(names::add);
      }
    }
    return names;
  }

  /** Whether {@code dir} holds a run (pretrained or with heads) or an ensemble of runs. */
  private static boolean isModel(Path dir) {
    return Files.exists(dir.resolve(RunDirectory.CONFIG)) || Files.exists(dir.resolve(ModelDirectory.ENSEMBLE));
  }

  private List<Path> examples(String extension) throws IOException {
    if (!Files.isDirectory(examples)) {
      note("no examples folder " + examples + "; skipping example predictions");
      return List.of();
    }
    try (Stream<Path> files = Files.list(examples)) {
      return files.filter(p -> p.getFileName().toString().endsWith(extension)).sorted().toList();
    }
  }

  /** Runs one xxact command and returns its exit code; a failure is reported and ends the demo with that code. */
  private int step(String what, String... args) {
    return step(spec.commandLine().getOut(), what, args);
  }

  /** Runs one xxact command with its standard output going to {@code stdout}. */
  private int step(PrintWriter stdout, String what, String... args) {
    note(what + ": xxact " + String.join(" ", args));
    CommandLine cl = XxactCommand.commandLine();
    cl.setOut(stdout);
    cl.setErr(err);
    int code = cl.execute(args);
    if (code != ExitCode.OK) {
      note("'xxact " + args[0] + "' failed (exit code " + code + "); see above");
    }
    return code;
  }

  private void note(String message) {
    err.println("demo: " + message);
    err.flush();
  }

  /** The test-split scores of the three models. */
  private static MarkdownTable comparison(Map<String, EvaluationResult> scores) {
    MarkdownTable table = new MarkdownTable(
        List.of("model", "formation energy MAE", "band gap MAE", "crystal-system accuracy", "crystal-system macro-F1"));
    for (Map.Entry<String, EvaluationResult> e : scores.entrySet()) {
      EvaluationResult r = e.getValue();
      table.row(
          e.getKey(),
          format(r.targets().get("formation_energy_per_atom") instanceof RegressionMetrics m ? m.mae() : null),
          format(r.targets().get("band_gap") instanceof RegressionMetrics m ? m.mae() : null),
          format(r.targets().get("crystal_system") instanceof ClassificationMetrics m ? m.accuracy() : null),
          format(r.targets().get("crystal_system") instanceof ClassificationMetrics m ? m.macroF1() : null));
    }
    return table;
  }

  private static String format(Double value) {
    return value == null ? MarkdownTable.NOT_AVAILABLE : MarkdownTable.format(value, 3);
  }
}
