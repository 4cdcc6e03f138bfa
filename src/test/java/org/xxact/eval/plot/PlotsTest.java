package org.xxact.eval.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.eval.ConfusionMatrix;

class PlotsTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /** Rendering and PNG compression blur colours by a unit or two per channel at most inside a marker. */
  private static final int COLOUR_TOLERANCE = 3;

  private static final List<String> SYSTEMS =
      List.of("triclinic", "monoclinic", "orthorhombic", "tetragonal", "trigonal", "hexagonal", "cubic");

  @TempDir Path dir;

  /** Reads a written plot, checking that it is a PNG of the plot size and that no temporary file was left behind. */
  private BufferedImage png(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    assertThat(Arrays.copyOf(bytes, 8)).isEqualTo(PNG_SIGNATURE);
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image.getWidth()).isEqualTo(Plots.WIDTH);
    assertThat(image.getHeight()).isEqualTo(Plots.HEIGHT);
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
    }
    return image;
  }

  /** Whether some pixel has this colour, up to the tolerance. */
  private static boolean hasColour(BufferedImage image, Color c) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        Color p = new Color(image.getRGB(x, y));
        if (Math.abs(p.getRed() - c.getRed()) <= COLOUR_TOLERANCE
            && Math.abs(p.getGreen() - c.getGreen()) <= COLOUR_TOLERANCE
            && Math.abs(p.getBlue() - c.getBlue()) <= COLOUR_TOLERANCE) {
          return true;
        }
      }
    }
    return false;
  }

  /** The colour of an opaque-enough line or the centre of a marker drawn with this alpha on white. */
  private static Color onWhite(Color c, int alpha) {
    double a = alpha / 255.0;
    return new Color(
        (int) Math.round(a * c.getRed() + (1 - a) * 255),
        (int) Math.round(a * c.getGreen() + (1 - a) * 255),
        (int) Math.round(a * c.getBlue() + (1 - a) * 255));
  }

  @Test
  void learningCurvesAndScalingPlots() throws IOException {
    double[] steps = new double[200];
    double[] a = new double[200];
    double[] b = new double[200];
    for (int i = 0; i < 200; i++) {
      steps[i] = 10 * (i + 1);
      a[i] = 1.0 / Math.sqrt(i + 1);
      b[i] = 0.5 / Math.sqrt(i + 1) + 0.05;
    }
    Path curves = dir.resolve("curves/learning.png");
    Plots.learningCurves(
        curves,
        "validation MAE",
        "step",
        "MAE (eV/atom)",
        List.of(PlotSeries.of("scratch", steps, a), PlotSeries.of("pretrained", steps, b)),
        true);
    BufferedImage image = png(curves);
    assertThat(hasColour(image, Charts.category(0))).isTrue();
    assertThat(hasColour(image, Charts.category(1))).isTrue();

    // A likelihood loss below zero cannot go on a log axis; the plot falls back to a linear one.
    Path negative = dir.resolve("curves/negative-loss.png");
    Plots.learningCurves(
        negative, "validation loss", "step", "loss",
        List.of(PlotSeries.of("pretrained", new double[] {1, 2, 3}, new double[] {0.4, -0.1, -0.5})), true);
    assertThat(hasColour(png(negative), Charts.category(0))).isTrue();

    Path scaling = dir.resolve("scaling.png");
    double[] sizes = {1000, 3000, 10000, 29000};
    Plots.errorVsTrainingSize(
        scaling,
        "formation energy",
        "test MAE (eV/atom)",
        List.of(
            new PlotSeries("composition", sizes, new double[] {0.3, 0.2, 0.12, 0.09}, new double[] {0.02, 0.01, 0.01, 0.005}),
            new PlotSeries("fused", sizes, new double[] {0.28, 0.17, 0.1, 0.07}, new double[] {0.02, 0.01, 0.01, 0.005})));
    png(scaling);
  }

  @Test
  void parityPlotHasPointsAndTheIdealLine() throws IOException {
    Random r = new Random(1);
    double[] actual = new double[500];
    double[] predicted = new double[500];
    for (int i = 0; i < 500; i++) {
      actual[i] = -3 + 4 * r.nextDouble();
      predicted[i] = actual[i] + 0.1 * r.nextGaussian();
    }
    predicted[3] = Double.NaN;
    Path f = dir.resolve("parity.png");
    Plots.parity(f, "formation_energy_per_atom", "eV/atom", actual, predicted);
    BufferedImage image = png(f);
    assertThat(hasColour(image, Color.DARK_GRAY)).isTrue();
    assertThat(hasColour(image, onWhite(Charts.category(0), 90))).isTrue();
  }

  @Test
  void confusionMatrixHeatMapsInCountsAndFractions() throws IOException {
    int[] actual = {0, 0, 1, 1, 1, 2, 6, 6, 5};
    int[] predicted = {0, 1, 1, 1, 0, 2, 6, 5, 5};
    ConfusionMatrix cm = ConfusionMatrix.of(predicted, actual, 7, null);
    Path counts = dir.resolve("cm_counts.png");
    Path fractions = dir.resolve("cm_fractions.png");
    Plots.confusionMatrix(counts, "crystal system", cm, SYSTEMS, false);
    Plots.confusionMatrix(fractions, "crystal system", cm, SYSTEMS, true);
    png(counts);
    png(fractions);
    assertThat(Files.readAllBytes(counts)).isNotEqualTo(Files.readAllBytes(fractions));
    assertThatThrownBy(() -> Plots.confusionMatrix(counts, "x", cm, List.of("a", "b"), false))
        .hasMessageContaining("2 class names for 7 classes");
  }

  @Test
  void xrdReconstructionShadesTheMaskedPatches() throws IOException {
    int n = 4096;
    double[] angle = new double[n];
    double[] original = new double[n];
    double[] reconstructed = new double[n];
    boolean[] masked = new boolean[n];
    for (int i = 0; i < n; i++) {
      angle[i] = 5 + 85.0 * i / (n - 1);
      original[i] = Math.exp(-Math.pow((angle[i] - 30) / 0.2, 2)) + 0.6 * Math.exp(-Math.pow((angle[i] - 55) / 0.2, 2));
      reconstructed[i] = 0.9 * original[i];
      masked[i] = (i / 64) % 3 == 1;
    }
    Path f = dir.resolve("mxm.png");
    Plots.xrdReconstruction(f, "masked XRD reconstruction", angle, original, reconstructed, masked);
    BufferedImage image = png(f);
    assertThat(hasColour(image, onWhite(new Color(255, 200, 120), 110))).isTrue();
  }

  @Test
  void embeddingMapsByClassAndByValue() throws IOException {
    Random r = new Random(2);
    int n = 700;
    double[][] xy = new double[n][2];
    int[] classes = new int[n];
    double[] energy = new double[n];
    for (int i = 0; i < n; i++) {
      classes[i] = i % 7;
      xy[i][0] = 10 * Math.cos(classes[i]) + r.nextGaussian();
      xy[i][1] = 10 * Math.sin(classes[i]) + r.nextGaussian();
      energy[i] = i % 50 == 0 ? Double.NaN : -4 + 4 * r.nextDouble();
    }
    Path byClass = dir.resolve("map_class.png");
    EmbeddingPlots.byClass(byClass, "t-SNE", xy, classes, SYSTEMS);
    BufferedImage image = png(byClass);
    for (int c = 0; c < 7; c++) {
      assertThat(hasColour(image, onWhite(Charts.category(c), 170))).as(SYSTEMS.get(c)).isTrue();
    }
    Path byValue = dir.resolve("map_value.png");
    EmbeddingPlots.byValue(byValue, "t-SNE", xy, energy, "formation energy (eV/atom)");
    BufferedImage values = png(byValue);
    assertThat(hasColour(values, onWhite(Charts.viridis(0), 170))).isTrue();
    assertThat(hasColour(values, onWhite(Charts.viridis(1), 170))).isTrue();
    assertThat(hasColour(values, onWhite(Charts.MISSING, 170))).isTrue();
  }

  @Test
  void valueBinsAreBoundedByPercentilesAndOpenEnded() {
    double[] sorted = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(EmbeddingPlots.percentile(sorted, 50)).isEqualTo(5.0);
    assertThat(EmbeddingPlots.percentile(sorted, 2)).isEqualTo(0.2);
    assertThat(EmbeddingPlots.bin(-100, 0, 1)).isZero();
    assertThat(EmbeddingPlots.bin(3.5, 0, 1)).isEqualTo(3);
    assertThat(EmbeddingPlots.bin(100, 0, 1)).isEqualTo(EmbeddingPlots.VALUE_BINS - 1);
  }

  @Test
  void viridisEndsAreTheMatplotlibColours() {
    assertThat(Charts.viridis(0)).isEqualTo(new Color(0x440154));
    assertThat(Charts.viridis(0.5)).isEqualTo(new Color(0x21918C));
    assertThat(Charts.viridis(1)).isEqualTo(new Color(0xFDE725));
  }
}
