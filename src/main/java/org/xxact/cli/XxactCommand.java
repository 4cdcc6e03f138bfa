package org.xxact.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.xxact.crystal.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Root command of the {@code xxact} program. Subcommands are one class each; data goes to stdout, logs to stderr, and
 * every failure ends in one readable line and a named exit code ({@link ExitCode}).
 */
@Command(
    name = "xxact",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Predict properties of inorganic materials from composition and powder X-ray diffraction.",
    subcommands = {
      CommandLine.HelpCommand.class,
      InspectCommand.class,
      SimulateCommand.class,
      DatasetCommand.class,
      BenchCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      EnsembleCommand.class,
      PretrainCommand.class,
      EmbedCommand.class,
      ExperimentCommand.class,
      PredictCommand.class,
      DemoCommand.class,
    })
public final class XxactCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }

  /** Builds the configured command line, shared by {@link #main} and tests. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new XxactCommand());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExitCodeExceptionMapper(XxactCommand::exitCodeOf);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          commandLine.getErr().println("xxact: " + messageOf(ex));
          if (Boolean.getBoolean("xxact.stacktrace")) {
            ex.printStackTrace(commandLine.getErr());
          }
          return exitCodeOf(ex);
        });
    return cl;
  }

  static int exitCodeOf(Throwable ex) {
    Throwable t = rootInputCause(ex);
    if (t instanceof InputException || t instanceof NoSuchFileException) {
      return ExitCode.INPUT_ERROR;
    }
    if (ex instanceof CommandLine.ParameterException) {
      return ExitCode.USAGE;
    }
    return ExitCode.INTERNAL_ERROR;
  }

  private static Throwable rootInputCause(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof InputException || t instanceof NoSuchFileException) {
        return t;
      }
    }
    return ex;
  }

  private static String messageOf(Throwable ex) {
    Throwable t = rootInputCause(ex);
    if (t instanceof NoSuchFileException) {
      return t.getMessage() + ": no such file";
    }
    if (t instanceof UncheckedIOException || t instanceof IOException) {
      return "I/O error: " + t.getMessage();
    }
    String msg = t.getMessage();
    return msg == null ? t.getClass().getSimpleName() : msg;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
