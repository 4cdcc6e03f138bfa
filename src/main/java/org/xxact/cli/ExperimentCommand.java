package org.xxact.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code xxact experiment}: the experiments of the design, one subcommand each. */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    description = "Run an experiment and write its report (JSON, Markdown, plots).",
    subcommands = {ExperimentMeasuredCommand.class})
public final class ExperimentCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }
}
