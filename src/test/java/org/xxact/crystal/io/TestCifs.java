package org.xxact.crystal.io;

/** Small CIF texts for tests. */
final class TestCifs {
  private TestCifs() {}

  /** A cubic P1 CIF with lattice parameter a and rows "Symbol x y z". */
  static String cubic(String name, double a, String... rows) {
    StringBuilder sb = new StringBuilder();
    sb.append("data_").append(name).append('\n');
    sb.append("_cell_length_a ").append(a).append('\n');
    sb.append("_cell_length_b ").append(a).append('\n');
    sb.append("_cell_length_c ").append(a).append('\n');
    sb.append("_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n");
    sb.append("_symmetry_space_group_name_H-M 'P 1'\n");
    sb.append("loop_\n _symmetry_equiv_pos_site_id\n _symmetry_equiv_pos_as_xyz\n  1  'x, y, z'\n");
    sb.append("loop_\n _atom_site_type_symbol\n _atom_site_fract_x\n _atom_site_fract_y\n _atom_site_fract_z\n");
    for (String r : rows) {
      sb.append("  ").append(r).append('\n');
    }
    return sb.toString();
  }

  /** Rock salt NaCl (conventional cell, 8 sites). */
  static String nacl(String name) {
    return cubic(
        name,
        5.64,
        "Na 0 0 0",
        "Na 0 0.5 0.5",
        "Na 0.5 0 0.5",
        "Na 0.5 0.5 0",
        "Cl 0.5 0 0",
        "Cl 0 0.5 0",
        "Cl 0 0 0.5",
        "Cl 0.5 0.5 0.5");
  }

  /** CsCl (2 sites). */
  static String cscl(String name) {
    return cubic(name, 4.123, "Cs 0 0 0", "Cl 0.5 0.5 0.5");
  }
}
