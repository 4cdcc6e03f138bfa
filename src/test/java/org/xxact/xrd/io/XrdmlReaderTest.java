package org.xxact.xrd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.xxact.crystal.InputException;

class XrdmlReaderTest {
  private static final Path DARA = Path.of("data/experimental_xrd/dara_xrdml/dara_xrdml.tar.gz");

  /** Cu K-alpha weighted mean of the lines PANalytical writes: (1.5405980 + 0.5 x 1.5444260) / 1.5. */
  private static final double PANALYTICAL_CU_MEAN = (1.5405980 + 0.5 * 1.5444260) / 1.5;

  private static List<MeasuredPattern> readDaraArchive() throws IOException {
    List<MeasuredPattern> out = new ArrayList<>();
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(DARA));
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.isFile() && e.getName().endsWith(".xrdml")) {
          out.add(MeasuredPatternReader.read(tar, e.getName()));
        }
      }
    }
    return out;
  }

  @Test
  void everyRealAlabScanReads() throws IOException {
    List<MeasuredPattern> scans = readDaraArchive();
    assertThat(scans).hasSize(60);
    for (MeasuredPattern p : scans) {
      assertThat(p.size()).as(p.source()).isIn(2071, 8282, 8301);
      assertThat(p.minTwoThetaDeg()).as(p.source()).isBetween(4.9, 10.1);
      assertThat(p.maxTwoThetaDeg()).as(p.source()).isBetween(99.9, 100.1);
      assertThat(p.statedRadiation()).as(p.source()).isPresent();
      assertThat(p.statedRadiation().get().wavelengthAngstrom()).isCloseTo(PANALYTICAL_CU_MEAN, within(1e-9));
      assertThat(p.metadata().get("xrdmlVersion")).isIn("2.2", "2.3");
      assertThat(p.metadata()).containsKeys("sample", "anode", "scanAxis");
      assertThat(p.hasEsd()).isTrue();
      assertThat(p.gaps()).isEmpty();
      assertThat(p.notes()).as(p.source()).isEmpty();
    }
  }

  @Test
  void oneRealScanMatchesItsFile() throws IOException {
    MeasuredPattern p =
        readDaraArchive().stream()
            .filter(s -> s.source().endsWith("CoO-WO3_900C_60min.xrdml"))
            .findFirst()
            .orElseThrow();
    assertThat(p.minTwoThetaDeg()).isEqualTo(9.90343322);
    assertThat(p.maxTwoThetaDeg()).isEqualTo(100.09488522);
    assertThat(p.intensity()[0]).isEqualTo(2531.0);
    assertThat(p.intensity()[1]).isEqualTo(2442.0);
    assertThat(p.esd()[0]).isCloseTo(Math.sqrt(2531), within(1e-12));
    assertThat(p.metadata()).containsEntry("anode", "Cu").containsEntry("scanAxis", "Gonio");
    assertThat(p.metadata()).containsEntry("intendedWavelength", "K-Alpha 1");
  }

  /** An XRDML document shaped like PANalytical's, with the parts a test varies. */
  private static String xrdml(String version, String positions, String dataElements, String wavelength) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<xrdMeasurements xmlns=\"http://www.xrdml.com/XRDMeasurement/" + version + "\" "
        + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" status=\"Completed\">\n"
        + "  <comment>\n    <entry>Configuration=Reflection-Transmission Spinner</entry>\n  </comment>\n"
        + "  <sample type=\"To be analyzed\">\n    <id>Si640c</id>\n    <name>silicon standard</name>\n  </sample>\n"
        + "  <xrdMeasurement measurementType=\"Scan\" status=\"Completed\">\n"
        + wavelength
        + "    <incidentBeamPath>\n      <radius unit=\"mm\">240.00</radius>\n"
        + "      <xRayTube id=\"1\" name=\"PW3373/00 Cu LFF\">\n        <tension unit=\"kV\">45</tension>\n"
        + "        <anodeMaterial>Cu</anodeMaterial>\n      </xRayTube>\n    </incidentBeamPath>\n"
        + "    <scan appendNumber=\"0\" mode=\"Continuous\" scanAxis=\"Gonio\" status=\"Completed\">\n"
        + "      <header>\n        <startTimeStamp>2008-03-27T10:10:09+01:00</startTimeStamp>\n"
        + "        <source>\n          <applicationSoftware version=\"2.2e\">X'Pert Data Collector</applicationSoftware>\n"
        + "          <instrumentID>0000000011025049</instrumentID>\n        </source>\n      </header>\n"
        + "      <dataPoints>\n"
        + positions
        + "        <positions axis=\"Omega\" unit=\"deg\">\n          <startPosition>10.0</startPosition>\n"
        + "          <endPosition>10.55</endPosition>\n        </positions>\n"
        + dataElements
        + "      </dataPoints>\n    </scan>\n  </xrdMeasurement>\n</xrdMeasurements>\n";
  }

  private static final String CU_DOUBLET =
      "    <usedWavelength intended=\"K-Alpha\">\n      <kAlpha1 unit=\"Angstrom\">1.5405980</kAlpha1>\n"
          + "      <kAlpha2 unit=\"Angstrom\">1.5444260</kAlpha2>\n      <kBeta unit=\"Angstrom\">1.3922500</kBeta>\n"
          + "      <ratioKAlpha2KAlpha1>0.5000</ratioKAlpha2KAlpha1>\n    </usedWavelength>\n";

  private static final String START_END =
      "        <positions axis=\"2Theta\" unit=\"deg\">\n          <startPosition>20.0</startPosition>\n"
          + "          <endPosition>21.1</endPosition>\n        </positions>\n";

  private static final String TWELVE = "100 120 150 400 9000 12000 8000 300 150 120 110 100";

  private static MeasuredPattern read(String xml) {
    return MeasuredPatternReader.read(xml.getBytes(StandardCharsets.UTF_8), "test.xrdml");
  }

  @Test
  void version1IntensitiesAreAlreadyCorrectedForTheAttenuator() {
    String data =
        "        <commonCountingTime unit=\"seconds\">10.16</commonCountingTime>\n"
            + "        <beamAttenuationFactors>1 1 1 1 100 100 100 1 1 1 1 1</beamAttenuationFactors>\n"
            + "        <intensities unit=\"counts\">" + TWELVE + "</intensities>\n";
    MeasuredPattern p = read(xrdml("1.0", START_END, data, CU_DOUBLET));
    assertThat(p.intensity()[5]).isEqualTo(12000.0);
    assertThat(p.hasEsd()).isFalse();
    assertThat(p.twoThetaDeg()[11]).isEqualTo(21.1);
    assertThat(p.twoThetaDeg()[1]).isCloseTo(20.1, within(1e-12));
    assertThat(p.metadata()).containsEntry("xrdmlVersion", "1.0").containsEntry("sample", "Si640c");
    assertThat(p.statedRadiation().get().wavelengthAngstrom()).isCloseTo(PANALYTICAL_CU_MEAN, within(1e-12));
    assertThat(p.statedRadiation().get().kAlpha1Angstrom()).isEqualTo(1.540598);
    assertThat(p.metadata()).containsEntry(MeasuredPattern.RATIO_KEY, "0.5");
  }

  @Test
  void version2CountsAreMultipliedByTheAttenuationFactors() {
    String data =
        "        <commonCountingTime unit=\"seconds\">1.0</commonCountingTime>\n"
            + "        <beamAttenuationFactors>1 1 1 1 100 100 100 1 1 1 1 1</beamAttenuationFactors>\n"
            + "        <counts unit=\"counts\">100 120 150 400 90 120 80 300 150 120 110 100</counts>\n";
    MeasuredPattern p = read(xrdml("2.1", START_END, data, CU_DOUBLET));
    assertThat(p.intensity()[5]).isEqualTo(12000.0);
    assertThat(p.intensity()[3]).isEqualTo(400.0);
    assertThat(p.esd()[5]).isCloseTo(100 * Math.sqrt(120), within(1e-9));
  }

  @Test
  void listedPositionsAndVaryingCountingTimesAreRead() {
    String positions =
        "        <positions axis=\"2Theta\" unit=\"deg\">\n"
            + "          <listPositions>20.0 20.1 20.2 20.3 20.4 20.5 20.6 20.7 20.8 20.9 21.0 21.2</listPositions>\n"
            + "        </positions>\n";
    String data =
        "        <countingTimes unit=\"seconds\">1 1 1 1 2 2 2 1 1 1 1 1</countingTimes>\n"
            + "        <counts unit=\"counts\">" + TWELVE + "</counts>\n";
    MeasuredPattern p = read(xrdml("2.0", positions, data, CU_DOUBLET));
    assertThat(p.twoThetaDeg()[11]).isEqualTo(21.2);
    assertThat(p.intensity()[4]).isEqualTo(4500.0);
    assertThat(p.notes()).anyMatch(n -> n.contains("counts per second"));
  }

  @Test
  void aRatioOfZeroMeansKAlpha1Only() {
    String mono = CU_DOUBLET.replace("0.5000", "0.0000");
    String data = "        <intensities unit=\"counts\">" + TWELVE + "</intensities>\n";
    MeasuredPattern p = read(xrdml("1.5", START_END, data, mono));
    assertThat(p.statedRadiation().get().wavelengthAngstrom()).isEqualTo(1.540598);
  }

  @Test
  void aFileWithoutUsedWavelengthStatesNone() {
    String data = "        <intensities unit=\"counts\">" + TWELVE + "</intensities>\n";
    MeasuredPattern p = read(xrdml("1.0", START_END, data, ""));
    assertThat(p.statedRadiation()).isEmpty();
    assertThatThrownBy(() -> new PatternPreprocessor().preprocess(p, null))
        .isInstanceOf(InputException.class)
        .hasMessage("test.xrdml: states no wavelength; pass --wavelength (CuKa, MoKa, ... or a value in angstrom)");
  }

  @Test
  void aRockingCurveIsNotAPowderScan() {
    String fixed =
        "        <positions axis=\"2Theta\" unit=\"deg\">\n          <commonPosition>28.44</commonPosition>\n"
            + "        </positions>\n";
    String data = "        <intensities unit=\"counts\">" + TWELVE + "</intensities>\n";
    assertThatThrownBy(() -> read(xrdml("1.0", fixed, data, CU_DOUBLET)))
        .hasMessageStartingWith("test.xrdml:34: 2Theta stays at one position in this scan");
  }

  @Test
  void malformedFilesGiveOneLineErrorsWithTheLine() {
    String data = "        <intensities unit=\"counts\">" + TWELVE + "</intensities>\n";
    String whole = xrdml("1.0", START_END, data, CU_DOUBLET);
    String truncated = whole.substring(0, whole.indexOf("<intensities") + 30);
    assertThatThrownBy(() -> read(truncated))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("test.xrdml:41: malformed XML (is the file truncated?)");
    String badNumber = whole.replace("9000", "9O00");
    assertThatThrownBy(() -> read(badNumber)).hasMessage("test.xrdml:41: '9O00' is not a number (value 5)");
    String shortList =
        xrdml(
            "1.0",
            START_END.replace("<startPosition>20.0</startPosition>", "")
                .replace("<endPosition>21.1</endPosition>", "<listPositions>20 21 22</listPositions>"),
            data,
            CU_DOUBLET);
    assertThatThrownBy(() -> read(shortList)).hasMessage("test.xrdml:35: 3 2Theta listPositions for 12 intensities");
    String noData = xrdml("1.0", START_END, "", CU_DOUBLET);
    assertThatThrownBy(() -> read(noData)).hasMessage("test.xrdml: the first scan has neither <intensities> nor <counts>");
    assertThatThrownBy(() -> MeasuredPatternReader.read("<?xml version=\"1.0\"?>\n<html/>".getBytes(StandardCharsets.UTF_8),
            "page.xrdml"))
        .hasMessage("page.xrdml:2: not an XRDML file: its root element is <html>");
  }

  @Test
  void implausibleWavelengthsAreRejected() {
    String data = "        <intensities unit=\"counts\">" + TWELVE + "</intensities>\n";
    String nm = CU_DOUBLET.replace("1.5405980", "0.15405980").replace("1.5444260", "0.015444260");
    assertThatThrownBy(() -> read(xrdml("1.0", START_END, data, nm)))
        .hasMessage(String.format(Locale.ROOT,
            "test.xrdml:12: states a K-alpha2 wavelength of 0.01544426 angstrom, outside the X-ray range 0.05-5.0 angstrom"));
  }
}
