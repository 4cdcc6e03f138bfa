package org.xxact.crystal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.crystal.Site;
import org.xxact.crystal.Structure;

class PymatgenJsonReaderTest {
  @TempDir Path dir;

  /** A pymatgen Structure.as_dict() of rock salt in its primitive cell, with one site given only by xyz. */
  static String naclStructure() {
    return "{\"@module\": \"pymatgen.core.structure\", \"@class\": \"Structure\", \"charge\": 0,"
        + " \"lattice\": {\"matrix\": [[0.0, 2.82, 2.82], [2.82, 0.0, 2.82], [2.82, 2.82, 0.0]],"
        + " \"pbc\": [true, true, true], \"a\": 3.988, \"b\": 3.988, \"c\": 3.988, \"alpha\": 60.0,"
        + " \"beta\": 60.0, \"gamma\": 60.0, \"volume\": 44.85},"
        + " \"sites\": [{\"species\": [{\"element\": \"Na\", \"oxidation_state\": 1, \"occu\": 1}],"
        + " \"abc\": [0.0, 0.0, -0.25], \"xyz\": [-0.705, -0.705, 0.0], \"label\": \"Na\", \"properties\": {}},"
        + " {\"species\": [{\"element\": \"Cl\", \"occu\": 1.0}], \"xyz\": [2.82, 2.82, 2.82], \"label\": \"Cl\","
        + " \"properties\": {}}]}";
  }

  /** A ComputedStructureEntry.as_dict() as Alexandria writes them. */
  static String entry(String id, String element, String eForm) {
    String structure = naclStructure().replace("\"element\": \"Na\"", "\"element\": \"" + element + "\"");
    return "{\"@module\": \"pymatgen.entries.computed_entries\", \"@class\": \"ComputedStructureEntry\","
        + " \"energy\": -7.12345678, \"composition\": {\"" + element + "\": 1.0, \"Cl\": 1.0},"
        + " \"entry_id\": \"" + id + "\", \"correction\": 0.0, \"energy_adjustments\": [],"
        + " \"parameters\": {}, \"data\": {\"mat_id\": \"" + id + "\", \"e_form\": " + eForm + ","
        + " \"e_above_hull\": 0.0, \"band_gap_ind\": 1e-05, \"band_gap_dir\": NaN, \"spg\": 225,"
        + " \"location\": {\"x\": [1, 2]}},"
        + " \"structure\": " + structure + "}";
  }

  private List<RecordResult> read(Path p) {
    List<RecordResult> all = new ArrayList<>();
    try (StructureSource s = StructureInputs.open(List.of(p), StructureInputOptions.defaults())) {
      s.forEachRemaining(all::add);
    }
    return all;
  }

