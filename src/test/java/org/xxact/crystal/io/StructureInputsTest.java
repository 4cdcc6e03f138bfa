package org.xxact.crystal.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StructureInputsTest {
  @TempDir Path dir;

  static List<RecordResult> read(List<Path> paths) {
    List<RecordResult> all = new ArrayList<>();
    try (StructureSource s = StructureInputs.open(paths, StructureInputOptions.defaults())) {
      s.forEachRemaining(all::add);
    }
    return all;
  }

  static RejectedRecord onlyRejected(Path p) {
    List<RecordResult> rs = read(List.of(p));
    assertThat(rs).hasSize(1);
    assertThat(rs.get(0)).isInstanceOf(RejectedRecord.class);
    return (RejectedRecord) rs.get(0);
  }

  private Path compressed(String name, String text, String kind) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    try (OutputStream raw = Files.newOutputStream(p);
        OutputStream out =
            switch (kind) {
              case "gz" -> new GZIPOutputStream(raw);
              case "bz2" -> new BZip2CompressorOutputStream(raw, 1);
              case "xz" -> new XZCompressorOutputStream(raw);
              default -> raw;
            }) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return p;
  }

  @Test
  void compressionIsRecognisedByMagicBytesNotByName() throws IOException {
    Path gz = compressed("a.cif.gz", TestCifs.nacl("a"), "gz");
    Path bz2 = compressed("b.cif.bz2", TestCifs.nacl("b"), "bz2");
    Path xz = compressed("c.cif.xz", TestCifs.nacl("c"), "xz");
    Path misnamed = compressed("d.cif", TestCifs.nacl("d"), "bz2");
    Path plainNamedGz = compressed("e.cif.gz", TestCifs.nacl("e"), "none");
    List<RecordResult> rs = read(List.of(gz, bz2, xz, misnamed, plainNamedGz));
    assertThat(rs).extracting(RecordResult::id).containsExactly("a", "b", "c", "d", "e");
    assertThat(rs).allSatisfy(r -> assertThat(r).isInstanceOf(StructureRecord.class));
    assertThat(((StructureRecord) rs.get(2)).structure().numberOfSites()).isEqualTo(8);
  }

  @Test
  void foldersAreReadRecursivelyInSortedOrder() throws IOException {
    compressed("set/b/z.cif", TestCifs.cscl("z"), "none");
    compressed("set/a.cif", TestCifs.cscl("a"), "none");
    compressed("set/b/y.json.gz", PymatgenJsonReaderTest.naclStructure(), "gz");
    compressed("set/README.md", "not a structure", "none");
    compressed("set/.hidden.cif", "garbage", "none");
    compressed("set/c.csv", "id,cif\nrow1,\"" + TestCifs.cscl("q") + "\"\n", "none");
    List<RecordResult> rs = read(List.of(dir.resolve("set"), dir.resolve("set/a.cif")));
    assertThat(rs).extracting(RecordResult::id).containsExactly("a", "y", "z", "row1", "a");
    assertThat(rs.get(1).source()).isEqualTo(dir.resolve("set/b/y.json.gz").toString());
  }

  @Test
  void missingEmptyUnknownAndEmptyFolderInputsAreRejected() throws IOException {
    assertThat(onlyRejected(dir.resolve("nope.cif")).reason()).isEqualTo("no such file");
    assertThat(onlyRejected(Files.writeString(dir.resolve("empty.cif"), "")).reason()).isEqualTo("empty file");
    assertThat(onlyRejected(Files.writeString(dir.resolve("blank.cif"), "\n  \n")).reason())
        .isEqualTo("empty file: no data_ block");
    assertThat(onlyRejected(Files.writeString(dir.resolve("notes.txt"), "hello world\n")).reason())
        .startsWith("cannot tell the format");
    Files.createDirectories(dir.resolve("nothing"));
    assertThat(onlyRejected(dir.resolve("nothing")).reason()).startsWith("no structure files");
  }

  private static String cell(String a, String b, String c, String alpha, String beta, String gamma) {
    return "_cell_length_a " + a + "\n_cell_length_b " + b + "\n_cell_length_c " + c + "\n_cell_angle_alpha "
        + alpha + "\n_cell_angle_beta " + beta + "\n_cell_angle_gamma " + gamma + "\n";
  }

  private static final String ATOMS =
      "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n";

  /** The bad inputs a new user meets: each gives one record with the file, the line and a reason. */
  @Test
  void badCifsGiveOneLineReasonsWithLines() throws IOException {
    String good = TestCifs.nacl("t");
    RejectedRecord truncated = onlyRejected(Files.writeString(dir.resolve("truncated.cif"), good.substring(0, good.length() - 12)));
    assertThat(truncated.line()).as("line of the atom-site loop_").isEqualTo(13);
    assertThat(truncated.reason()).contains("not a whole number of rows (file truncated or a value missing?)");
    assertThat(truncated.source()).endsWith("truncated.cif");
    assertThat(truncated.id()).isEqualTo("truncated");

    RejectedRecord noCell = onlyRejected(Files.writeString(dir.resolve("nocell.cif"), "data_x\n" + ATOMS + "Na1 0 0 0\n"));
    assertThat(noCell.line()).isEqualTo(1);
    assertThat(noCell.reason()).isEqualTo("no unit cell: _cell_length_a is missing");

    RejectedRecord unknown =
        onlyRejected(
            Files.writeString(
                dir.resolve("unknown.cif"), "data_x\n" + cell("4", "4", "4", "90", "90", "90") + ATOMS + "Na1 0 0 0\nXx1 .5 .5 .5\n"));
    assertThat(unknown.line()).isEqualTo(14);
    assertThat(unknown.reason()).isEqualTo("unknown element 'Xx' in atom site 'Xx1'");

    RejectedRecord negative =
        onlyRejected(
            Files.writeString(dir.resolve("neg.cif"), "data_x\n" + cell("-4", "4", "4", "90", "90", "90") + ATOMS + "Na1 0 0 0\n"));
    assertThat(negative.line()).isEqualTo(2);
    assertThat(negative.reason()).startsWith("the cell gives no volume: cell lengths must be positive");

    RejectedRecord flat =
        onlyRejected(
            Files.writeString(dir.resolve("flat.cif"), "data_x\n" + cell("4", "4", "4", "60", "60", "120") + ATOMS + "Na1 0 0 0\n"));
    assertThat(flat.reason()).startsWith("the cell gives no volume: lattice volume must be positive");

    RejectedRecord nan =
        onlyRejected(
            Files.writeString(dir.resolve("nan.cif"), "data_x\n" + cell("4", "4", "4", "90", "90", "90") + ATOMS + "Na1 0 nan 0\n"));
    assertThat(nan.line()).isEqualTo(13);
    assertThat(nan.reason()).isEqualTo("_atom_site_fract_y 'nan' of atom site 1 is not a number");

    RejectedRecord textField =
        onlyRejected(Files.writeString(dir.resolve("text.cif"), "data_x\n_note\n;\nnever closed\n"));
    assertThat(textField.line()).isEqualTo(3);
    assertThat(textField.reason()).isEqualTo("text field opened with ';' is not closed (file truncated?)");

    RejectedRecord quote =
        onlyRejected(Files.writeString(dir.resolve("quote.cif"), "data_x\n_title 'unclosed\n" + cell("4", "4", "4", "90", "90", "90")));
    assertThat(quote.line()).isEqualTo(2);
    assertThat(quote.reason()).isEqualTo("quote opened at column 8 is not closed on its line");

    RejectedRecord spaceGroupOnly =
        onlyRejected(
            Files.writeString(
                dir.resolve("sg.cif"),
                "data_x\n" + cell("4", "4", "4", "90", "90", "90") + "_symmetry_space_group_name_H-M 'F m -3 m'\n"
                    + ATOMS + "Na1 0 0 0\n"));
    assertThat(spaceGroupOnly.line()).isEqualTo(8);
    assertThat(spaceGroupOnly.reason()).startsWith("space group 'F m -3 m' is given without its symmetry operations");
  }

  @Test
  void byteOrderMarksAreIgnored() throws IOException {
    Path cif = Files.writeString(dir.resolve("bom.cif"), "\uFEFF" + TestCifs.cscl("x"));
    assertThat(read(List.of(cif)).get(0)).isInstanceOf(StructureRecord.class);
    Path csv = Files.writeString(dir.resolve("bom.csv"), "\uFEFFid,cif\nq,\"" + TestCifs.cscl("x") + "\"\n");
    assertThat(read(List.of(csv))).extracting(RecordResult::id).containsExactly("q");
  }

  @Test
  void binaryFileNamedCifIsRejected() throws IOException {
    byte[] junk = new byte[3000];
    new Random(7).nextBytes(junk);
    junk[0] = 'x';
    RejectedRecord r = onlyRejected(Files.write(dir.resolve("image.cif"), junk));
    assertThat(r.reason()).startsWith("binary content (byte 0x").endsWith("): not a CIF text file");
    assertThat(r.line()).isPositive();
  }

  /** A cut .bz2 CIF collection: the blocks before the cut are read, then one record says where reading stopped. */
  @Test
  void cutBz2KeepsTheStructuresBeforeTheCut() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 600; i++) {
      sb.append(TestCifs.nacl("s" + i)).append('\n');
    }
    Path whole = compressed("many.cif.bz2", sb.toString(), "bz2");
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(dir.resolve("cut.cif.bz2"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
    List<RecordResult> rs = read(List.of(cut));
    long good = rs.stream().filter(r -> r instanceof StructureRecord).count();
    assertThat(good).isGreaterThan(100).isLessThan(600);
    RejectedRecord last = (RejectedRecord) rs.get(rs.size() - 1);
    assertThat(last.reason()).startsWith("cannot read on after this point (file truncated or corrupt?)");
    assertThat(last.line()).isPositive();
    assertThat(rs).hasSize((int) good + 1);
  }
}
