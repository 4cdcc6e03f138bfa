package org.xxact.xrd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.xxact.crystal.Elements;
import org.xxact.crystal.Lattice;
import org.xxact.crystal.Site;
import org.xxact.crystal.Species;
import org.xxact.crystal.SpeciesOccupancy;
import org.xxact.crystal.Structure;

/**
 * Test fixture: the structures of chosen rows of data/mp_cgcnn36k/mp_cgcnn36k.csv.gz, whose cif column holds
 * pymatgen-written P1 CIFs. Reads only what those files contain (cell parameters, one atom_site loop), with pymatgen's
 * CifParser conventions: coordinates within relative 1e-4 of 1/3 or 2/3 are snapped, coordinates are wrapped to [0, 1).
 */
final class P1CifRows {
  private P1CifRows() {}

  static Map<String, Structure> read(Path csvGz, Set<String> ids) throws IOException {
    Map<String, Structure> out = new LinkedHashMap<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(new GZIPInputStream(Files.newInputStream(csvGz), 1 << 16), StandardCharsets.UTF_8))) {
      String header = r.readLine();
      if (header == null || !header.startsWith("id,")) {
        throw new IOException("unexpected header in " + csvGz);
      }
      String line;
      while ((line = r.readLine()) != null && out.size() < ids.size()) {
        int comma = line.indexOf(',');
        String id = line.substring(0, comma);
        int quote = line.indexOf('"');
        StringBuilder cif = new StringBuilder(line.substring(quote + 1)).append('\n');
        while ((line = r.readLine()) != null && !line.equals("\"")) {
          cif.append(line).append('\n');
        }
        if (ids.contains(id)) {
          out.put(id, parse(cif.toString()));
        }
      }
    }
    return out;
  }

  static Structure parse(String cif) {
    Map<String, Double> cell = new LinkedHashMap<>();
    List<String> columns = new ArrayList<>();
    List<Site> sites = new ArrayList<>();
    boolean inAtomLoop = false;
    for (String raw : cif.split("\n")) {
      String line = raw.trim();
      if (line.startsWith("_cell_length_") || line.startsWith("_cell_angle_")) {
        String[] f = line.split("\\s+");
        cell.put(f[0], Double.parseDouble(f[1]));
      } else if (line.equals("loop_")) {
        columns.clear();
        inAtomLoop = false;
      } else if (line.startsWith("_atom_site_")) {
        columns.add(line);
        inAtomLoop = true;
      } else if (line.startsWith("_")) {
        columns.add(line);
      } else if (inAtomLoop && !line.isEmpty()) {
        String[] f = line.split("\\s+");
        String symbol = f[columns.indexOf("_atom_site_type_symbol")].replaceAll("[0-9.+-]+$", "");
        double x = frac(f[columns.indexOf("_atom_site_fract_x")]);
        double y = frac(f[columns.indexOf("_atom_site_fract_y")]);
        double z = frac(f[columns.indexOf("_atom_site_fract_z")]);
        double occ = Double.parseDouble(f[columns.indexOf("_atom_site_occupancy")]);
        sites.add(
            new Site(List.of(new SpeciesOccupancy(Species.of(Elements.of(symbol)), occ)), x, y, z, ""));
      }
    }
    Lattice lattice =
        Lattice.fromParameters(
            cell.get("_cell_length_a"),
            cell.get("_cell_length_b"),
            cell.get("_cell_length_c"),
            cell.get("_cell_angle_alpha"),
            cell.get("_cell_angle_beta"),
            cell.get("_cell_angle_gamma"));
    return new Structure(lattice, sites);
  }

  private static double frac(String text) {
    double v = Double.parseDouble(text);
    for (double ideal : new double[] {1 / 3.0, 2 / 3.0}) {
      if (Math.abs(1 - v / ideal) < 1e-4) {
        v = ideal;
      }
    }
    return v - Math.floor(v);
  }
}
