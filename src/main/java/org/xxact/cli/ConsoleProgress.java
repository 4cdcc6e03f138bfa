package org.xxact.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress display on stderr that redraws itself in place, shown only when the program runs on a terminal
 * ({@code System.console() != null}) so that logs and pipes never fill with carriage returns. Redraws are limited to
 * a few per second; safe to call from several threads.
 */
final class ConsoleProgress implements AutoCloseable {
  /** Least time between redraws: fast enough to look live, slow enough to cost nothing. */
  private static final long REDRAW_INTERVAL_NANOS = 200_000_000L;

  private final PrintWriter err;
  private final boolean enabled;
  private final long startNanos = System.nanoTime();
  private long lastDraw;
  private int lastLength;

  /**
   * @param err where to draw
   * @param enabled false to draw nothing (no terminal)
   */
  ConsoleProgress(PrintWriter err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  /** A progress display that is on exactly when stderr is a terminal. */
  static ConsoleProgress onTerminal(PrintWriter err) {
    return new ConsoleProgress(err, System.console() != null);
  }

  /** Seconds since the display was created. */
  double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Redraws the line with {@code text} unless it was redrawn very recently. */
  synchronized void update(String text) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastDraw < REDRAW_INTERVAL_NANOS) {
      return;
    }
    lastDraw = now;
    String line = String.format(Locale.ROOT, "%s  [%.0f s]", text, elapsedSeconds());
    err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
    err.flush();
    lastLength = line.length();
  }

  /** Clears the line so that the next message starts on a clean line. */
  @Override
  public synchronized void close() {
    if (enabled && lastLength > 0) {
      err.print("\r" + " ".repeat(lastLength) + "\r");
      err.flush();
      lastLength = 0;
    }
  }
}
