package org.xxact.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.xxact.crystal.InputException;
import org.xxact.data.Split;
import org.xxact.eval.EmbeddingTable;
import org.xxact.model.XxactModel;
import org.xxact.train.DataConfig;
import org.xxact.train.DatasetTrainingData;
import org.xxact.train.ModelDirectory;
import org.xxact.train.RunLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xxact embed}: the material embeddings of a trained or pretrained run for one split of a dataset, as CSV, with
 * PCA and t-SNE maps coloured by every target (crystal system, formation energy, ...).
 */
@Command(
    name = "embed",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Write the frozen material embeddings of a run (trained or pretrained) for one split of a dataset: a CSV with"
          + " columns id, split, v0..v(d-1), and PCA and t-SNE maps (PNG) coloured by each target, next to the CSV.",
      "Exit codes: 0 done, 2 usage error, 3 input error, 4 internal error."
    })
public final class EmbedCommand implements Callable<Integer> {
  /** Samples per forward pass. */
  private static final int BATCH_SIZE = 128;
  /** Seed of the map's sample and of t-SNE. */
  private static final long MAP_SEED = 0;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "RUN", description = "Run directory (train or pretrain).")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "DATASET", description = "Dataset directory.")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "CSV file to write.")
  Path out;

  @Option(names = "--split", paramLabel = "S", description = "train, val or test (default: test).")
  String split = "test";

  @Option(names = "--limit", paramLabel = "N", description = "Embed only the first N samples of the split (0: all).")
  int limit;

  @Option(names = "--no-maps", description = "Write the CSV only.")
  boolean noMaps;

  @Override
  public Integer call() throws Exception {
    if (limit < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--limit must not be negative");
    }
    Split which = parseSplit(split);
    PrintWriter err = spec.commandLine().getErr();
    if (Files.exists(model.resolve(ModelDirectory.ENSEMBLE))) {
      throw new InputException(
          model.toString(), 0, "is an ensemble, whose members embed in spaces of their own; embed one of its members");
    }
    try (XxactModel m = RunLoader.load(model);
        DatasetTrainingData dataset =
            DatasetTrainingData.open(
                data, m.config(), DatasetTrainingData.Options.of(List.of(), DataConfig.defaults()))) {
      EmbeddingTable table = EmbeddingTable.compute(m, dataset, which, limit, BATCH_SIZE);
      table.writeCsv(out);
      err.printf(Locale.ROOT, "%s: %,d %s embeddings of dimension %d%n", out, table.size(), which.label(),
          m.config().dModel());
      if (!noMaps && table.size() > 3) {
        String stem = out.getFileName().toString().replaceFirst("\\.csv$", "");
        Path dir = out.toAbsolutePath().getParent();
        for (Path p : table.writeMaps(dir, stem, model.getFileName() + " " + which.label(), MAP_SEED)) {
          err.println(p);
        }
      }
    }
    err.flush();
    return ExitCode.OK;
  }

  private Split parseSplit(String text) {
    for (Split s : Split.values()) {
      if (s.label().equals(text)) {
        return s;
      }
    }
    throw new CommandLine.ParameterException(spec.commandLine(), "--split must be train, val or test, got '" + text + "'");
  }
}
