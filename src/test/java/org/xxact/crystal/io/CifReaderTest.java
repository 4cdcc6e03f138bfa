package org.xxact.crystal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.crystal.Site;
import org.xxact.crystal.SpeciesOccupancy;
import org.xxact.crystal.Structure;

class CifReaderTest {
  /** Coordinates and matrices are compared to pymatgen's to double-precision noise of a few operations. */
  private static final double EPS = 1e-9;

  @TempDir Path dir;

  static List<RecordResult> readAll(Path... paths) {
    List<RecordResult> all = new ArrayList<>();
    try (StructureSource s = StructureInputs.open(List.of(paths), StructureInputOptions.defaults())) {
      s.forEachRemaining(all::add);
    }
    return all;
  }

  static Structure only(List<RecordResult> records) {
    assertThat(records).hasSize(1);
    assertThat(records.get(0)).isInstanceOf(StructureRecord.class);
    return ((StructureRecord) records.get(0)).structure();
  }

  private Path resource(String name) throws IOException {
    Path p = dir.resolve(name);
    try (InputStream in = CifReaderTest.class.getResourceAsStream(name)) {
      Files.copy(in, p);
    }
    return p;
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  /** The symmetrised CIFs give exactly pymatgen's CifParser(primitive=False) sites, in pymatgen's order. */
  @Test
  void symmetrisedCifsMatchPymatgen() throws IOException {
    JsonNode golden;
    try (InputStream in = CifReaderTest.class.getResourceAsStream("pymatgen_cif_structures.json")) {
      golden = new ObjectMapper().readTree(in);
    }
    for (String file : List.of("spinel_Fd-3m.cif", "zno_P63mc.cif", "multi_block.cif")) {
      List<RecordResult> records = readAll(resource(file));
      JsonNode expected = golden.get(file);
      assertThat(records).as(file).hasSize(expected.size());
      for (int k = 0; k < expected.size(); k++) {
        assertThat(records.get(k)).as(file).isInstanceOf(StructureRecord.class);
        Structure s = ((StructureRecord) records.get(k)).structure();
        JsonNode want = expected.get(k);
        double[][] m = s.lattice().matrix();
        for (int i = 0; i < 3; i++) {
          for (int j = 0; j < 3; j++) {
            assertThat(m[i][j]).isCloseTo(want.get("matrix").get(i).get(j).asDouble(), within(EPS));
          }
        }
        assertThat(s.sites()).as(file).hasSize(want.get("sites").size());
        for (int i = 0; i < s.sites().size(); i++) {
          Site site = s.sites().get(i);
          JsonNode ws = want.get("sites").get(i);
          String where = file + " site " + i;
          assertThat(site.x()).as(where).isCloseTo(ws.get("abc").get(0).asDouble(), within(EPS));
          assertThat(site.y()).as(where).isCloseTo(ws.get("abc").get(1).asDouble(), within(EPS));
          assertThat(site.z()).as(where).isCloseTo(ws.get("abc").get(2).asDouble(), within(EPS));
          assertThat(site.species()).as(where).hasSize(ws.get("species").size());
          for (int j = 0; j < site.species().size(); j++) {
            SpeciesOccupancy so = site.species().get(j);
            JsonNode wsp = ws.get("species").get(j);
            assertThat(so.species().element().symbol()).as(where).isEqualTo(wsp.get(0).asText());
            assertThat(so.occupancy()).as(where).isCloseTo(wsp.get(2).asDouble(), within(EPS));
            if (wsp.get(1).asDouble() != 0) {
              assertThat(so.species().oxidationState()).as(where).isEqualTo(wsp.get(1).asDouble());
            }
          }
        }
      }
    }
  }

  @Test
  void recordIdsLinesAndCharges() throws IOException {
    List<RecordResult> multi = readAll(resource("multi_block.cif"));
    assertThat(multi).extracting(RecordResult::id).containsExactly("disordered_rocksalt", "CsCl_P1");
    assertThat(multi).extracting(RecordResult::line).containsExactly(10L, 43L);
    Structure spinel = only(readAll(resource("spinel_Fd-3m.cif")));
    assertThat(spinel.composition().reducedFormula()).isEqualTo("MgAl2O4");
    assertThat(spinel.lattice().a()).isCloseTo(8.0833, within(1e-12));
    assertThat(spinel.sites())
        .extracting(s -> s.species().get(0).species().toString())
        .containsOnly("Mg2+", "Al3+", "O2-");
    assertThat(readAll(resource("zno_P63mc.cif")).get(0).id()).isEqualTo("zno_P63mc");
  }

  /** Rutile, P4_2/mnm (16 operations), against the P1 cell written out by hand. */
  @Test
  void rutileSymmetrisedEqualsP1() throws IOException {
    double x = 0.3049;
    String ops =
        String.join(
            "\n",
            "'x, y, z'", "'-x, -y, z'", "'-y+1/2, x+1/2, z+1/2'", "'y+1/2, -x+1/2, z+1/2'",
            "'-x+1/2, y+1/2, -z+1/2'", "'x+1/2, -y+1/2, -z+1/2'", "'y, x, -z'", "'-y, -x, -z'",
            "'-x, -y, -z'", "'x, y, -z'", "'y+1/2, -x+1/2, -z+1/2'", "'-y+1/2, x+1/2, -z+1/2'",
            "'x+1/2, -y+1/2, z+1/2'", "'-x+1/2, y+1/2, z+1/2'", "'-y, -x, z'", "'y, x, z'");
    String cell =
        "_cell_length_a 4.5937\n_cell_length_b 4.5937\n_cell_length_c 2.9587\n"
            + "_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n";
    Path sym =
        write(
            "rutile.cif",
            "data_rutile\n" + cell + "loop_\n_symmetry_equiv_pos_as_xyz\n" + ops + "\n"
                + "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n"
                + "Ti1 0 0 0\nO1 " + x + " " + x + " 0\n");
    String[] p1Rows = {
      "O 0.1951 0.8049 0.5", "Ti 0.5 0.5 0.5", "O " + x + " " + x + " 0", "O " + (1 - x) + " " + (1 - x) + " 0",
      "Ti 0 0 0", "O 0.8049 0.1951 0.5",
    };
    Path p1 =
        write(
            "rutile_p1.cif",
            "data_rutile_P1\n" + cell + "_symmetry_space_group_name_H-M 'P 1'\n"
                + "loop_\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n"
                + String.join("\n", p1Rows) + "\n");
    assertThat(siteSet(only(readAll(sym)))).isEqualTo(siteSet(only(readAll(p1))));
    assertThat(only(readAll(sym)).numberOfSites()).isEqualTo(6);
  }

  /** Rock salt in Fm-3m with all 192 operations (48 point operations x 4 centring translations), against P1. */
  @Test
  void rockSaltWith192OperationsEqualsP1() throws IOException {
    StringBuilder ops = new StringBuilder();
    int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    String[][] centring = {{"", "", ""}, {"", "+1/2", "+1/2"}, {"+1/2", "", "+1/2"}, {"+1/2", "+1/2", ""}};
    int count = 0;
    for (int[] p : perms) {
      for (int signs = 0; signs < 8; signs++) {
        for (String[] t : centring) {
          List<String> parts = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            parts.add(((signs >> i & 1) == 1 ? "-" : "") + "xyz".charAt(p[i]) + t[i]);
          }
          ops.append('\'').append(String.join(",", parts)).append("'\n");
          count++;
        }
      }
    }
    assertThat(count).isEqualTo(192);
    String cell =
        "_cell_length_a 5.6402\n_cell_length_b 5.6402\n_cell_length_c 5.6402\n"
            + "_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n";
    Path sym =
        write(
            "nacl.cif",
            "data_NaCl\n" + cell + "_symmetry_space_group_name_H-M 'F m -3 m'\n"
                + "loop_\n_space_group_symop_operation_xyz\n" + ops
                + "loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n"
                + "_atom_site_fract_z\nNa1 Na+ 0 0 0\nCl1 Cl- 0.5 0 0\n");
    Path p1 =
        write(
            "nacl_p1.cif",
            "data_NaCl_P1\n" + cell
                + "loop_\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n"
                + "Cl- 0.5 0.5 0.5\nNa+ 0 0 0\nCl- 0 0 0.5\nNa+ 0.5 0.5 0\nNa+ 0.5 0 0.5\nCl- 0 0.5 0\n"
                + "Na+ 0 0.5 0.5\nCl- 0.5 0 0\n");
    Structure s = only(readAll(sym));
    assertThat(siteSet(s)).isEqualTo(siteSet(only(readAll(p1))));
    assertThat(s.composition().reducedFormula()).isEqualTo("NaCl");
    assertThat(s.numberOfSites()).isEqualTo(8);
  }

