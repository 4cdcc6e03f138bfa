package org.xxact.xrd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.crystal.CrystalSystem;
import org.xxact.crystal.InputException;
import org.xxact.xrd.BraggGeometry;
import org.xxact.xrd.Radiation;

class RruffPatternSetTest {
  private static final Path RRUFF = Path.of("data/experimental_xrd/rruff_454/rruff_xrd_454.csv.gz");

  /** Steps of 0.01 deg accumulate rounding of a few ulps over 8500 points; far below the step itself. */
  private static final double ANGLE_TOLERANCE_DEG = 1e-9;

  private static final String HEADER =
      "id,labels7,crystal_system,labels230,spacegroup_number,n_points,two_theta_start,two_theta_step,intensities\n";

  /** Lattice parameter of fluorite CaF2 at room temperature (Batchelder and Simmons, J. Chem. Phys. 41, 2324, 1964). */
  private static final double FLUORITE_A_ANGSTROM = 5.4626;

  /**
   * A measured peak maximum may sit a few 0.01-degree steps from the Bragg angle of the weighted K-alpha wavelength
   * (sample displacement, the K-alpha1 line dominating the maximum).
   */
  private static final double PEAK_TOLERANCE_DEG = 0.05;

  private static List<LabelledPattern> all;

  @TempDir Path dir;

  @BeforeAll
  static void readSet() {
    all = RruffPatternSet.readAll(RRUFF);
  }

