package org.xxact.cli;

import java.io.PrintWriter;
import java.util.Locale;

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
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (drawn && now - lastNanos < REDRAW_NANOS) {
      return;
    }
    lastNanos = now;
    drawn = true;
    double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
    err.printf(
        Locale.ROOT,
        "\r%s: %,d done, %,d rejected, %,.0f/s, %.0f s   ",
        label,
        done,
        rejected,
        done / seconds,
        seconds);
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
