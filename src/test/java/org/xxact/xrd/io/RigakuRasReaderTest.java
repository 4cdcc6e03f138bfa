package org.xxact.xrd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.xxact.crystal.InputException;

class RigakuRasReaderTest {
  private static final int POINTS = 40;

  /** A RAS file as SmartLab writes it (CRLF lines), with the header lines a test varies. */
  private static String ras(String waveType, String axis, String count, String dataEnd) {
    StringBuilder sb = new StringBuilder();
    sb.append("*RAS_DATA_START\r\n*RAS_HEADER_START\r\n");
    sb.append("*DISP_UNIT_Y \"cps\"\r\n*FILE_COMMENT \"XRD example\"\r\n*FILE_OPERATOR \"Administrator\"\r\n");
    sb.append("*FILE_SAMPLE \"Test Sample\"\r\n*HW_GONIOMETER_NAME \"SmartLab\"\r\n");
    sb.append("*HW_XG_TARGET_NAME \"Cu\"\r\n*HW_XG_WAVE_LENGTH_ALPHA1 \"1.540593\"\r\n");
    sb.append("*HW_XG_WAVE_LENGTH_ALPHA2 \"1.544414\"\r\n*HW_XG_WAVE_LENGTH_BETA \"1.392250\"\r\n");
    sb.append("*HW_XG_WAVE_LENGTH_UNIT \"Angstrom\"\r\n");
    sb.append("*MEAS_COND_XG_WAVE_TYPE \"").append(waveType).append("\"\r\n");
    sb.append("*MEAS_DATA_COUNT \"").append(count).append("\"\r\n");
    sb.append("*MEAS_SCAN_AXIS_X \"").append(axis).append("\"\r\n");
    sb.append("*MEAS_SCAN_START \"25.0000\"\r\n*MEAS_SCAN_STEP \"0.0200\"\r\n");
    sb.append("*MEAS_SCAN_START_TIME \"11/21/2017 08:32:31\"\r\n*MEAS_SCAN_UNIT_X \"deg\"\r\n");
    sb.append("*MEAS_SCAN_UNIT_Y \"counts\"\r\n*RAS_HEADER_END\r\n*RAS_INT_START\r\n");
    for (int i = 0; i < POINTS; i++) {
      double factor = i >= 20 && i < 25 ? 10.0 : 1.0;
      sb.append(String.format(Locale.ROOT, "%.4f %.4f %.4f\r\n", 25 + 0.02 * i, (100.0 + i) / factor, factor));
    }
    sb.append(dataEnd);
    return sb.toString();
  }

  private static final String END = "*RAS_INT_END\r\n*RAS_DATA_END\r\n";

  private static MeasuredPattern read(String text) {
    return MeasuredPatternReader.read(text.getBytes(StandardCharsets.ISO_8859_1), "scan.ras");
  }

  @Test
  void readsDataAppliesTheAttenuatorAndStatesTheWavelength() {
    MeasuredPattern p = read(ras("Ka", "TwoThetaTheta", "40", END));
    assertThat(p.size()).isEqualTo(POINTS);
    assertThat(p.twoThetaDeg()[39]).isCloseTo(25.78, within(1e-9));
    for (int i = 0; i < POINTS; i++) {
      assertThat(p.intensity()[i]).isCloseTo(100.0 + i, within(1e-3));
    }
    double mean = (1.540593 + RigakuRasReader.CONVENTIONAL_KA2_RATIO * 1.544414) / (1 + RigakuRasReader.CONVENTIONAL_KA2_RATIO);
    assertThat(p.statedRadiation().orElseThrow().wavelengthAngstrom()).isCloseTo(mean, within(1e-12));
    assertThat(p.metadata())
        .containsEntry("sample", "Test Sample")
        .containsEntry("anode", "Cu")
        .containsEntry("instrument", "SmartLab")
        .containsEntry("scanAxis", "TwoThetaTheta");
  }

  @Test
  void kAlpha1RadiationUsesTheAlpha1Line() {
    assertThat(read(ras("Ka1", "2-Theta/Theta", "40", END)).statedRadiation().orElseThrow().wavelengthAngstrom())
        .isEqualTo(1.540593);
  }

  @Test
  void onlyTheFirstScanIsReadAndTheOthersNoted() {
    String one = ras("Ka", "TwoThetaTheta", "40", END);
    MeasuredPattern p = read(one + one.replace("25.", "35."));
    assertThat(p.twoThetaDeg()[0]).isEqualTo(25.0);
    assertThat(p.notes()).containsExactly("the file holds 2 scans; the first is read");
  }

  @Test
  void malformedFilesAreOneLineErrors() {
    assertThatThrownBy(() -> read(ras("Ka", "TwoThetaTheta", "40", "")))
        .isInstanceOf(InputException.class)
        .hasMessage("scan.ras:62: the file ends inside the data block (no *RAS_INT_END): it is truncated");
    assertThatThrownBy(() -> read(ras("Ka", "TwoThetaTheta", "4001", END)))
        .hasMessage("scan.ras:14: *MEAS_DATA_COUNT states 4001 points but the data block has 40: "
            + "the file is truncated or damaged");
    assertThatThrownBy(() -> read(ras("Ka", "Omega", "40", END)))
        .hasMessage("scan.ras:15: the scan axis is 'Omega', which does not move 2-theta: not a powder 2-theta scan");
    assertThatThrownBy(() -> read(ras("Ka", "TwoThetaTheta", "40", END).replace("25.1000 105", "25.1000 l05")))
        .hasMessage("scan.ras:28: 'l05.0000' is not a number");
    assertThatThrownBy(() -> read(ras("Ka", "TwoThetaTheta", "40", END).replace("25.1000 105.0000 1.0000", "25.1000")))
        .hasMessageStartingWith("scan.ras:28: 1 values; a RAS data line holds 2-theta, counts and the attenuator factor");
    assertThatThrownBy(() -> MeasuredPatternReader.read("10 20\n".getBytes(StandardCharsets.UTF_8), "plain.ras"))
        .hasMessage("plain.ras:1: not a Rigaku RAS file: it does not start with *RAS_DATA_START");
  }
}
