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
      "Writes DIR/results.json, DIR/results.md and DIR/curves-*.png.",
      "Exit codes: 0 done, 2 usage error, 3 input error, 4 internal error."
    })
public final class ExperimentSpeedupCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--reference",
      required = true,
      paramLabel = "RUN",
      description = "Run directory of the reference, usually trained from random weights.")
  Path reference;

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
    Map<String, Path> labelled;
    try {
      labelled = SpeedupComparison.labelled(reference, runs);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    SpeedupComparison.run(out, labelled);
    spec.commandLine().getOut().print(Files.readString(out.resolve("results.md")));
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }
}
