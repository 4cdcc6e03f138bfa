package org.xxact.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code xxact bench}: benchmarks whose results are committed under docs/benchmarks/. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Measure speed and memory; results are written as JSON (see docs/BENCHMARKS.md).",
    subcommands = {BenchDatasetCommand.class, BenchLoaderCommand.class})
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }
}
