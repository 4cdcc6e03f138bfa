package org.xxact.xrd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.xxact.crystal.InputException;

class TextColumnsReaderTest {

  /** A file of {@code n} lines made by {@code line}, joined with newlines. */
  private static byte[] lines(int n, IntFunction<String> line, String header) {
    StringBuilder sb = new StringBuilder(header);
    for (int i = 0; i < n; i++) {
      sb.append(line.apply(i)).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static MeasuredPattern read(byte[] content, String name) {
    return MeasuredPatternReader.read(content, name);
  }

  @Test
  void readsSpaceSeparatedXyWithCommentsAndHeader() {
    byte[] f =
        lines(
            20,
            i -> String.format(Locale.ROOT, "  %.2f   %d", 10 + 0.02 * i, 100 + i),
            "# exported by HighScore\n! instrument: X'Pert\n2theta intensity\n\n");
    MeasuredPattern p = read(f, "scan.xy");
    assertThat(p.size()).isEqualTo(20);
    assertThat(p.twoThetaDeg()[0]).isEqualTo(10.0);
    assertThat(p.twoThetaDeg()[19]).isCloseTo(10.38, within(1e-12));
    assertThat(p.intensity()[19]).isEqualTo(119.0);
    assertThat(p.hasEsd()).isFalse();
    assertThat(p.statedRadiation()).isEmpty();
    assertThat(p.metadata()).containsEntry("header", "2theta intensity");
    assertThat(p.notes()).isEmpty();
  }

  @Test
  void thirdColumnIsTheEsd() {
    byte[] f = lines(12, i -> (20 + 0.05 * i) + "\t" + (400 + i) + "\t" + 20.0, "");
    MeasuredPattern p = read(f, "scan.xye");
    assertThat(p.hasEsd()).isTrue();
    assertThat(p.esd()).containsOnly(20.0);
  }

  @Test
  void readsEveryDelimiterAndDecimalComma() {
    String[] styles = {"%s,%s", "%s, %s", "%s;%s", "%s\t%s", "%s %s"};
    for (String style : styles) {
      byte[] f = lines(15, i -> String.format(style, 5 + 0.5 * i, 10 + i), "Angle,Counts\n");
      MeasuredPattern p = read(f, "scan.csv");
      assertThat(p.twoThetaDeg()[3]).as(style).isEqualTo(6.5);
      assertThat(p.intensity()[14]).as(style).isEqualTo(24.0);
    }
    byte[] european = lines(15, i -> "1" + i + ",25;3" + i + ",5", "Winkel;Intensitaet\n");
    MeasuredPattern p = read(european, "scan.csv");
    assertThat(p.twoThetaDeg()[2]).isEqualTo(12.25);
    assertThat(p.intensity()[2]).isEqualTo(32.5);
    byte[] spacedDecimalComma = lines(15, i -> "1" + i + ",5 20,25", "");
    assertThat(read(spacedDecimalComma, "scan.txt").intensity()[0]).isEqualTo(20.25);
  }

  @Test
  void readsQuotedCsvWithCrLfAndByteOrderMark() {
    StringBuilder sb = new StringBuilder("\uFEFF\"2Theta\",\"Intensity\"\r\n");
    for (int i = 0; i < 12; i++) {
      sb.append('"').append(30 + i * 0.1).append("\",\"").append(7 + i).append("\"\r\n");
    }
    MeasuredPattern p = read(sb.toString().getBytes(StandardCharsets.UTF_8), "scan.csv");
    assertThat(p.size()).isEqualTo(12);
    assertThat(p.intensity()[0]).isEqualTo(7.0);
  }

  @Test
  void fortranExponentsAreNumbers() {
    byte[] f = lines(12, i -> (1 + i) + ".0D+01 1.5E+02", "");
    assertThat(read(f, "scan.dat").twoThetaDeg()[1]).isEqualTo(20.0);
  }

  @Test
  void aLineWithOneColumnAfterTheDataStartedNamesItsLine() {
    byte[] f = lines(12, i -> i == 11 ? "32.2" : (10 + i) + " 50", "# header\n");
    assertThatThrownBy(() -> read(f, "cut.xy"))
        .isInstanceOf(InputException.class)
        .hasMessage("cut.xy:13: 1 column where line 2 has 2 (is the file truncated?)");
  }

  @Test
  void wrongColumnCountsAreOneLineErrors() {
    assertThatThrownBy(() -> read(lines(12, i -> (10 + i) + " 1 2 3", ""), "wide.csv"))
        .hasMessage("wide.csv:1: 4 columns; expected 2 or 3 (2-theta, intensity, optional esd)");
    assertThatThrownBy(() -> read(lines(12, i -> (10 + i) + "", ""), "one.xy"))
        .hasMessage("one.xy:1: 1 column; expected 2 or 3 (2-theta, intensity, optional esd)");
    assertThatThrownBy(() -> read(lines(12, i -> i == 5 ? "10 20 30" : (10 + i) + " 50", ""), "mixed.xy"))
        .hasMessage("mixed.xy:6: 3 columns where line 1 has 2");
  }

  @Test
  void textAfterTheDataIsAnError() {
    byte[] f = lines(12, i -> i == 7 ? "N/A N/A" : (10 + i) + " 50", "");
    assertThatThrownBy(() -> read(f, "bad.xy"))
        .hasMessage("bad.xy:8: expected numbers (2-theta, intensity[, esd]) but found 'N/A N/A'");
    byte[] nan = lines(12, i -> i == 3 ? "13 NaN" : (10 + i) + " 50", "");
    assertThatThrownBy(() -> read(nan, "nan.xy")).hasMessageStartingWith("nan.xy:4: expected numbers");
  }

  @Test
  void emptyHeaderOnlyAndTinyFilesAreRejected() {
    assertThatThrownBy(() -> read(new byte[0], "empty.xy")).hasMessage("empty.xy: is empty");
    assertThatThrownBy(() -> read("# nothing\nangle counts\n".getBytes(StandardCharsets.UTF_8), "head.xy"))
        .hasMessage("head.xy: holds no data lines (2-theta, intensity[, esd])");
    assertThatThrownBy(() -> read(lines(3, i -> (10 + i) + " 5", ""), "tiny.xy"))
        .hasMessageContaining("only 3 data points (at least 10 needed)");
  }

  @Test
  void cleanlyDescendingScanIsReversedWithANote() {
    MeasuredPattern p = read(lines(12, i -> (80 - i) + " " + i, ""), "down.xy");
    assertThat(p.twoThetaDeg()[0]).isEqualTo(69.0);
    assertThat(p.intensity()[0]).isEqualTo(11.0);
    assertThat(p.notes()).anyMatch(n -> n.contains("reversed"));
  }

  @Test
  void nonMonotonicScanIsRejectedAtItsLine() {
    byte[] f = lines(12, i -> (i == 6 ? 14.5 : 10 + i) + " 5", "# c\n");
    assertThatThrownBy(() -> read(f, "zigzag.xy"))
        .hasMessage("zigzag.xy:8: 2-theta 14.5000 does not increase from the previous point (15.0000): "
            + "the scan is not monotonic");
    byte[] repeated = lines(12, i -> (i == 6 ? 15 : 10 + i) + " 5", "");
    assertThatThrownBy(() -> read(repeated, "repeat.xy")).hasMessageContaining("repeat.xy:7: 2-theta 15.0000 does not");
  }

  @Test
  void slightlyNegativeIntensitiesAreKeptAndStronglyNegativeOnesRejected() {
    MeasuredPattern p = read(lines(12, i -> (10 + i) + " " + (i == 4 ? -3 : 100), ""), "bgsub.xy");
    assertThat(p.intensity()[4]).isEqualTo(-3.0);
    assertThat(p.notes()).anyMatch(n -> n.startsWith("1 intensities are negative"));
    assertThatThrownBy(() -> read(lines(12, i -> (10 + i) + " " + (i == 4 ? -60 : 100), ""), "diff.xy"))
        .hasMessageStartingWith("diff.xy:5: intensity -60.0000 is below -25% of the maximum 100.000");
    assertThatThrownBy(() -> read(lines(12, i -> (10 + i) + " 0", ""), "flat.xy"))
        .hasMessage("flat.xy: no intensity is above zero: the pattern holds no signal");
  }

  @Test
  void gapsMuchWiderThanTheStepAreReported() {
    MeasuredPattern p = read(lines(40, i -> String.format(Locale.ROOT, "%.2f 10", i < 20 ? 10 + 0.1 * i : 20 + 0.1 * i), ""),
        "gap.xy");
    assertThat(p.gaps()).hasSize(1);
    assertThat(p.gaps().get(0).fromDeg()).isCloseTo(11.9, within(1e-9));
    assertThat(p.gaps().get(0).toDeg()).isCloseTo(22.0, within(1e-9));
    assertThat(p.notes()).anyMatch(n -> n.startsWith("gap in 2-theta from 11.9000 to 22.0000 deg"));
  }

  @Test
  void anglesOutsideTheDiffractionRangeMeanTheColumnsAreSwapped() {
    assertThatThrownBy(() -> read(lines(12, i -> (1000 + 10 * i) + " " + (100 + i), ""), "swapped.xy"))
        .hasMessage("swapped.xy:1: 2-theta 1000.00 deg is outside (0, 180): is the first column 2-theta?");
  }
}
