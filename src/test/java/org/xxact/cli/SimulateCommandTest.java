package org.xxact.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {
  static String cif(String name, String metal, double a) {
    return String.join(
        "\n",
        "data_" + name,
        "_symmetry_space_group_name_H-M   'F m -3 m'",
        "_cell_length_a   " + a,
        "_cell_length_b   " + a,
        "_cell_length_c   " + a,
        "_cell_angle_alpha   90",
        "_cell_angle_beta   90",
        "_cell_angle_gamma   90",
        "loop_",
        " _symmetry_equiv_pos_as_xyz",
        "  'x, y, z'",
        "  'x, y+1/2, z+1/2'",
        "  'x+1/2, y, z+1/2'",
        "  'x+1/2, y+1/2, z'",
        "loop_",
        " _atom_site_type_symbol",
        " _atom_site_label",
        " _atom_site_fract_x",
        " _atom_site_fract_y",
        " _atom_site_fract_z",
        " _atom_site_occupancy",
        "  " + metal + "  M1  0.0  0.0  0.0  1",
        "  Cl-  Cl1  0.5  0.5  0.5  1",
        "");
  }

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = XxactCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static Path nacl(Path dir) throws IOException {
    Path p = dir.resolve("nacl.cif");
    Files.writeString(p, cif("NaCl", "Na+", 5.6402));
    return p;
  }

  @Test
  void tableShowsPeaksWithFamilies(@TempDir Path tmp) throws IOException {
    Run r = run("simulate", nacl(tmp).toString());
    assertThat(r.exit()).isEqualTo(ExitCode.OK);
    assertThat(r.out()).contains("NaCl", "9 peaks", "(2 0 0)x6", "31.72935", "100.0000");
    assertThat(r.err()).contains("simulate: 1 structures simulated, 0 rejected");
  }

  @Test
  void jsonLinesCarryPeaksAndGrid(@TempDir Path tmp) throws IOException {
    Run r =
        run("simulate", nacl(tmp).toString(), "--json", "--grid-points", "500", "--fwhm", "0.2",
            "--profile", "pseudo-voigt", "--wavelength", "MoKa", "--two-theta-min", "10", "--two-theta-max", "40",
            "--debye-waller", "Na=1.2,Cl=0.9");
    assertThat(r.exit()).isEqualTo(ExitCode.OK);
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(1);
    JsonNode j = new ObjectMapper().readTree(lines.get(0));
    assertThat(j.get("id").asText()).isEqualTo("nacl");
    assertThat(j.get("formula").asText()).isEqualTo("NaCl");
    assertThat(j.get("wavelength_angstrom").asDouble()).isEqualTo(0.71073);
    JsonNode first = j.get("peaks").get(0);
    assertThat(first.get("two_theta").asDouble()).isBetween(10.0, 40.0);
    assertThat(first.get("d").asDouble()).isCloseTo(5.6402 / Math.sqrt(3), within(1e-9));
    assertThat(first.get("hkls").get(0).get("hkl").toString()).isEqualTo("[1,1,1]");
    assertThat(first.get("hkls").get(0).get("multiplicity").asInt()).isEqualTo(8);
    JsonNode grid = j.get("grid");
    assertThat(grid.get("two_theta_min").asDouble()).isEqualTo(10.0);
    assertThat(grid.get("two_theta_max").asDouble()).isEqualTo(40.0);
    assertThat(grid.get("y")).hasSize(500);
    double max = 0;
    for (JsonNode v : grid.get("y")) {
      max = Math.max(max, v.asDouble());
    }
    assertThat(max).isEqualTo(1.0);
  }

  @Test
  void outFolderGetsPatternsAndRejects(@TempDir Path tmp) throws IOException {
    Path es = tmp.resolve("escl.cif");
    Files.writeString(es, cif("EsCl", "Es", 5.9));
    Path out = tmp.resolve("out");
    Run r = run("simulate", nacl(tmp).toString(), es.toString(), tmp.resolve("missing.cif").toString(),
        "--out", out.toString(), "--threads", "2");
    assertThat(r.exit()).isEqualTo(ExitCode.SOME_REJECTED);
    assertThat(r.out()).isEmpty();
    assertThat(Files.readAllLines(out.resolve("patterns.jsonl"))).hasSize(1);
    List<String> rejects = Files.readAllLines(out.resolve("rejects.jsonl"));
    assertThat(rejects).hasSize(2);
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree(rejects.get(0));
    assertThat(first.get("source").asText()).endsWith("escl.cif");
    assertThat(first.get("id").asText()).isEqualTo("escl");
    assertThat(first.get("reason").asText()).isEqualTo("no X-ray scattering coefficients for Es");
    assertThat(json.readTree(rejects.get(1)).get("reason").asText()).isEqualTo("no such file");
    assertThat(r.err()).contains("simulate: 1 structures simulated, 2 rejected (see ");
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("patterns.jsonl", "rejects.jsonl");
    }
  }

  @Test
  void rejectsWithoutAFileAreAnInputError(@TempDir Path tmp) throws IOException {
    Run r = run("simulate", nacl(tmp).toString(), tmp.resolve("missing.cif").toString());
    assertThat(r.exit()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(r.out()).contains("(2 0 0)x6");
    assertThat(r.err()).contains("xxact: " + tmp.resolve("missing.cif") + ": no such file");
    Path rejects = tmp.resolve("rejects.jsonl");
    Run withFile = run("simulate", nacl(tmp).toString(), tmp.resolve("missing.cif").toString(), "--rejects",
        rejects.toString());
    assertThat(withFile.exit()).isEqualTo(ExitCode.SOME_REJECTED);
    assertThat(Files.readAllLines(rejects)).hasSize(1);
  }

  @Test
  void ordersOutputAsTheInputWithManyThreads(@TempDir Path tmp) throws IOException {
    StringBuilder csv = new StringBuilder("id,cif\n");
    for (int i = 0; i < 70; i++) {
      csv.append("s").append(i).append(",\"").append(cif("s" + i, "Na", 5.0 + 0.01 * i)).append("\"\n");
    }
    Path in = tmp.resolve("many.csv");
    Files.writeString(in, csv);
    Run one = run("simulate", in.toString(), "--json", "--threads", "1");
    Run four = run("simulate", in.toString(), "--json", "--threads", "4");
    assertThat(one.exit()).isEqualTo(ExitCode.OK);
    assertThat(four.out()).isEqualTo(one.out());
    List<String> lines = one.out().lines().toList();
    assertThat(lines).hasSize(70);
    assertThat(lines.get(69)).startsWith("{\"id\":\"s69\"");
  }

  @Test
  void plotIsWritten(@TempDir Path tmp) throws IOException {
    Path png = tmp.resolve("nacl.png");
    Run r = run("simulate", nacl(tmp).toString(), "--plot", png.toString(), "--doublet");
    assertThat(r.exit()).isEqualTo(ExitCode.OK);
    byte[] head = Files.readAllBytes(png);
    assertThat(head).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
  }

  @Test
  void nothingSimulatedIsAnInputError(@TempDir Path tmp) {
    Run r = run("simulate", tmp.resolve("missing.cif").toString());
    assertThat(r.exit()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(r.err()).contains("missing.cif", "no such file");
  }

  @Test
  void badOptionsAreUsageErrors(@TempDir Path tmp) throws IOException {
    Path in = nacl(tmp);
    assertThat(run("simulate", in.toString(), "--debye-waller", "Na:1").exit()).isEqualTo(ExitCode.USAGE);
    assertThat(run("simulate", in.toString(), "--debye-waller", "Xx=1").exit()).isEqualTo(ExitCode.USAGE);
    assertThat(run("simulate", in.toString(), "--wavelength", "Unobtainium").exit()).isEqualTo(ExitCode.USAGE);
    assertThat(run("simulate", in.toString(), "--two-theta-min", "50", "--two-theta-max", "10").exit())
        .isEqualTo(ExitCode.USAGE);
    assertThat(run("simulate", in.toString(), "--grid-points", "100", "--fwhm", "0.1", "--caglioti", "0,0,0.01")
        .exit()).isEqualTo(ExitCode.USAGE);
    assertThat(run("simulate", in.toString(), "--grid-points", "100", "--profile", "box").exit())
        .isEqualTo(ExitCode.USAGE);
    Run r = run("simulate", in.toString(), "--grid-points", "100", "--wavelength", "0.5", "--doublet");
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--doublet needs a named tube");
  }
}
