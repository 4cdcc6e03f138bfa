package org.xxact.crystal;

/**
 * Bad user input: a file, record or string that cannot be understood. It always names where the problem is (source and,
 * where known, the line or record), so that the CLI can print one line a user can act on and exit with the input-error
 * code instead of a stack trace.
 */
public class InputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final long line;
  private final String reason;

  /**
   * @param source file name, record id or "formula" etc.; never null
   * @param line 1-based line (or record number) in the source, or 0 when it does not apply
   * @param reason what is wrong, in words a user understands
   */
  public InputException(String source, long line, String reason) {
    this(source, line, reason, null);
  }

  public InputException(String source, long line, String reason, Throwable cause) {
    super(format(source, line, reason), cause);
    this.source = source;
    this.line = line;
    this.reason = reason;
  }

  private static String format(String source, long line, String reason) {
    return line > 0 ? source + ":" + line + ": " + reason : source + ": " + reason;
  }

  public String source() {
    return source;
  }

  /** 1-based line or record number; 0 when not applicable. */
  public long line() {
    return line;
  }

  /** The reason without the location prefix. */
  public String reason() {
    return reason;
  }
}
