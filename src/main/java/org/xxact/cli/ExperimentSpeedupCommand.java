package org.xxact.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xxact.eval.SpeedupComparison;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xxact experiment speedup}: the convergence speedup between runs that have already been trained. */
@Command(
    name = "speedup",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Convergence speedup between finished (or running) runs, by the measure of `experiment convergence`: steps the"
          + " reference run needs to reach its best validation error / steps each other run needs to reach it, per"
          + " error. For trainings too long to repeat inside the convergence experiment, e.g. the same 30-epoch"
          + " training from random weights (reference) and from a pretrained model. Settings that differ from the"
          + " reference's are listed, since the speedup then measures more than the initialisation.",
      "With --paired, the runs are seeds: --reference lists the seeds of the reference, --runs those of one other"
          + " initialisation in the same order, and each run is compared with the reference in its position; the"
          + " seed-mean speedup compares the curves averaged over the seeds of each side (what a convergence"
          + " experiment with several seeds reports), and the mean curves are plotted.",
      "Writes DIR/results.json, DIR/results.md and DIR/curves-*.png.",
      "Exit codes: 0 done, 2 usage error, 3 input error, 4 internal error."
    })
public final class ExperimentSpeedupCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--reference",
      required = true,
      arity = "1..*",
      paramLabel = "RUN",
      description = "Run directory of the reference, usually trained from random weights (with --paired: one per seed).")
  List<Path> references;

  @Option(
      names = "--paired",
      description = "Compare --runs with --reference seed by seed, in the order given, and by their seed-mean curves.")
  boolean paired;

  @Option(
      names = "--runs",
      required = true,
      arity = "1..*",
      paramLabel = "RUN",
      description = "Run directories compared with the reference (labelled by the end of their paths).")
  List<Path> runs;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (!paired && references.size() != 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "one --reference run, or several with --paired (one per seed of --runs)");
    }
    Map<String, Path> labelled = null; // stays null for a paired comparison
    try {
      if (paired) {
        SpeedupComparison.pairedLabels(references, runs);
      } else {
        labelled = SpeedupComparison.labelled(references.get(0), runs);
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (labelled == null) {
      SpeedupComparison.runPaired(out, references, runs);
    } else {
      SpeedupComparison.run(out, labelled);
    }
    spec.commandLine().getOut().print(Files.readString(out.resolve("results.md")));
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }
}
