package org.xxact.xrd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.xxact.crystal.Structure;

/**
 * The 280 reference patterns of data/mp_cgcnn36k/xrd_reference_pymatgen_CuKa.jsonl.gz (pymatgen 2022.11.7,
 * XRDCalculator("CuKa").get_pattern(s, scaled=True, two_theta_range=(5, 90))), peak for peak.
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

  @Test
  void allReferencePatternsAgree() throws IOException {
    List<JsonNode> refs = references();
    assertThat(refs).hasSize(280);
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    refs.forEach(r -> byId.put(r.get("id").asText(), r));
    Map<String, Structure> structures = P1CifRows.read(DATA.resolve("mp_cgcnn36k.csv.gz"), byId.keySet());
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