  @Test
  void readsAll454PatternsWithTheDocumentedClassCounts() {
    assertThat(all).hasSize(454);
    Map<CrystalSystem, Integer> counts = new EnumMap<>(CrystalSystem.class);
    for (LabelledPattern p : all) {
      counts.merge(p.labels().crystalSystem(), 1, Integer::sum);
      MeasuredPattern m = p.pattern();
      assertThat(m.size()).isEqualTo(8500);
      assertThat(m.minTwoThetaDeg()).isCloseTo(5.00, within(ANGLE_TOLERANCE_DEG));
      assertThat(m.maxTwoThetaDeg()).isCloseTo(89.99, within(ANGLE_TOLERANCE_DEG));
      assertThat(m.statedRadiation()).contains(Radiation.CU_KA);
      assertThat(Arrays.stream(m.intensity()).max().orElseThrow()).isEqualTo(1000.0);
    }
    assertThat(counts)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                CrystalSystem.TRICLINIC, 48,
                CrystalSystem.MONOCLINIC, 160,
                CrystalSystem.ORTHORHOMBIC, 101,
                CrystalSystem.TETRAGONAL, 44,
                CrystalSystem.HEXAGONAL, 31,
                CrystalSystem.CUBIC, 70));
  }

  @Test
  void fluoritePatternHasItsPeaksAtCopperKAlphaPositions() {
    LabelledPattern fluorite = all.stream().filter(p -> p.id().equals("329")).findFirst().orElseThrow();
    assertThat(fluorite.labels().spaceGroupNumber()).isEqualTo(225);
    MeasuredPattern m = fluorite.pattern();
    double wavelength = m.statedRadiation().orElseThrow().wavelengthAngstrom();
    for (int[] hkl : new int[][] {{1, 1, 1}, {2, 2, 0}}) {
      double d = FLUORITE_A_ANGSTROM / Math.sqrt(hkl[0] * hkl[0] + hkl[1] * hkl[1] + hkl[2] * hkl[2]);
      double expectedDeg = BraggGeometry.twoThetaDeg(d, wavelength);
      assertThat(strongestAngleNear(m, expectedDeg, 0.5)).isCloseTo(expectedDeg, within(PEAK_TOLERANCE_DEG));
    }
  }

  private static double strongestAngleNear(MeasuredPattern m, double centreDeg, double halfWidthDeg) {
    double best = -1;
    double at = Double.NaN;
    for (int i = 0; i < m.size(); i++) {
      double x = m.twoThetaDeg()[i];
      if (Math.abs(x - centreDeg) <= halfWidthDeg && m.intensity()[i] > best) {
        best = m.intensity()[i];
        at = x;
      }
    }
    return at;
  }

  @Test
  void readsAPlainFileWithColumnsInAnyOrder() throws IOException {
    Path f = dir.resolve("set.csv");
    Files.writeString(
        f,
        "intensities,id,n_points,two_theta_start,two_theta_step,labels7,crystal_system,labels230,spacegroup_number\n"
            + intensities(12, 3)
            + ",a7,12,10.0,0.5,5,hexagonal,193,194\n");
    List<LabelledPattern> all = RruffPatternSet.readAll(f);
    assertThat(all).hasSize(1);
    assertThat(all.get(0).id()).isEqualTo("a7");
    assertThat(all.get(0).labels()).isEqualTo(new PatternLabels(CrystalSystem.HEXAGONAL, 194));
    assertThat(all.get(0).pattern().twoThetaDeg()[11]).isEqualTo(15.5);
    assertThat(all.get(0).pattern().source()).isEqualTo(f + ":2");
  }

  @Test
  void malformedRowsGiveOneLineErrorsWithFileAndLine() throws IOException {
    String good = "1,1,monoclinic,11,12,12,5.00,0.01," + intensities(12, 0) + "\n";
    Object[][] cases = {
      {"2,1,monoclinic,11,12,12,5.00\n", "7 fields where the header has 9"},
      {"2,2,monoclinic,11,12,12,5.00,0.01," + intensities(12, 0) + "\n", "crystal_system 'monoclinic' disagrees"},
      {"2,6,cubic,11,12,12,5.00,0.01," + intensities(12, 0) + "\n", "space group 12 is monoclinic"},
      {"2,1,monoclinic,12,12,12,5.00,0.01," + intensities(12, 0) + "\n", "labels230 12 is not"},
      {"2,1,monoclinic,11,12,12,5.00,0.01," + intensities(11, 0) + "\n", "11 intensities where n_points says 12"},
      {"2,1,monoclinic,11,12,12,5.00,0.01," + intensities(13, 0) + "\n", "more than n_points = 12"},
      {"2,1,monoclinic,11,12,12,5.00,0.01,1 2 x3 4 5 6 7 8 9 10 11 12\n", "intensity 3 'x3' is not a number"},
      {"2,1,monoclinic,11,12,12,5.00,-0.01," + intensities(12, 0) + "\n", "two_theta_step -0.01 is not positive"},
      {"2,9,monoclinic,11,12,12,5.00,0.01," + intensities(12, 0) + "\n", "labels7 9 is not a crystal-system index"},
      {"1,1,monoclinic,11,12,12,5.00,0.01," + intensities(12, 0) + "\n", "id 1 was already used on line 2"},
      {"2,1,monoclinic,11,12,12,5.00,0.01,0 0 0 0 0 0 0 0 0 0 0 0\n", "no intensity is above zero"},
    };
    for (Object[] c : cases) {
      Path f = dir.resolve("bad.csv");
      Files.writeString(f, HEADER + good + c[0]);
      assertThatThrownBy(() -> RruffPatternSet.readAll(f))
          .as((String) c[1])
          .isInstanceOf(InputException.class)
          .hasMessageStartingWith(f + ":3: ")
          .hasMessageContaining((String) c[1])
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void headerWithoutARequiredColumnIsRejected() throws IOException {
    Path f = dir.resolve("header.csv");
    Files.writeString(f, "id,labels7,crystal_system\n1,1,monoclinic\n");
    assertThatThrownBy(() -> RruffPatternSet.open(f))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(f + ":1: header has no column 'labels230'");
  }

  @Test
  void truncatedGzipIsAnInputError() throws IOException {
    Path whole = dir.resolve("whole.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(whole))) {
      StringBuilder sb = new StringBuilder(HEADER);
      for (int i = 0; i < 200; i++) {
        sb.append(i).append(",6,cubic,224,225,12,5.00,0.01,").append(intensities(12, i)).append('\n');
      }
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = dir.resolve("cut.csv.gz");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
    assertThat(RruffPatternSet.readAll(whole)).hasSize(200);
    assertThatThrownBy(() -> RruffPatternSet.readAll(cut))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(cut.toString())
        .hasMessageContaining("damaged or truncated");
  }

  @Test
  void missingFileIsAnInputError() {
    Path f = dir.resolve("absent.csv.gz");
    assertThatThrownBy(() -> RruffPatternSet.open(f))
        .isInstanceOf(InputException.class)
        .hasMessage(f + ": no such file");
  }

  /** n space-separated positive integers starting at offset + 1. */
  private static String intensities(int n, int offset) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : " ").append(offset + i + 1);
    }
    return sb.toString();
  }
}
