package org.xxact.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code xxact dataset}: the group of commands that build and describe (composition, XRD) datasets. */
@Command(
    name = "dataset",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Build and inspect training datasets (composition + diffraction peaks + targets).",
    subcommands = {DatasetBuildCommand.class, DatasetInfoCommand.class, DatasetSynthesizeCommand.class})
public final class DatasetCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: build, info or synthesize");
  }
}