  /** Writes bzip2 with 100 kB blocks, so that a file cut in half still holds whole blocks. */
  private Path bz2(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    try (OutputStream out = new BZip2CompressorOutputStream(Files.newOutputStream(p), 1)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return p;
  }

  @Test
  void structureDictReadsWithCoordinatesAsGiven() throws IOException {
    Path p = Files.writeString(dir.resolve("nacl.json"), naclStructure());
    List<RecordResult> rs = read(p);
    assertThat(rs).hasSize(1);
    StructureRecord r = (StructureRecord) rs.get(0);
    assertThat(r.id()).isEqualTo("nacl");
    assertThat(r.properties()).isEmpty();
    Structure s = r.structure();
    assertThat(s.lattice().volumeAngstrom3()).isCloseTo(2 * 2.82 * 2.82 * 2.82, within(1e-9));
    Site na = s.sites().get(0);
    assertThat(na.z()).isEqualTo(-0.25);
    assertThat(na.species().get(0).species().toString()).isEqualTo("Na+");
    Site cl = s.sites().get(1);
    assertThat(cl.x()).isCloseTo(0.5, within(1e-12));
    assertThat(cl.y()).isCloseTo(0.5, within(1e-12));
    assertThat(cl.z()).isCloseTo(0.5, within(1e-12));
    assertThat(s.composition().reducedFormula()).isEqualTo("NaCl");
  }

  @Test
  void alexandriaFileStreamsEntriesWithTheirData() throws IOException {
    String text =
        "{\"@module\": \"pymatgen.entries.computed_entries\", \"entries\": ["
            + entry("agm001", "Na", "-2.0134567890123456") + ", "
            + entry("agm002", "Xx", "-1.0") + ", "
            + entry("agm003", "K", "-1.5e-3")
            + "], \"@class\": \"list\", \"count\": 3}";
    Path p = bz2("alexandria_000.json.bz2", text);
    List<RecordResult> rs = read(p);
    assertThat(rs).extracting(RecordResult::id).containsExactly("agm001", "agm002", "agm003");
    assertThat(rs).extracting(RecordResult::line).containsExactly(1L, 2L, 3L);
    StructureRecord first = (StructureRecord) rs.get(0);
    assertThat(first.properties())
        .containsEntry("entry_id", "agm001")
        .containsEntry("energy", "-7.12345678")
        .containsEntry("correction", "0.0")
        .containsEntry("e_form", "-2.0134567890123456")
        .containsEntry("e_above_hull", "0.0")
        .containsEntry("band_gap_ind", "1e-05")
        .containsEntry("band_gap_dir", "NaN")
        .containsEntry("spg", "225")
        .containsEntry("location", "{\"x\":[1,2]}");
    RejectedRecord bad = (RejectedRecord) rs.get(1);
    assertThat(bad.reason()).isEqualTo("site 1: unknown element 'Xx'");
    assertThat(((StructureRecord) rs.get(2)).structure().composition().reducedFormula()).isEqualTo("KCl");
    assertThat(((StructureRecord) rs.get(2)).properties().get("e_form")).isEqualTo("-1.5e-3");
  }

  @Test
  void listsAndJsonLinesOfStructures() throws IOException {
    Path list = Files.writeString(dir.resolve("list.json"), "[" + naclStructure() + ",\n" + naclStructure() + "]");
    assertThat(read(list)).extracting(RecordResult::id).containsExactly("list#1", "list#2");
    Path lines =
        Files.writeString(
            dir.resolve("many.jsonl"), naclStructure() + "\n" + entry("e-7", "Li", "-1") + "\n" + naclStructure());
    List<RecordResult> rs = read(lines);
    assertThat(rs).extracting(RecordResult::id).containsExactly("many#1", "e-7", "many#3");
    assertThat(rs).allMatch(r -> r instanceof StructureRecord);
  }

  /** A cut-off bz2 file: every entry before the cut is read, then one record says where reading stopped. */
  @Test
  void truncatedBz2GivesTheEntriesBeforeTheCut() throws IOException {
    StringBuilder sb = new StringBuilder("{\"entries\": [");
    int n = 400;
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ", ").append(entry(String.format(Locale.ROOT, "agm%05d", i), "Na", "-1." + i));
    }
    sb.append("]}");
    Path whole = bz2("whole.json.bz2", sb.toString());
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(dir.resolve("cut.json.bz2"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    List<RecordResult> rs = read(cut);
    long good = rs.stream().filter(r -> r instanceof StructureRecord).count();
    assertThat(good).isGreaterThan(50).isLessThan(n);
    RecordResult last = rs.get(rs.size() - 1);
    assertThat(last).isInstanceOf(RejectedRecord.class);
    assertThat(((RejectedRecord) last).reason()).contains("file truncated or corrupt?");
    assertThat(last.line()).isEqualTo(good + 1);
    assertThat(rs).hasSize((int) good + 1);
  }

  @Test
  void malformedAndForeignJsonAreRejected() throws IOException {
    Path broken = Files.writeString(dir.resolve("broken.json"), "[" + naclStructure() + ", {\"lattice\": [1, }]");
    List<RecordResult> rs = read(broken);
    assertThat(rs.get(0)).isInstanceOf(StructureRecord.class);
    assertThat(((RejectedRecord) rs.get(1)).reason()).startsWith("malformed JSON at line 1, column ");
    Path cutLines = Files.writeString(dir.resolve("cut.jsonl"), naclStructure() + "\n" + naclStructure().substring(0, 80));
    List<RecordResult> lines = read(cutLines);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isInstanceOf(StructureRecord.class);
    assertThat(lines.get(1).line()).isEqualTo(2);
    assertThat(((RejectedRecord) lines.get(1)).reason()).startsWith("malformed JSON at line 2");
    Path foreign = Files.writeString(dir.resolve("foreign.json"), "{\"name\": \"not a structure\"}");
    assertThat(((RejectedRecord) read(foreign).get(0)).reason())
        .isEqualTo(
            "neither a pymatgen Structure (lattice, sites) nor a ComputedStructureEntry (structure); keys: name");
    Path flat =
        Files.writeString(
            dir.resolve("flat.json"),
            naclStructure().replace("[[0.0, 2.82, 2.82], [2.82, 0.0, 2.82]", "[[0.0, 2.82, 2.82], [0.0, 2.82, 2.82]"));
    assertThat(((RejectedRecord) read(flat).get(0)).reason()).startsWith("lattice: lattice volume must be positive");
    Path nan = Files.writeString(dir.resolve("nan.json"), naclStructure().replace("-0.25", "NaN"));
    assertThat(((RejectedRecord) read(nan).get(0)).reason())
        .isEqualTo("site 1 abc has a value that is not a finite number: NaN");
  }
}
