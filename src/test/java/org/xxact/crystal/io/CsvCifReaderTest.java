package org.xxact.crystal.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvCifReaderTest {
  @TempDir Path dir;

  private List<RecordResult> read(Path p, StructureInputOptions options) {
    List<RecordResult> all = new ArrayList<>();
    try (StructureSource s = StructureInputs.open(List.of(p), options)) {
      s.forEachRemaining(all::add);
    }
    return all;
  }

  /** Lines a CIF takes in a CSV record: its own lines, and the line with the closing quote after its last newline. */
  private static long recordLines(String cif) {
    return cif.split("\n").length + 1;
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  /** The MP-20 layout: an unnamed index column, material_id, the CIF, then properties. */
  @Test
  void mp20LayoutReadsWithIdsPropertiesAndLines() throws IOException {
    String csv =
        ",material_id,cif,pretty_formula,note\n"
            + "0,mp-22862," + quoted(TestCifs.nacl("NaCl")) + ",NaCl,\"plain, with comma\"\n"
            + "1,mp-22865," + quoted(TestCifs.cscl("CsCl")) + ",CsCl,\"say \"\"hi\"\"\"\n";
    Path p = Files.writeString(dir.resolve("mp20.csv"), csv);
    List<RecordResult> rs = read(p, StructureInputOptions.defaults());
    assertThat(rs).hasSize(2).allMatch(r -> r instanceof StructureRecord);
    StructureRecord first = (StructureRecord) rs.get(0);
    StructureRecord second = (StructureRecord) rs.get(1);
    assertThat(first.id()).isEqualTo("mp-22862");
    assertThat(first.line()).isEqualTo(2);
    assertThat(second.line()).isEqualTo(2 + recordLines(TestCifs.nacl("NaCl")));
    assertThat(first.properties()).containsExactly(
        java.util.Map.entry("", "0"),
        java.util.Map.entry("material_id", "mp-22862"),
        java.util.Map.entry("pretty_formula", "NaCl"),
        java.util.Map.entry("note", "plain, with comma"));
    assertThat(second.properties().get("note")).isEqualTo("say \"hi\"");
    assertThat(first.structure().composition().reducedFormula()).isEqualTo("NaCl");
    assertThat(second.structure().numberOfSites()).isEqualTo(2);
  }

  @Test
  void windowsLineEndingsAndChosenIdColumn() throws IOException {
    String csv =
        ("key,structure\r\n" + "a1," + quoted(TestCifs.cscl("x")) + "\r\n" + "a2," + quoted(TestCifs.nacl("y")) + "\r\n")
            .replace("\n", "\r\n")
            .replace("\r\r\n", "\r\n");
    Path p = Files.writeString(dir.resolve("win.csv"), csv);
    List<RecordResult> rs = read(p, new StructureInputOptions("key", "structure", null));
    assertThat(rs).extracting(RecordResult::id).containsExactly("a1", "a2");
    assertThat(rs).allMatch(r -> r instanceof StructureRecord);
    assertThat(rs.get(1).line()).isEqualTo(2 + recordLines(TestCifs.cscl("x")));
  }

  @Test
  void badRowIsRejectedAtItsFileLineAndTheOthersAreRead() throws IOException {
    String bad = TestCifs.cubic("bad", 4.0, "Cs 0 0 0", "Qq 0.5 0.5 0.5");
    String csv =
        "id,cif\n"
            + "good1," + quoted(TestCifs.cscl("a")) + "\n"
            + "bad," + quoted(bad) + "\n"
            + "good2," + quoted(TestCifs.nacl("b")) + "\n"
            + "short\n";
    Path p = Files.writeString(dir.resolve("mixed.csv"), csv);
    List<RecordResult> rs = read(p, StructureInputOptions.defaults());
    assertThat(rs).extracting(RecordResult::id).containsExactly("good1", "bad", "good2", "short");
    RejectedRecord rej = (RejectedRecord) rs.get(1);
    long badStart = 2 + recordLines(TestCifs.cscl("a"));
    long qqLine = badStart + bad.split("\n").length - 1;
    assertThat(rej.line()).isEqualTo(qqLine);
    assertThat(rej.reason()).contains("unknown element 'Qq'");
    assertThat(rs.get(2)).isInstanceOf(StructureRecord.class);
    assertThat(((RejectedRecord) rs.get(3)).reason()).isEqualTo("row has 1 fields, the header 2");
  }

  @Test
  void missingCifOrIdColumnRejectsTheFileAtItsHeader() throws IOException {
    Path p = Files.writeString(dir.resolve("nocif.csv"), "id,formula\n1,NaCl\n");
    List<RecordResult> rs = read(p, StructureInputOptions.defaults());
    assertThat(rs).hasSize(1);
    RejectedRecord r = (RejectedRecord) rs.get(0);
    assertThat(r.line()).isEqualTo(1);
    assertThat(r.reason()).isEqualTo("no CIF column 'cif' in the header (columns: id, formula)");
    List<RecordResult> noId = read(p, new StructureInputOptions("mpid", "formula", null));
    assertThat(((RejectedRecord) noId.get(0)).reason()).startsWith("no id column 'mpid'");
  }

  @Test
  void unclosedQuoteAtTheEndIsRejectedAfterTheGoodRows() throws IOException {
    String cif = TestCifs.cscl("a");
    String csv = "id,cif\nok," + quoted(cif) + "\ncut,\"" + cif.substring(0, 60);
    Path p = Files.writeString(dir.resolve("cut.csv"), csv);
    List<RecordResult> rs = read(p, StructureInputOptions.defaults());
    assertThat(rs).hasSize(2);
    assertThat(rs.get(0)).isInstanceOf(StructureRecord.class);
    RejectedRecord r = (RejectedRecord) rs.get(1);
    assertThat(r.line()).isEqualTo(2 + recordLines(cif));
    assertThat(r.reason()).isEqualTo("quoted field opened here is not closed (file truncated?)");
  }

  @Test
  void rowsWithoutIdColumnGetTheirRowNumber() throws IOException {
    String csv = "cif\n" + quoted(TestCifs.cscl("a")) + "\n" + quoted(TestCifs.cscl("b")) + "\n";
    Path p = Files.writeString(dir.resolve("noid.csv"), csv);
    assertThat(read(p, StructureInputOptions.defaults())).extracting(RecordResult::id).containsExactly("#1", "#2");
  }

  /** The Matbench layout: no structures, a unit-cell formula per row. */
  @Test
  void compositionTablesGiveCompositionRecordsAndBadFormulasAreRejectedAtTheirLine() throws IOException {
    String csv =
        "mbid,e_form,composition,spg_num\n"
            + "mb-1,1.99,Pt1 C1,221\n"
            + "mb-2,-1.20,K4 Mn4 O8,12\n"
            + "mb-3,-0.50,Xx2 O3,14\n"
            + "mb-4,0.10,,2\n";
    Path p = Files.writeString(dir.resolve("matbench.csv"), csv);
    List<RecordResult> rs = read(p, StructureInputOptions.defaults().withIdColumn("mbid").withCompositionColumn("composition"));
    assertThat(rs).hasSize(4);
    CompositionRecord second = (CompositionRecord) rs.get(1);
    assertThat(second.id()).isEqualTo("mb-2");
    assertThat(second.line()).isEqualTo(3);
    assertThat(second.composition().reducedFormula()).isEqualTo("KMnO2");
    assertThat(second.composition().totalAtoms()).isEqualTo(16.0);
    assertThat(second.properties()).containsExactly(
        java.util.Map.entry("mbid", "mb-2"), java.util.Map.entry("e_form", "-1.20"), java.util.Map.entry("spg_num", "12"));
    RejectedRecord unknown = (RejectedRecord) rs.get(2);
    assertThat(unknown.line()).isEqualTo(4);
    assertThat(unknown.reason()).startsWith("formula 'Xx2 O3': ");
    RejectedRecord empty = (RejectedRecord) rs.get(3);
    assertThat(empty.line()).isEqualTo(5);
    assertThat(empty.reason()).isEqualTo("empty formula in column 'composition'");

    List<RecordResult> wrongColumn = read(p, StructureInputOptions.defaults().withCompositionColumn("formula"));
    assertThat(((RejectedRecord) wrongColumn.get(0)).reason())
        .isEqualTo("no composition column 'formula' in the header (columns: mbid, e_form, composition, spg_num)");
  }
}
