package org.xxact.cli;

/** Named process exit codes, the same for every command. */
public final class ExitCode {
  /** Everything worked. */
  public static final int OK = 0;
  /** A batch ran, but some inputs were rejected (see the reject file). */
  public static final int SOME_REJECTED = 1;
  /** The command line was wrong. */
  public static final int USAGE = 2;
  /** An input file or value could not be used. */
  public static final int INPUT_ERROR = 3;
  /** A bug or an environment failure inside xxact. */
  public static final int INTERNAL_ERROR = 4;

  private ExitCode() {}
}
