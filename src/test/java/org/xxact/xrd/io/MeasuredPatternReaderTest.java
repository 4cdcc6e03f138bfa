package org.xxact.xrd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.crystal.InputException;
import org.xxact.xrd.io.BrukerRawTestWriter.Range;

class MeasuredPatternReaderTest {
  private static final byte[] XY = SyntheticPatterns.xy(SyntheticPatterns.angles(10, 0.1, 20), new double[20]);

  @Test
  void contentDecidesBeforeTheExtension() {
    byte[] raw = BrukerRawTestWriter.v4("s", 1.5406, 1.5444, 0.5, new Range("Locked Coupled", 20, 0.02, new float[] {
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
    assertThat(PatternFormat.detect("renamed.dat", raw)).isEqualTo(PatternFormat.BRUKER_RAW);
    byte[] xml = "\uFEFF<?xml version=\"1.0\"?>\n<xrdMeasurements xmlns=\"http://www.xrdml.com/XRDMeasurement/2.3\">"
        .getBytes(StandardCharsets.UTF_8);
    assertThat(PatternFormat.detect("export.txt", xml)).isEqualTo(PatternFormat.XRDML);
    byte[] ras = "*RAS_DATA_START\r\n*RAS_HEADER_START\r\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(PatternFormat.detect("scan.txt", ras)).isEqualTo(PatternFormat.RIGAKU_RAS);
    byte[] cif = "data_x\n_pd_meas_2theta_range_min 5\n".getBytes(StandardCharsets.UTF_8);
    assertThat(PatternFormat.detect("pattern", cif)).isEqualTo(PatternFormat.POWDER_CIF);
  }

  @Test
  void theExtensionDecidesOtherwise() {
    assertThat(PatternFormat.detect("SCAN.XYE", XY)).isEqualTo(PatternFormat.TEXT_COLUMNS);
    assertThat(PatternFormat.detect("scan.xrdml", XY)).isEqualTo(PatternFormat.XRDML);
    assertThat(PatternFormat.detect("scan.cif", XY)).isEqualTo(PatternFormat.POWDER_CIF);
    assertThat(PatternFormat.detect("no_extension", XY)).isEqualTo(PatternFormat.TEXT_COLUMNS);
  }

  @Test
  void aFileOfTheWrongKindGetsItsFormatsError() {
    assertThatThrownBy(() -> MeasuredPatternReader.read(XY, "scan.xrdml"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("scan.xrdml:1: malformed XML");
    assertThatThrownBy(() -> MeasuredPatternReader.read(XY, "scan.raw"))
        .hasMessageStartingWith("scan.raw: not a Bruker RAW file (it starts '# synth'");
  }

  @Test
  void unknownBinaryFilesAreRefusedWithTheFormatsRead() {
    byte[] zip = {'P', 'K', 3, 4, 0, 0, 20, 0};
    assertThatThrownBy(() -> MeasuredPatternReader.read(zip, "scan.brml"))
        .hasMessage("scan.brml: a binary file of a format not read here; measured patterns are read from "
            + ".xy, .xye, .csv, .txt, .dat, .asc, .xrdml, .raw, .ras, .cif files (export other instruments' data as "
            + "two-column .xy)");
  }

  @Test
  void filesAreReadFromDiskWithClearErrors(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("scan.xy");
    Files.write(f, SyntheticPatterns.xy(SyntheticPatterns.angles(10, 0.1, 20), SyntheticPatterns.angles(1, 1, 20)));
    MeasuredPattern p = MeasuredPatternReader.read(f);
    assertThat(p.source()).isEqualTo(f.toString());
    assertThat(p.size()).isEqualTo(20);
    Path missing = dir.resolve("missing.xy");
    assertThatThrownBy(() -> MeasuredPatternReader.read(missing)).hasMessage(missing + ": no such file");
    assertThatThrownBy(() -> MeasuredPatternReader.read(dir)).hasMessage(dir + ": is a directory, not a pattern file");
  }
}
