package org.xxact.cli;

import java.nio.file.Path;
import org.xxact.train.RunDirectory;
import picocli.CommandLine;

/** The {@code --out RUN [--resume]} contract shared by {@code train} and {@code pretrain}. */
final class RunOutput {
  private RunOutput() {}

  /**
   * Whether the command continues the run in {@code out}: true with {@code --resume} when it holds a checkpoint, false
   * for a new run (also with {@code --resume} when nothing is there yet).
   *
   * @throws CommandLine.ParameterException when {@code out} holds a run and {@code --resume} was not given
   */
  static boolean continuing(CommandLine commandLine, Path out, boolean resume) {
    boolean hasRun = RunDirectory.hasCheckpoint(out);
    if (hasRun && !resume) {
      throw new CommandLine.ParameterException(
          commandLine, out + " already holds a run; add --resume to continue it, or choose another --out");
    }
    return hasRun;
  }
}
