package org.xxact.xrd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.xxact.crystal.InputException;
import org.xxact.xrd.Radiation;
import org.xxact.xrd.io.BrukerRawTestWriter.Range;

class BrukerRawReaderTest {
  private static final double KA1 = 1.5406;
  private static final double KA2 = 1.54439;

  private static float[] counts(int n) {
    double[] x = SyntheticPatterns.angles(20, 0.02, n);
    double[] y = SyntheticPatterns.peaks(x, new double[] {3.0, 2.5}, new double[] {5000, 2000}, 0.1, 1.54184);
    float[] c = new float[n];
    for (int i = 0; i < n; i++) {
      c[i] = (float) (150 + y[i]);
    }
    return c;
  }

  private static MeasuredPattern read(byte[] content) {
    return MeasuredPatternReader.read(content, "scan.raw");
  }

  private static void assertSameScan(MeasuredPattern p, float[] c, double start, double step) {
    assertThat(p.size()).isEqualTo(c.length);
    for (int i = 0; i < c.length; i++) {
      assertThat(p.intensity()[i]).isEqualTo(c[i]);
      assertThat(p.twoThetaDeg()[i]).isCloseTo(start + i * step, within(1e-12));
    }
  }

  @Test
  void version3IsReadWithItsWavelengthsAndMetadata() {
    float[] c = counts(1500);
    MeasuredPattern p = read(BrukerRawTestWriter.v3("quartz", KA1, KA2, 0.5, new Range("", 20.0, 0.02, c)));
    assertSameScan(p, c, 20.0, 0.02);
    Radiation r = p.statedRadiation().orElseThrow();
    assertThat(r.wavelengthAngstrom()).isCloseTo((KA1 + 0.5 * KA2) / 1.5, within(1e-12));
    assertThat(r.kAlpha2Angstrom()).isEqualTo(KA2);
    assertThat(p.metadata())
        .containsEntry("format", "Bruker RAW version 3 (RAW1.01)")
        .containsEntry("sample", "quartz")
        .containsEntry("anode", "Cu")
        .containsEntry("date", "11/21/17");
    assertThat(p.notes()).isEmpty();
  }

  @Test
  void version4IsReadWithItsWavelengthsAndMetadata() {
    float[] c = counts(1200);
    MeasuredPattern p = read(BrukerRawTestWriter.v4("corundum", KA1, KA2, 0.5, new Range("Locked Coupled", 20.0, 0.02, c)));
    assertSameScan(p, c, 20.0, 0.02);
    assertThat(p.statedRadiation().orElseThrow().wavelengthAngstrom()).isCloseTo((KA1 + 0.5 * KA2) / 1.5, within(1e-12));
    assertThat(p.metadata())
        .containsEntry("format", "Bruker RAW version 4 (RAW4.00)")
        .containsEntry("sample", "corundum")
        .containsEntry("scanType", "Locked Coupled")
        .containsEntry("anode", "Cu");
  }

  @Test
  void aMonochromatedSourceHasItsKAlpha1() {
    MeasuredPattern p = read(BrukerRawTestWriter.v4("s", KA1, KA2, 0.0, new Range("Locked Coupled", 20, 0.02, counts(100))));
    assertThat(p.statedRadiation().orElseThrow().wavelengthAngstrom()).isEqualTo(KA1);
  }

  @Test
  void aFileWithoutWavelengthStatesNone() {
    MeasuredPattern p = read(BrukerRawTestWriter.v3("s", 0, 0, 0, new Range("", 20, 0.02, counts(100))));
    assertThat(p.statedRadiation()).isEmpty();
  }

  @Test
  void theFirstTwoThetaRangeIsReadAndOthersNoted() {
    float[] rocking = counts(50);
    float[] coupled = counts(300);
    MeasuredPattern p =
        read(
            BrukerRawTestWriter.v4(
                "s",
                KA1,
                KA2,
                0.5,
                new Range("Rocking Curve", 14.0, 0.01, rocking, 28.4),
                new Range("Locked Coupled", 30.0, 0.01, coupled),
                new Range("Locked Coupled", 40.0, 0.01, rocking)));
    assertSameScan(p, coupled, 30.0, 0.01);
    assertThat(p.notes()).containsExactly(
        "the file holds 3 ranges [Rocking Curve, Locked Coupled, Locked Coupled]; the first 2-theta scan is read");
    MeasuredPattern v3 =
        read(BrukerRawTestWriter.v3("s", KA1, KA2, 0.5, new Range("", 20, 0.02, coupled), new Range("", 30, 0.02, rocking)));
    assertThat(v3.notes()).containsExactly("the file holds 2 ranges; the first is read");
  }

  @Test
  void scansThatDoNotStepTwoThetaAreRejected() {
    assertThatThrownBy(() -> read(BrukerRawTestWriter.v4("s", KA1, KA2, 0.5, new Range("Rocking Curve", 14, 0.01, counts(50)))))
        .isInstanceOf(InputException.class)
        .hasMessage("scan.raw: no range steps 2-theta (scan types [Rocking Curve]; read are "
            + BrukerRawReader.TWO_THETA_SCANS + ")");
    assertThatThrownBy(
            () -> read(BrukerRawTestWriter.v4("s", KA1, KA2, 0.5, new Range("Locked Coupled", 10, 0.01, counts(50), 28.0))))
        .hasMessage("scan.raw: range 1 starts at 10.0000 deg but its 2Theta drive at 28.0000 deg: it does not step 2-theta");
  }

  @Test
  void truncatedFilesSayHowMuchIsMissing() {
    byte[] v3 = BrukerRawTestWriter.v3("s", KA1, KA2, 0.5, new Range("", 20, 0.02, counts(200)));
    assertThatThrownBy(() -> read(Arrays.copyOf(v3, v3.length - 100)))
        .hasMessage("scan.raw: range 1 states 200 points but the file ends after 175: it is truncated");
    assertThatThrownBy(() -> read(Arrays.copyOf(v3, 300)))
        .hasMessage("scan.raw: the file ends inside its 712-byte file header (300 bytes): it is truncated");
    assertThatThrownBy(() -> read(Arrays.copyOf(v3, 800)))
        .hasMessage("scan.raw: the file ends inside the header of range 1 (800 bytes): it is truncated");
    byte[] v4 = BrukerRawTestWriter.v4("s", KA1, KA2, 0.5, new Range("Locked Coupled", 20, 0.02, counts(200)));
    assertThatThrownBy(() -> read(Arrays.copyOf(v4, v4.length - 1)))
        .hasMessage("scan.raw: range 1 states 200 points but the file ends after 199: it is truncated");
    assertThatThrownBy(() -> read(Arrays.copyOf(v4, 150)))
        .hasMessageStartingWith("scan.raw: the metadata record at byte 61 states 100 bytes: the file is truncated or damaged");
  }

  @Test
  void otherRawFormatsAreNamedAndRefused() {
    byte[] v1 = Arrays.copyOf("RAW \u0001\u0000".getBytes(StandardCharsets.ISO_8859_1), 2000);
    assertThatThrownBy(() -> read(v1)).hasMessageStartingWith("scan.raw: a Bruker RAW file of version 1 or 2");
    byte[] rigaku = Arrays.copyOf("FI\u0000\u0001 binary".getBytes(StandardCharsets.ISO_8859_1), 2000);
    assertThatThrownBy(() -> read(rigaku))
        .hasMessageStartingWith("scan.raw: not a Bruker RAW file (it starts 'FI?? bi', not RAW1.01 or RAW4.00)");
  }
}
