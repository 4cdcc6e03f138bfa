package org.xxact.xrd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.crystal.Structure;
import org.xxact.crystal.io.RecordResult;
import org.xxact.crystal.io.StructureInputOptions;
import org.xxact.crystal.io.StructureInputs;
import org.xxact.crystal.io.StructureRecord;
import org.xxact.crystal.io.StructureSource;

/**
 * The 280 reference patterns of data/mp_cgcnn36k/xrd_reference_pymatgen_CuKa.jsonl.gz (pymatgen 2022.11.7,
 * XRDCalculator("CuKa").get_pattern(s, scaled=True, two_theta_range=(5, 90))), peak for peak, with the structures read
 * from the rows of data/mp_cgcnn36k/mp_cgcnn36k.csv.gz with the same id through the CSV-with-CIF reader.
 */
class PymatgenReferenceTest {
  static final Path DATA = Path.of("data", "mp_cgcnn36k");

  /** The reference file rounds 2-theta to 5 decimals. */
  static final double TWO_THETA_TOL_DEG = 1e-5;
  /** The reference file rounds scaled intensities to 4 decimals; the acceptance tolerance is 1e-3 of 100. */
  static final double INTENSITY_TOL = 1e-3;
  /** The reference file rounds d to 6 decimals. */
  static final double D_TOL_ANGSTROM = 1e-6;

  static List<JsonNode> references() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> refs = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(DATA.resolve("xrd_reference_pymatgen_CuKa.jsonl.gz"))),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        refs.add(json.readTree(line));
      }
    }
    return refs;
  }

  /**
   * The header and the rows with the given ids, copied as text into a small CSV, so that the reader parses 280 CIFs
   * instead of 36,737 (each row starts with its id and ends with a line holding only the closing quote of its CIF).
   */
  static Path rowsOf(Path csvGz, Set<String> ids, Path dir) throws IOException {
    Path out = dir.resolve("reference_rows.csv");
    try (BufferedReader r =
            new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(csvGz)), StandardCharsets.UTF_8));
        BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      w.write(r.readLine());
      w.newLine();
      String line;
      boolean keep = false;
      boolean inRow = false;
      while ((line = r.readLine()) != null) {
        if (!inRow) {
          keep = ids.contains(line.substring(0, line.indexOf(',')));
          inRow = true;
        } else if (line.equals("\"")) {
          inRow = false;
        }
        if (keep) {
          w.write(line);
          w.newLine();
        }
      }
    }
    return out;
  }

  @Test
  void allReferencePatternsAgree(@TempDir Path tmp) throws IOException {
    List<JsonNode> refs = references();
    assertThat(refs).hasSize(280);
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    refs.forEach(r -> byId.put(r.get("id").asText(), r));
    Map<String, Structure> structures = new HashMap<>();
    try (StructureSource source =
        StructureInputs.open(
            List.of(rowsOf(DATA.resolve("mp_cgcnn36k.csv.gz"), byId.keySet(), tmp)),
            StructureInputOptions.defaults().withIdColumn("id"))) {
      while (source.hasNext()) {
        RecordResult r = source.next();
        assertThat(r).isInstanceOf(StructureRecord.class);
        structures.put(r.id(), ((StructureRecord) r).structure());
      }
    }
    assertThat(structures).hasSize(280);
    XrdCalculator calc = XrdCalculator.builder().twoThetaRangeDeg(5, 90).build();
    List<String> problems = new ArrayList<>();
    for (JsonNode ref : refs) {
      String id = ref.get("id").asText();
      DiffractionPattern p = calc.calculate(structures.get(id));
      problems.addAll(GoldenPatterns.compare(id, ref, p, TWO_THETA_TOL_DEG, INTENSITY_TOL, D_TOL_ANGSTROM));
    }
    assertThat(problems).isEmpty();
  }
}
