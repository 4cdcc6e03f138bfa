package org.xxact.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.xxact.data.BuildOptions;
import org.xxact.data.DatasetBuilder;
import org.xxact.data.DatasetLayout;
import org.xxact.data.Manifest;
import org.xxact.data.SplitAssigner;
import org.xxact.data.TargetDefinition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xxact dataset build}: structure files to a dataset directory of shards (composition, diffraction peaks,
 * targets), a split list, a reject list and a manifest; or, with {@code --composition-column}, a table of compositions
 * to a dataset without peaks for composition models. Resumes an interrupted build of the same dataset.
 */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Compute diffraction peaks and targets for every structure of the inputs and store them as a dataset.",
      "Started again after an interruption with the same arguments, it finishes the build without redoing finished"
          + " shards. Records that cannot be used are listed in DIR/rejects.jsonl with the reason.",
      "Exit codes: 0 all records used, 1 some records rejected, 2 usage error, 3 input error, 4 internal error."
    })
public final class DatasetBuildCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--input",
      required = true,
      arity = "1..*",
      paramLabel = "FILE",
      description =
          "Structure inputs: CSV with a CIF column, CIF, pymatgen/Alexandria JSON; .gz/.bz2/.xz allowed. With"
              + " --composition-column: CSV tables of compositions.")
  List<Path> inputs;

  @Option(
      names = "--targets",
      required = true,
      paramLabel = "T1,T2",
      description =
          "Targets: numeric columns or JSON data fields, or crystal_system, spacegroup_number, is_metal; NAME=COLUMN"
              + " reads target NAME from another column (formation_energy_per_atom=e_form).")
  String targets;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Dataset directory to write.")
  Path out;

  @Option(names = "--id-column", paramLabel = "C", description = "Column or field to use as record id.")
  String idColumn;

  @Option(
      names = "--split-by",
      defaultValue = BuildOptions.SPLIT_BY_FORMULA,
      paramLabel = "KEY",
      description = "Group for the split: reduced_formula (default), id, or a column name.")
  String splitBy;

  @Option(
      names = "--split",
      defaultValue = BuildOptions.DEFAULT_SPLIT,
      paramLabel = "TRAIN,VAL,TEST",
      description = "Split fractions (default ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--seed", defaultValue = "42", description = "Split seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--limit", paramLabel = "N", description = "Use only the first N input records.")
  Long limit;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all processors).")
  Integer threads;

  @Option(names = "--overwrite", description = "Replace a dataset directory that holds a different dataset.")
  boolean overwrite;

  @Option(
      names = "--composition-column",
      paramLabel = "C",
      description =
          "Read a CSV table without structures: each row's composition from column C (e.g. Matbench's"
              + " 'composition'). The samples have no diffraction peaks; only composition models train on them.")
  String compositionColumn;

  @Option(
      names = "--hold-out",
      paramLabel = "DATASET",
      description =
          "Reject records whose reduced formula is in the validation or test split of this finished dataset, so that"
              + " a model trained here can be scored on that dataset's test split.")
  Path holdOut;

  @Option(
      names = "--train-only",
      split = ",",
      paramLabel = "PATH",
      description = "Further structure inputs (files or folders) whose records all go into the train split, such as"
          + " random crystals from 'xxact dataset synthesize'; the other inputs' splits do not change.")
  List<Path> trainOnly = new ArrayList<>();

  @Option(
      names = "--shard-size",
      defaultValue = "8192",
      paramLabel = "N",
      description = "Input records per shard file (default ${DEFAULT-VALUE}).")
  int shardSize;

  @Override
  public Integer call() throws Exception {
    long startNanos = System.nanoTime();
    PrintWriter err = spec.commandLine().getErr();
    BuildOptions options;
    try {
      TargetDefinition.parseList(targets);
      SplitAssigner.parse(seed, split);
      options =
          new BuildOptions(
              inputs,
              List.of(targets.split(",", -1)).stream().map(String::trim).toList(),
              out,
              idColumn,
              splitBy,
              split,
              seed,
              limit,
              threads == null ? Runtime.getRuntime().availableProcessors() : threads,
              overwrite,
              shardSize,
              compositionColumn,
              holdOut,
              trainOnly);
    } catch (IllegalArgumentException ex) {
      throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
    }
    AtomicLong rejects = new AtomicLong();
    DatasetBuilder.Result result;
    try (ConsoleProgress progress = new ConsoleProgress(err, "records read")) {
      DatasetBuilder.Listener listener =
          new DatasetBuilder.Listener() {
            @Override
            public void started(int shardsAlreadyDone) {
              if (shardsAlreadyDone > 0) {
                err.printf(Locale.ROOT, "resuming: %d shard(s) already finished in %s%n", shardsAlreadyDone, out);
                err.flush();
              }
            }

            @Override
            public void recordsRead(long records) {
              progress.update(records, rejects.get());
            }

            @Override
            public void shardWritten(int shard, int shardSamples, int shardRejects) {
              rejects.addAndGet(shardRejects);
            }
          };
      result = new DatasetBuilder(options, listener).build();
    }
    Manifest m = result.manifest();
    Manifest.Counts c = m.counts();
    if (result.alreadyBuilt()) {
      err.printf(Locale.ROOT, "%s already holds this dataset (built %s); nothing to do%n", out, m.createdAt());
    } else {
      err.printf(
          Locale.ROOT,
          "built %s: %,d records -> %,d samples (train %,d, val %,d, test %,d), %,d rejected, %d shards"
              + " (%d reused), %.1f s%n",
          out,
          c.inputRecords(),
          c.samples(),
          c.splits().get("train"),
          c.splits().get("val"),
          c.splits().get("test"),
          c.rejected(),
          m.shards().size(),
          result.shardsReused(),
          (System.nanoTime() - startNanos) / 1e9);
    }
    if (c.rejected() > 0) {
      err.printf(Locale.ROOT, "%,d records rejected; reasons in %s%n", c.rejected(),
          out.resolve(DatasetLayout.REJECTS));
      err.flush();
      return ExitCode.SOME_REJECTED;
    }
    err.flush();
    return ExitCode.OK;
  }

}
