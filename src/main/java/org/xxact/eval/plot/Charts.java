package org.xxact.eval.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.xxact.data.AtomicFiles;

/**
 * What every plot shares: headless rendering (reports are made on servers without a display), the image size, the
 * colours, and the atomic PNG write.
 */
final class Charts {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** Width of every plot in pixels. */
  static final int WIDTH = 900;

  /** Height of every plot in pixels. */
  static final int HEIGHT = 650;

  /**
   * Categorical colours: Tableau 10 (Stone, 2016), distinct for up to ten classes and readable by most colour-blind
   * viewers. Classes beyond ten get further hues by the golden angle.
   */
  private static final int[] TABLEAU_10 = {
    0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F, 0xEDC948, 0xB07AA1, 0xFF9DA7, 0x9C755F, 0xBAB0AC
  };

  /**
   * Nine colours of matplotlib's perceptually uniform "viridis" map (van der Walt and Smith, 2015) at positions 0, 1/8,
   * ..., 1 (matplotlib 3.6 {@code cm.viridis(i / 8)}), for continuous values: equal steps in value look like equal steps
   * in colour, in grey print too.
   */
  private static final int[] VIRIDIS = {
    0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C, 0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725
  };

  /** Grey for points without a value. */
  static final Color MISSING = new Color(0xB0B0B0);

  private Charts() {}

  /** The colour of class c. */
  static Color category(int c) {
    if (c < TABLEAU_10.length) {
      return new Color(TABLEAU_10[c]);
    }
    float hue = (float) ((c * 0.618033988749895) % 1.0);
    return Color.getHSBColor(hue, 0.65f, 0.85f);
  }

  /** The viridis colour at t in [0, 1], interpolated linearly between the anchors. */
  static Color viridis(double t) {
    double s = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
    int i = Math.min(VIRIDIS.length - 2, (int) Math.floor(s));
    double f = s - i;
    Color a = new Color(VIRIDIS[i]);
    Color b = new Color(VIRIDIS[i + 1]);
    return new Color(
        (int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
        (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
        (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
  }

  /** The colour with an alpha (0-255), for dense scatter plots where points overlap. */
  static Color translucent(Color c, int alpha) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
  }

  /** Renders the chart and writes it as a PNG, atomically. */
  static void writePng(Chart<?, ?> chart, Path file) throws IOException {
    AtomicFiles.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
  }
}
