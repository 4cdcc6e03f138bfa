package org.xxact.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.xxact.eval.ProbeExperiment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xxact experiment probe}: linear and k-NN probes on frozen embeddings of runs and their random-init twins. */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Representation quality: for each run (trained or pretrained) and the same architecture with random weights,"
          + " fit a linear probe (ridge, or logistic for classes) and a k-NN probe on frozen training-split"
          + " embeddings and score them on the test split, per target.",
      "Writes DIR/results.json, DIR/results.md, DIR/models/*.json (reused when the command runs again) and"
          + " DIR/maps/*.png.",
      "Exit codes: 0 done, 2 usage error, 3 input error, 4 internal error."
    })
public final class ExperimentProbeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DATASET", description = "Dataset directory.")
  Path data;

  @Option(
      names = "--models",
      required = true,
      arity = "1..*",
      paramLabel = "RUN",
      description = "Run directories whose encoders are probed.")
  List<Path> models;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Experiment directory.")
  Path out;

  @Option(
      names = "--train-limit",
      paramLabel = "N",
      description = "Training samples that fit the probes (default: ${DEFAULT-VALUE}; 0: all).")
  int trainLimit = 10_000;

  @Option(names = "--test-limit", paramLabel = "N", description = "Test samples scored (default: 0, all).")
  int testLimit;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of the random init and the probes (default: 0).")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (trainLimit < 0 || testLimit < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "limits must not be negative");
    }
    PrintWriter err = spec.commandLine().getErr();
    ProbeExperiment.run(
        out, data, models, new ProbeExperiment.Options(trainLimit, testLimit, seed),
        line -> {
          err.println(line);
          err.flush();
        });
    spec.commandLine().getOut().print(java.nio.file.Files.readString(out.resolve("results.md")));
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }
}
