package org.xxact.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A one-line progress display on stderr for batch commands, redrawn in place at most every {@link #REDRAW_NANOS}. It
 * shows itself only on an interactive terminal ({@code System.console() != null}), so logs and pipes stay clean.
 */
final class ConsoleProgress implements AutoCloseable {
  /** Minimum time between redraws: often enough to look live, rarely enough to cost nothing. */
  static final long REDRAW_NANOS = 200_000_000L;

  private final PrintWriter err;
  private final String label;
  private final boolean enabled;
  private final long startNanos = System.nanoTime();
  private long lastNanos;
  private boolean drawn;
  private int width;

  ConsoleProgress(PrintWriter err, String label) {
    this(err, label, System.console() != null);
  }

  ConsoleProgress(PrintWriter err, String label, boolean enabled) {
    this.err = err;
    this.label = label;
    this.enabled = enabled;
  }

  /** Redraws with the running counts when enough time has passed. */
  void update(long done, long rejected) {
    update(
        seconds ->
            String.format(
                Locale.ROOT,
                "%s: %,d done, %,d rejected, %,.0f/s, %.0f s",
                label,
                done,
                rejected,
                done / seconds,
                seconds));
  }

  /**
   * Redraws with the line {@code text} makes of the seconds since the start, when enough time has passed (the line is
   * not built otherwise).
   */
  void update(DoubleFunction<String> text) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (drawn && now - lastNanos < REDRAW_NANOS) {
      return;
    }
    lastNanos = now;
    drawn = true;
    String line = text.apply(Math.max(1e-9, (now - startNanos) / 1e9));
    err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
    width = line.length();
    err.flush();
  }

  /** Whether the display is shown (an interactive terminal). */
  boolean enabled() {
    return enabled;
  }

  /** Prints a log line; on a terminal the progress line is cleared first and redrawn at the next update. */
  void println(String line) {
    if (drawn) {
      err.print("\r" + " ".repeat(width) + "\r");
      drawn = false;
      width = 0;
    }
    err.println(line);
    err.flush();
  }

  @Override
  public void close() {
    if (drawn) {
      err.println();
      err.flush();
    }
  }
}
