package org.xxact.xrd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xxact.xrd.PatternRenderer.PatternNormalisation;
import org.xxact.xrd.PatternRenderer.PeakNormalisation;

/**
 * Grids rendered by the fast (windowed) renderer against numpy grids in which every peak covers the whole grid
 * (golden/grids_golden.json.gz, written by golden/generate_golden.py from the golden pymatgen peaks).
 */
class PatternRendererGoldenTest {
  /** Gaussian windows cut below 1.5e-11 of a peak height. */
  static final double GAUSSIAN_TOL = 1e-6;
  /** Lorentzian tails are cut at 1e-4 of the peak height (see PatternRenderer). */
  static final double LORENTZIAN_TOL = 1e-3;

  static Stream<Arguments> grids() throws IOException {
    Map<String, JsonNode> patterns = new HashMap<>();
    XrdGoldenTest.golden().get("cases").forEach(c -> patterns.put(c.get("name").asText(), c));
    JsonNode root;
    try (InputStream in =
        new GZIPInputStream(PatternRendererGoldenTest.class.getResourceAsStream("golden/grids_golden.json.gz"))) {
      root = new ObjectMapper().readTree(in);
    }
    List<Arguments> out = new ArrayList<>();
    for (JsonNode g : root.get("grids")) {
      JsonNode spec = g.get("spec");
      String label = g.get("pattern").asText() + " " + spec.get("shape").asText() + " " + spec.get("fwhm");
      out.add(Arguments.of(label, patterns.get(g.get("pattern").asText()), spec, g.get("y")));
    }
    return out.stream();
  }

  static Broadening broadening(JsonNode f) {
    Broadening b =
        f.get("kind").asText().equals("constant")
            ? Broadening.constant(f.get("fwhm").asDouble())
            : Broadening.caglioti(f.get("u").asDouble(), f.get("v").asDouble(), f.get("w").asDouble());
    return f.has("crystallite_size_angstrom") ? b.withCrystalliteSize(f.get("crystallite_size_angstrom").asDouble())
        : b;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("grids")
  void matchesWholeGridRendering(String label, JsonNode pattern, JsonNode spec, JsonNode expected) {
    PatternGrid grid =
        new PatternGrid(
            spec.get("two_theta_min").asDouble(), spec.get("two_theta_max").asDouble(), spec.get("points").asInt());
    PeakShape shape = PeakShape.parse(spec.get("shape").asText());
    PatternRenderer renderer =
        new PatternRenderer(
            grid,
            shape,
            spec.has("eta") ? spec.get("eta").asDouble() : PatternRenderer.DEFAULT_ETA,
            spec.path("unit_area").asBoolean(false) ? PeakNormalisation.UNIT_AREA : PeakNormalisation.UNIT_HEIGHT,
            PatternNormalisation.valueOf(spec.path("normalisation").asText("max").toUpperCase(java.util.Locale.ROOT)));
    List<DiffractionPeak> peaks = new ArrayList<>();
    for (int i = 0; i < pattern.get("two_theta").size(); i++) {
      peaks.add(
          new DiffractionPeak(
              pattern.get("two_theta").get(i).asDouble(),
              pattern.get("intensity").get(i).asDouble(),
              pattern.get("d_spacing").get(i).asDouble(),
              List.of()));
    }
    DiffractionPattern p =
        new DiffractionPattern(pattern.get("wavelength_angstrom").asDouble(), 0, 180, peaks);
    Radiation doublet = spec.has("doublet") ? Radiation.parse(spec.get("doublet").asText()) : null;
    double[] y = renderer.render(p, broadening(spec.get("fwhm")), doublet);

    double refMax = 0;
    for (JsonNode v : expected) {
      refMax = Math.max(refMax, v.asDouble());
    }
    double worst = 0;
    for (int i = 0; i < grid.points(); i++) {
      worst = Math.max(worst, Math.abs(y[i] - expected.get(i).asDouble()));
    }
    double tol = shape == PeakShape.GAUSSIAN ? GAUSSIAN_TOL : LORENTZIAN_TOL;
    assertThat(expected.size()).isEqualTo(grid.points());
    assertThat(worst / refMax).as("largest difference relative to the maximum").isLessThanOrEqualTo(tol);
  }
}
