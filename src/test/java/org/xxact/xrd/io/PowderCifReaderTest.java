package org.xxact.xrd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.xxact.crystal.InputException;

class PowderCifReaderTest {

  private static MeasuredPattern read(String text) {
    return MeasuredPatternReader.read(text.getBytes(StandardCharsets.UTF_8), "pattern.cif");
  }

  /** A raw-data pdCIF as diffractometer software writes it: the range items and a loop of counts only. */
  private static String countsOnly(String max, int n) {
    StringBuilder sb = new StringBuilder();
    sb.append("data_si640c_raw\n");
    sb.append("_pd_block_id  2024-01-01T10:00|SI640C|operator|D8\n");
    sb.append("_diffrn_radiation_type  'Cu K\\a'\n");
    sb.append("_diffrn_radiation_wavelength  1.54056\n");
    sb.append("_diffrn_measurement_device_type  'Bruker D8 Advance'\n");
    sb.append("_pd_spec_description\n;\nSilicon standard\nSRM 640c\n;\n");
    sb.append("_pd_meas_2theta_range_min  20.000\n_pd_meas_2theta_range_max  ").append(max).append('\n');
    sb.append("_pd_meas_2theta_range_inc  0.020\n");
    sb.append("loop_\n_pd_meas_counts_total\n");
    for (int i = 0; i < n; i++) {
      sb.append(100 + i).append(i % 8 == 7 ? "\n" : " ");
    }
    return sb.append('\n').toString();
  }

  @Test
  void aCountsOnlyLoopTakesItsAnglesFromTheRange() {
    MeasuredPattern p = read(countsOnly("20.980", 50));
    assertThat(p.size()).isEqualTo(50);
    assertThat(p.twoThetaDeg()[49]).isCloseTo(20.98, within(1e-9));
    assertThat(p.intensity()[49]).isEqualTo(149.0);
    assertThat(p.statedRadiation().orElseThrow().wavelengthAngstrom()).isEqualTo(1.54056);
    assertThat(p.metadata())
        .containsEntry("block", "si640c_raw")
        .containsEntry("instrument", "Bruker D8 Advance")
        .containsEntry("sample", "Silicon standard\nSRM 640c");
  }

  @Test
  void aLoopWithAnglesAndUncertaintiesGivesEsds() {
    StringBuilder sb = new StringBuilder("data_global\n_diffrn_radiation_wavelength 0.41328(2)\n");
    sb.append("data_pattern_1\n_pd_block_id  'synchrotron|11-BM'\nloop_\n");
    sb.append("_pd_meas_2theta_scan\n_pd_meas_intensity_total\n_pd_calc_intensity_total\n");
    for (int i = 0; i < 30; i++) {
      sb.append(String.format(Locale.ROOT, "%.3f %d(%d) %.1f%n", 2.5 + 0.001 * i, 400 + i, 20 + i % 3, 399.5));
    }
    MeasuredPattern p = read(sb.toString());
    assertThat(p.twoThetaDeg()[1]).isCloseTo(2.501, within(1e-12));
    assertThat(p.intensity()[2]).isEqualTo(402.0);
    assertThat(p.esd()[2]).isEqualTo(22.0);
    assertThat(p.statedRadiation().orElseThrow().wavelengthAngstrom()).isEqualTo(0.41328);
  }

  @Test
  void aWeightedPairOfWavelengthsIsADoublet() {
    String cif =
        countsOnly("20.980", 50)
            .replace(
                "_diffrn_radiation_wavelength  1.54056\n",
                "loop_\n_diffrn_radiation_wavelength_id\n_diffrn_radiation_wavelength\n"
                    + "_diffrn_radiation_wavelength_wt\n1 1.540562 1.0\n2 1.544390 0.5\n");
    MeasuredPattern p = read(cif);
    assertThat(p.statedRadiation().orElseThrow().wavelengthAngstrom())
        .isCloseTo((1.540562 + 0.5 * 1.544390) / 1.5, within(1e-12));
  }

  @Test
  void malformedPowderCifsAreOneLineErrors() {
    assertThatThrownBy(() -> read(countsOnly("24.000", 50)))
        .isInstanceOf(InputException.class)
        .hasMessage("pattern.cif:12: the range 20.000 to 24.000 by 0.020 has 201 points but the loop holds 50: "
            + "the file is truncated or damaged");
    assertThatThrownBy(() -> read(countsOnly("20.980", 50).replace("_pd_meas_2theta_range_inc  0.020\n", "")))
        .hasMessage("pattern.cif:11: _pd_meas_2theta_range_min and _pd_meas_2theta_range_inc are both needed");
    String twoCol = "data_x\nloop_\n_pd_meas_2theta_scan\n_pd_meas_counts_total\n10.0 5\n10.1 6\n10.2\n";
    assertThatThrownBy(() -> read(twoCol))
        .hasMessage("pattern.cif:2: loop_ of 2 columns (_pd_meas_2theta_scan, ...) holds 5 values, "
            + "not a whole number of rows (file truncated or a value missing?)");
    String structure = "data_NaCl\n_cell_length_a 5.64\nloop_\n_atom_site_label\n_atom_site_fract_x\nNa 0\nCl 0.5\n";
    assertThatThrownBy(() -> read(structure))
        .hasMessage("pattern.cif: holds no powder pattern: no loop with _pd_meas_counts_total, _pd_meas_intensity_total, "
            + "_pd_proc_intensity_total, _pd_proc_intensity_net (a structure CIF is not a measured pattern)");
    String tof = "data_t\nloop_\n_pd_meas_time_of_flight\n_pd_meas_intensity_total\n1000 5\n";
    assertThatThrownBy(() -> MeasuredPatternReader.read(tof.getBytes(StandardCharsets.UTF_8), "tof.cif"))
        .hasMessageStartingWith("tof.cif:5: holds a time-of-flight or energy-dispersive pattern");
    String unknown = countsOnly("20.980", 50).replace(" 106 ", " ? ");
    assertThatThrownBy(() -> read(unknown)).hasMessage("pattern.cif:16: _pd_meas_counts_total has the missing value '?' where a number is needed");
    String open = countsOnly("20.980", 50).replace("SRM 640c\n;\n", "SRM 640c\n");
    assertThatThrownBy(() -> read(open)).hasMessage("pattern.cif:7: text field opened with ';' is not closed (file truncated?)");
  }

  @Test
  void aPatternWithoutWavelengthStatesNone() {
    String cif = countsOnly("20.980", 50).replace("_diffrn_radiation_wavelength  1.54056\n", "");
    assertThat(read(cif).statedRadiation()).isEmpty();
  }
}