  /** Sites as sortable text: species with occupancy and coordinates wrapped into [0, 1) to 6 decimals. */
  private static List<String> siteSet(Structure s) {
    return s.sites().stream()
        .map(
            site ->
                site.speciesString()
                    + String.format(Locale.ROOT, " %.6f %.6f %.6f", wrap(site.x()), wrap(site.y()), wrap(site.z())))
        .sorted(Comparator.naturalOrder())
        .collect(Collectors.toList());
  }

  private static double wrap(double v) {
    double w = v - Math.floor(v);
    return w > 1 - 1e-7 ? 0 : w;
  }

  @Test
  void quotedValuesTextFieldsCommentsAndUncertainties() throws IOException {
    Path p =
        write(
            "odd.cif",
            "# comment line\n"
                + "data_odd   # trailing comment\n"
                + "_cell_length_a   3.6149(12)\n_cell_length_b 3.6149(12) _cell_length_c 3.6149(12)\n"
                + "_cell_angle_alpha 90.00(0)\n_cell_angle_beta 90\n_cell_angle_gamma 90\n"
                + "_publ_author_name 'O'Keeffe, M.'\n"
                + "_exptl_special_details\n;\nline one\n_looks_like_a_tag but is text\n;\n"
                + "_symmetry_space_group_name_H-M \"P 1\"\n"
                + "loop_\n_atom_site_label\n_atom_site_occupancy\n_atom_site_fract_x\n_atom_site_fract_y\n"
                + "_atom_site_fract_z\n"
                + "Cu1 ? 0 0 0\n'Cu2' . 0.5 0.5 0\nCu3 1.0(1) 0.5 0 0.5\nCu4 1 0 0.5 0.5\n");
    Structure s = only(readAll(p));
    assertThat(s.lattice().a()).isCloseTo(3.6149, within(1e-12));
    assertThat(s.numberOfSites()).isEqualTo(4);
    assertThat(s.sites()).extracting(Site::label).containsExactly("Cu1", "Cu2", "Cu3", "Cu4");
    assertThat(s.composition().reducedFormula()).isEqualTo("Cu");
  }

