package org.xxact.eval.plot;

/**
 * One named line of a plot: x and y values and, optionally, the half-height of an error bar at each point (the standard
 * deviation over seeds, say).
 *
 * @param name legend entry
 * @param x x values
 * @param y y values, same length
 * @param yError error-bar half-heights, same length, or null for none
 */
public record PlotSeries(String name, double[] x, double[] y, double[] yError) {
  public PlotSeries {
    if (x.length != y.length || (yError != null && yError.length != y.length)) {
      throw new IllegalArgumentException(
          "series '" + name + "' has " + x.length + " x, " + y.length + " y" + (yError == null ? "" : " and "
              + yError.length + " error values"));
    }
    if (x.length == 0) {
      throw new IllegalArgumentException("series '" + name + "' has no points");
    }
  }

  /** A series without error bars. */
  public static PlotSeries of(String name, double[] x, double[] y) {
    return new PlotSeries(name, x, y, null);
  }
}
