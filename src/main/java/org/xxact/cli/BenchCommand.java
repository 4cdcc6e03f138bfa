package org.xxact.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code xxact bench}: the speed measurements whose results are committed in docs/BENCHMARKS.md. Each measurement is a
 * subcommand; timed unit tests are not used, because a shared test machine makes them flaky.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure the speed of parts of xxact (results as JSON and a Markdown table).",
    subcommands = {
      BenchXrdCommand.class, BenchDatasetCommand.class, BenchLoaderCommand.class, BenchTrainCommand.class,
      BenchPredictCommand.class
    })
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }
}
