package org.xxact.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InspectCommandTest {
  @TempDir Path dir;

  /** Output, error output and exit code of one run. */
  record Run(int exitCode, String out, String err) {
    List<String> outLines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    List<String> errLines() {
      return List.of(err.split("\n"));
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = XxactCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static String cubic(String name, double a, String... rows) {
    StringBuilder sb = new StringBuilder("data_" + name + "\n");
    for (String axis : new String[] {"a", "b", "c"}) {
      sb.append("_cell_length_").append(axis).append(' ').append(a).append('\n');
    }
    sb.append("_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n");
    sb.append("loop_\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n");
    for (String r : rows) {
      sb.append(r).append('\n');
    }
    return sb.toString();
  }

  static String nacl(String name) {
    return cubic(
        name, 5.64, "Na 0 0 0", "Na 0 0.5 0.5", "Na 0.5 0 0.5", "Na 0.5 0.5 0", "Cl 0.5 0 0", "Cl 0 0.5 0",
        "Cl 0 0 0.5", "Cl 0.5 0.5 0.5");
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text);
  }

  private Path bz2(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    try (OutputStream o = new BZip2CompressorOutputStream(Files.newOutputStream(p), 1)) {
      o.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return p;
  }

  @Test
  void goodCifPrintsOneLineAndExitsZero() throws IOException {
    Path p = write("nacl.cif", nacl("NaCl"));
    Run r = run("inspect", p.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.outLines()).hasSize(1);
    assertThat(r.outLines().get(0)).startsWith("nacl\tNaCl\tNa4 Cl4\t8 sites\tV=179.4061 A^3\trho=2.1637 g/cm3");
    assertThat(r.err()).contains("inspect: 1 structures read, 0 rejected");
  }

  @Test
  void jsonLinesHaveTheDocumentedFields() throws IOException {
    Path p = write("nacl.cif", nacl("NaCl"));
    Run r = run("inspect", "--json", p.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    JsonNode j = new ObjectMapper().readTree(r.outLines().get(0));
    assertThat(j.get("id").asText()).isEqualTo("nacl");
    assertThat(j.get("formula").asText()).isEqualTo("Na4 Cl4");
    assertThat(j.get("reduced_formula").asText()).isEqualTo("NaCl");
    assertThat(j.get("n_sites").asInt()).isEqualTo(8);
    assertThat(j.get("volume").asDouble()).isCloseTo(5.64 * 5.64 * 5.64, within(1e-9));
    double massU = 4 * (22.98976928 + 35.453);
    assertThat(j.get("density").asDouble()).isCloseTo(massU / 6.02214076e23 / (5.64 * 5.64 * 5.64 * 1e-24), within(1e-9));
    assertThat(j.get("lattice").get("a").asDouble()).isCloseTo(5.64, within(1e-12));
    assertThat(j.get("lattice").get("gamma").asDouble()).isCloseTo(90, within(1e-9));
    assertThat(j.get("line").asLong()).isEqualTo(1);
  }

  /** The bad inputs a new user tries, each file with the line its error message must name. */
  private Map<Path, String> badInputs() throws IOException {
    Map<Path, String> bad = new LinkedHashMap<>();
    String good = nacl("t");
    bad.put(write("bad/truncated.cif", good.substring(0, good.length() - 10)), ":8: loop_ of 4 columns");
    bad.put(write("bad/nocell.cif", "data_x\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n"
        + "_atom_site_fract_z\nNa1 0 0 0\n"), ":1: no unit cell");
    bad.put(write("bad/unknown.cif", cubic("u", 4, "Na 0 0 0", "Qq 0.5 0.5 0.5")), ":14: unknown element 'Qq'");
    bad.put(write("bad/zero.cif", cubic("z", 0, "Na 0 0 0")), ":2: the cell gives no volume");
    bad.put(write("bad/nan.cif", cubic("n", 4, "Na 0 NaN 0")), ":13: _atom_site_fract_y 'NaN'");
    bad.put(write("bad/empty.cif", ""), "empty.cif: empty file");
    byte[] junk = new byte[2048];
    new Random(3).nextBytes(junk);
    junk[0] = 'P';
    Path binary = dir.resolve("bad/photo.cif");
    Files.write(binary, junk);
    bad.put(binary, "not a CIF text file");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 1500; i++) {
      many.append(nacl("m" + i));
    }
    Path whole = bz2("whole.cif.bz2", many.toString());
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(dir.resolve("bad/cut.cif.bz2"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
    bad.put(cut, "file truncated or corrupt?");
    bad.put(write("bad/nocif.csv", "id,formula\n1,NaCl\n"), "nocif.csv:1: no CIF column 'cif'");
    return bad;
  }

  @Test
  void eachBadSingleInputGivesOneLineAndExitCode3() throws IOException {
    for (Map.Entry<Path, String> e : badInputs().entrySet()) {
      Run r = run("inspect", e.getKey().toString());
      String name = e.getKey().getFileName().toString();
      assertThat(r.exitCode()).as(name).isEqualTo(ExitCode.INPUT_ERROR);
      List<String> errors = r.errLines().stream().filter(l -> l.startsWith("xxact: ")).toList();
      assertThat(errors).as(name).hasSize(1);
      assertThat(errors.get(0)).as(name).startsWith("xxact: " + e.getKey()).contains(e.getValue());
      assertThat(r.err()).as(name).doesNotContain("Exception").doesNotContain("\tat ");
      assertThat(r.err()).as(name).contains("rejected");
    }
  }

  @Test
  void batchWithRejectFileReadsAllGoodRecordsAndExits1() throws IOException {
    Map<Path, String> bad = badInputs();
    write("bad/good1.cif", nacl("g1"));
    write("bad/sub/good2.cif", nacl("g2"));
    Path rejects = dir.resolve("rejects.jsonl");
    Run r = run("inspect", "--json", "--rejects", rejects.toString(), dir.resolve("bad").toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.SOME_REJECTED);
    List<String> ids = new ArrayList<>();
    ObjectMapper m = new ObjectMapper();
    for (String line : r.outLines()) {
      ids.add(m.readTree(line).get("id").asText());
    }
    assertThat(ids).contains("good1", "good2");
    long cutGood = ids.stream().filter(id -> id.startsWith("m")).count();
    assertThat(cutGood).isPositive();
    assertThat(ids).hasSize(2 + (int) cutGood);
    List<String> rejectLines = Files.readAllLines(rejects);
    assertThat(rejectLines).hasSize(bad.size());
    for (String line : rejectLines) {
      JsonNode j = m.readTree(line);
      assertThat(j.has("source") && j.has("id") && j.has("line") && j.has("reason")).isTrue();
    }
    assertThat(r.errLines()).noneMatch(l -> l.startsWith("xxact: "));
    assertThat(r.err())
        .contains("inspect: " + ids.size() + " structures read, " + bad.size() + " rejected (see " + rejects + ")");
    assertThat(Files.list(dir).map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
  }

  @Test
  void batchWithoutRejectFilePrintsEachRejectAndExits3() throws IOException {
    Map<Path, String> bad = badInputs();
    Path good = write("good.cif", nacl("g"));
    List<String> args = new ArrayList<>(List.of("inspect", good.toString()));
    bad.keySet().forEach(p -> args.add(p.toString()));
    Run r = run(args.toArray(new String[0]));
    assertThat(r.exitCode()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(r.outLines().get(0)).startsWith("good\tNaCl");
    assertThat(r.errLines().stream().filter(l -> l.startsWith("xxact: "))).hasSize(bad.size());
  }

  @Test
  void csvIdColumnChoosesTheIds() throws IOException {
    Path csv =
        write("set.csv", "name,cif,gap\nrock,\"" + nacl("a") + "\",1.5\nsalt,\"" + nacl("b") + "\",2.5\n");
    Run r = run("inspect", "--id-column", "name", csv.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.outLines()).extracting(l -> l.split("\t")[0]).containsExactly("rock", "salt");
    Run missing = run("inspect", "--id-column", "nope", csv.toString());
    assertThat(missing.exitCode()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(missing.err()).contains("set.csv:1: no id column 'nope'");
  }

  @Test
  void noInputIsAUsageError() {
    assertThat(run("inspect").exitCode()).isEqualTo(ExitCode.USAGE);
  }
}
