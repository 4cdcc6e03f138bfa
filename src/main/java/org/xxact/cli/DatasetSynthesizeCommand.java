package org.xxact.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.xxact.data.RandomCrystals;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xxact dataset synthesize}: random crystals of every space group ({@link RandomCrystals}), written as
 * Alexandria-layout files that {@code xxact dataset build} reads, typically with {@code --train-only} so that they
 * only add training patterns.
 */
@Command(
    name = "synthesize",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Write random crystals of the 230 space groups (a crystal system uniformly, then a group uniformly within it;"
          + " a few atoms expanded by the group's operations in a random cell of its metric) as Alexandria-layout"
          + " files, with the space group as data.spg, for training pattern models on symmetries that real"
          + " structure sets hold few of. Deterministic in --seed.",
      "Example: xxact dataset synthesize --count 30000 --out runs/random-crystals, then"
          + " xxact dataset build --input mp.csv.gz --train-only runs/random-crystals --targets"
          + " crystal_system,spacegroup_number --out runs/mp-plus-random"
    })
public final class DatasetSynthesizeCommand implements Callable<Integer> {
  /** Entries per file: small enough that each of a few threads writes several files. */
  static final int ENTRIES_PER_FILE = 5_000;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--count", required = true, paramLabel = "N", description = "Number of crystals.")
  long count;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the sequence (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the files into.")
  Path out;

  @Option(names = "--threads", paramLabel = "N", description = "Writer threads (default: all processors).")
  Integer threads;

  @Override
  public Integer call() throws Exception {
    if (count < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--count must be at least 1, got " + count);
    }
    int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (workers < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1, got " + workers);
    }
    long start = System.nanoTime();
    PrintWriter err = spec.commandLine().getErr();
    AtomicLong written = new AtomicLong();
    List<Path> files;
    try (ConsoleProgress progress = new ConsoleProgress(err, "crystals written")) {
      Thread ticker = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          progress.update(written.get(), 0);
          try {
            Thread.sleep(1000);
          } catch (InterruptedException ex) {
            return;
          }
        }
      });
      ticker.setDaemon(true);
      ticker.start();
      try {
        files = RandomCrystals.write(out, count, ENTRIES_PER_FILE, seed, workers, written);
      } finally {
        ticker.interrupt();
      }
    }
    err.printf(Locale.ROOT, "wrote %,d random crystals into %d file(s) in %s, %.1f s%n",
        written.get(), files.size(), out, (System.nanoTime() - start) / 1e9);
    err.flush();
    return ExitCode.OK;
  }
}
