package org.xxact.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.xxact.train.ModelDirectory;
import org.xxact.train.RunDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xxact ensemble}: makes a directory that predict and evaluate read as the average of trained runs (a deep
 * ensemble, see {@link org.xxact.model.EnsembleModel}). Only the list of members is written; their checkpoints stay
 * where they are.
 */
@Command(
    name = "ensemble",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Combine trained runs that read the same inputs and predict the same targets into one model: class"
          + " probabilities averaged, each regression target the mixture of the members' predictions (its standard"
          + " deviation includes their disagreement).",
      "Writes DIR/ensemble.json with the members' paths relative to DIR; `xxact predict --model DIR` and"
          + " `xxact evaluate --model DIR` read it.",
      "Exit codes: 0 done, 2 usage error, 3 input error, 4 internal error."
    })
public final class EnsembleCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--members",
      required = true,
      arity = "2..*",
      paramLabel = "RUN",
      description = "Run directories with prediction heads (their best checkpoints), at least two.")
  List<Path> members;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Ensemble directory.")
  Path out;

  @Override
  public Integer call() throws Exception {
    ModelDirectory ensemble = ModelDirectory.writeEnsemble(out, members);
    PrintWriter err = spec.commandLine().getErr();
    err.printf(Locale.ROOT, "%s: an ensemble of %d %s models predicting %s%n", out.resolve(ModelDirectory.ENSEMBLE),
        ensemble.members().size(), ensemble.first().config().model().modality().name().toLowerCase(Locale.ROOT),
        ensemble.targets().stream().map(t -> t.name()).toList());
    for (RunDirectory m : ensemble.members()) {
      err.println("  " + m.path());
    }
    err.flush();
    return ExitCode.OK;
  }
}
