package org.xxact.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DatasetCommandTest {
  @TempDir Path tmp;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = XxactCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private Path sample() throws Exception {
    Path p = tmp.resolve("mp_sample300.csv.gz");
    try (InputStream in = getClass().getResourceAsStream("/org/xxact/data/mp_sample300.csv.gz")) {
      Files.copy(in, p);
    }
    return p;
  }

  @Test
  void synthesizedCrystalsJoinTheTrainSplitOfABuild() throws Exception {
    Path random = tmp.resolve("random");
    Run synth = run("dataset", "synthesize", "--count", "12", "--seed", "3", "--threads", "1", "--out",
        random.toString());
    assertThat(synth.exit()).as(synth.err()).isEqualTo(ExitCode.OK);
    assertThat(synth.err()).contains("wrote 12 random crystals into 1 file(s)");
    assertThat(random.resolve("alexandria_000.json.bz2")).exists();

    Path out = tmp.resolve("ds");
    Run build = run("dataset", "build", "--input", sample().toString(), "--train-only", random.toString(),
        "--targets", "crystal_system,spacegroup_number", "--threads", "2", "--out", out.toString());
    assertThat(build.exit()).as(build.err()).isEqualTo(ExitCode.OK);
    assertThat(build.err()).contains("312 records -> 312 samples");
    assertThat(Files.readAllLines(out.resolve("splits.csv")).stream().filter(l -> l.startsWith("random")))
        .hasSize(12).allSatisfy(l -> assertThat(l).endsWith(",train"));
    Run info = run("dataset", "info", out.toString());
    assertThat(info.out()).contains("train-only " + random);

    Run none = run("dataset", "synthesize", "--count", "0", "--out", tmp.resolve("none").toString());
    assertThat(none.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(none.err()).contains("--count must be at least 1");
  }

  @Test
  void buildThenInfoAndJson() throws Exception {
    Path input = sample();
    Path out = tmp.resolve("ds");
    Run build = run("dataset", "build", "--input", input.toString(), "--targets", "band_gap,crystal_system",
        "--out", out.toString(), "--limit", "120", "--threads", "2", "--shard-size", "50");
    assertThat(build.exit()).as(build.err()).isEqualTo(ExitCode.OK);
    assertThat(build.err()).contains("120 records -> 120 samples").contains("0 rejected");
    assertThat(build.out()).isEmpty();

    Run again = run("dataset", "build", "--input", input.toString(), "--targets", "band_gap,crystal_system",
        "--out", out.toString(), "--limit", "120", "--shard-size", "50");
    assertThat(again.exit()).isEqualTo(ExitCode.OK);
    assertThat(again.err()).contains("already holds this dataset");

    Run info = run("dataset", "info", out.toString());
    assertThat(info.exit()).isEqualTo(ExitCode.OK);
    assertThat(info.out()).contains("records    120 read: 120 samples, 0 rejected")
        .contains("band_gap").contains("crystal_system").contains("by reduced_formula");
    Run json = run("dataset", "info", out.toString(), "--json");
    JsonNode m = new ObjectMapper().readTree(json.out());
    assertThat(m.get("format").asText()).isEqualTo("xxact-dataset");
    assertThat(m.get("counts").get("samples").asLong()).isEqualTo(120);

    Run different = run("dataset", "build", "--input", input.toString(), "--targets", "band_gap",
        "--out", out.toString(), "--limit", "120");
    assertThat(different.exit()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(different.err()).startsWith("xxact: " + out + ": holds a different dataset").contains("--overwrite");
    assertThat(different.err().strip()).doesNotContain("\n");
  }

  @Test
  void rejectedRecordsGiveExitCodeOneAndNameTheRejectFile() throws Exception {
    Path csv = tmp.resolve("two.csv");
    String good = new String(new java.util.zip.GZIPInputStream(getClass().getResourceAsStream(
        "/org/xxact/data/mp_sample300.csv.gz")).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
        .split("\n(?=\\d+,mp-)")[1];
    Files.writeString(csv, "material_id,band_gap,cif\nbad-1,1.0,\"not a cif\"\n"
        + good.replaceFirst("^\\d+,(mp-\\d+),[^,]+,[^,]+,\\d+,[^,]+,([^,]+),.*?,\"", "$1,$2,\"") + "\n");
    Path out = tmp.resolve("two");
    Run r = run("dataset", "build", "--input", csv.toString(), "--targets", "band_gap", "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.SOME_REJECTED);
    assertThat(r.err()).contains("2 records -> 1 samples").contains("1 records rejected; reasons in "
        + out.resolve("rejects.jsonl"));
    assertThat(Files.readString(out.resolve("rejects.jsonl"))).contains("\"id\":\"bad-1\"").contains("\"line\":2");
  }

  @Test
  void userMistakesGiveOneLineAndTheRightExitCode() throws Exception {
    Path input = sample();
    Run missing = run("dataset", "build", "--input", input.toString(), "--targets", "e_form",
        "--out", tmp.resolve("a").toString());
    assertThat(missing.exit()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(missing.err()).startsWith("xxact: " + input + ":2: target 'e_form' needs");
    assertThat(missing.err().strip().lines()).hasSize(1);

    Run split = run("dataset", "build", "--input", input.toString(), "--targets", "band_gap",
        "--out", tmp.resolve("b").toString(), "--split", "0.8,0.3,0.1");
    assertThat(split.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(split.err()).contains("--split fractions must sum to 1");

    Run noFile = run("dataset", "build", "--input", tmp.resolve("nope.csv").toString(), "--targets", "band_gap",
        "--out", tmp.resolve("c").toString());
    assertThat(noFile.exit()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(noFile.err()).contains("nope.csv: no such file");

    Run notDataset = run("dataset", "info", tmp.toString());
    assertThat(notDataset.exit()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(notDataset.err()).contains("not a finished xxact dataset");
  }

  @Test
  void compositionTableHoldingOutAnotherDatasetAndAHoldOutThatIsNoDataset() throws Exception {
    Path input = sample();
    Path structures = tmp.resolve("structures");
    assertThat(run("dataset", "build", "--input", input.toString(), "--targets", "band_gap", "--out",
        structures.toString(), "--limit", "60").exit()).isEqualTo(ExitCode.OK);
    Path table = Files.writeString(tmp.resolve("table.csv"),
        "mbid,composition,gap\nm1,Na1 Cl1,5.0\nm2,Zn1 S1,2.1\nm3,Cs1 Au1,0.3\n");
    Path out = tmp.resolve("compositions");
    Run build = run("dataset", "build", "--input", table.toString(), "--composition-column", "composition",
        "--id-column", "mbid", "--targets", "band_gap=gap", "--hold-out", structures.toString(),
        "--out", out.toString());
    assertThat(build.exit()).as(build.err()).isIn(ExitCode.OK, ExitCode.SOME_REJECTED);
    Run info = run("dataset", "info", out.toString());
    assertThat(info.out()).contains("peaks      none: compositions read from column 'composition'")
        .contains("held out   the validation and test formulas of " + structures)
        .contains("from gap");
    // A table without structures has no peaks, so its manifest describes no peak calculation; one with them does.
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(out.resolve("manifest.json").toFile()).has("xrd")).isFalse();
    assertThat(json.readTree(structures.resolve("manifest.json").toFile()).path("xrd").path("radiation").asText())
        .isEqualTo("CuKa");

    Run notDataset = run("dataset", "build", "--input", table.toString(), "--composition-column", "composition",
        "--targets", "band_gap=gap", "--hold-out", tmp.resolve("nothing").toString(),
        "--out", tmp.resolve("x").toString());
    assertThat(notDataset.exit()).isEqualTo(ExitCode.INPUT_ERROR);
    assertThat(notDataset.err()).contains(tmp.resolve("nothing").toString()).contains("not a finished xxact dataset");
  }
}
