package org.xxact.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xxact.crystal.InputException;
import org.xxact.train.RunConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The configuration options of the commands that train or measure models: {@code --config FILE} and repeated {@code
 * --set key=value} over the defaults of {@link RunConfig}. A wrong override is a usage error; a wrong file an input
 * error naming it.
 */
final class ConfigOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "JSON file overriding configuration defaults.")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override a setting, e.g. train.maxEpochs=8 or model.dModel=96 (repeatable; after --config).")
  List<String> overrides = new ArrayList<>();

  /** Whether any option was given. */
  boolean given() {
    return config != null || !overrides.isEmpty();
  }

  /** The defaults, then the file, then the overrides, then {@code extra} overrides the command adds. */
  RunConfig resolve(CommandLine commandLine, List<String> extra) {
    return resolve(commandLine, List.of(), extra);
  }

  /**
   * The defaults, then the file, then {@code base} (a command's own starting values, which the user may change), then
   * the overrides, then {@code forced} (what the command requires).
   */
  RunConfig resolve(CommandLine commandLine, List<String> base, List<String> forced) {
    List<String> all = new ArrayList<>(base);
    all.addAll(overrides);
    all.addAll(forced);
    try {
      return RunConfig.resolve(config, all);
    } catch (InputException e) {
      if (config == null) {
        throw new CommandLine.ParameterException(commandLine, e.getMessage());
      }
      throw e;
    }
  }
}
