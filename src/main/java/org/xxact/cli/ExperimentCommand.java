package org.xxact.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code xxact experiment}: the group of experiments, each run by one command, resumable, with a report. */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Run an experiment of the paper's claims; each writes results.json, results.md and plots.",
    subcommands = {
      ExperimentConvergenceCommand.class,
      ExperimentScalingCommand.class,
      ExperimentProbeCommand.class,
      ExperimentMeasuredCommand.class,
    })
public final class ExperimentCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }
}