  /**
   * Labels name the element when there is no type symbol, and a CIF without any symmetry information is P1. (pymatgen
   * 2022.11.7 builds its P1 fallback as three operations from "x", "y" and "z" read separately, which projects every
   * site onto the a axis; xxact uses the identity.)
   */
  @Test
  void labelsGiveTheElementWhenThereIsNoTypeSymbol() throws IOException {
    Path p =
        write(
            "labels.cif",
            "data_x\n_cell_length_a 5\n_cell_length_b 5\n_cell_length_c 5\n_cell_angle_alpha 90\n"
                + "_cell_angle_beta 90\n_cell_angle_gamma 90\nloop_\n_atom_site_label\n_atom_site_fract_x\n"
                + "_atom_site_fract_y\n_atom_site_fract_z\nCa1 0 0 0\nO12 0.5 0.5 0.5\nC3 0.25 0.25 0.25\n"
                + "FE4 0.75 0.75 0.75\nWat 0.1 0.1 0.1\n");
    Structure s = only(readAll(p));
    assertThat(s.composition().alphabeticalFormula()).isEqualTo("C1 Ca1 Fe1 O2");
    assertThat(s.numberOfSites()).isEqualTo(5);
    assertThat(s.sites()).extracting(Site::y).containsExactlyInAnyOrder(0.0, 0.5, 0.25, 0.75, 0.1);
  }
}
