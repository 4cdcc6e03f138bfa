package org.xxact.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code xxact experiment}: the experiments of the design, one subcommand each; every one trains its runs into an output
 * folder, reuses what is finished when started again, and writes results.json, a Markdown table and plots.
 */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Run an experiment (many training runs) and report it as JSON, a Markdown table and plots.",
    subcommands = {
      ExperimentModalitiesCommand.class,
      ExperimentConvergenceCommand.class,
      ExperimentScalingCommand.class,
      ExperimentProbeCommand.class,
      ExperimentSpeedupCommand.class,
      ExperimentMeasuredCommand.class,
    })
public final class ExperimentCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }
}
