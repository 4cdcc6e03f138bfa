package org.xxact.xrd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xxact.crystal.Elements;
import org.xxact.crystal.Lattice;
import org.xxact.crystal.Site;
import org.xxact.crystal.Species;
import org.xxact.crystal.SpeciesOccupancy;
import org.xxact.crystal.Structure;
import org.xxact.crystal.io.RecordResult;
import org.xxact.crystal.io.StructureInputOptions;
import org.xxact.crystal.io.StructureInputs;
import org.xxact.crystal.io.StructureRecord;
import org.xxact.crystal.io.StructureSource;

/**
 * Patterns against pymatgen for the cases of golden/xrd_golden.json (written by golden/generate_golden.py, which holds
 * the exact pymatgen calls): disordered and partially occupied sites, charged species, a symmetrised CIF, heavy
 * elements, triclinic and hexagonal cells, Debye-Waller factors, other ranges and wavelengths, the full sphere.
 */
class XrdGoldenTest {
  /** Full-precision references: positions agree to rounding of asin and degree conversion (about 1e-13). */
  static final double TWO_THETA_TOL_DEG = 1e-9;
  /** Scaled intensities (0-100) agree to summation-order rounding of F (about 1e-12). */
  static final double INTENSITY_TOL = 1e-7;
  /** d = 1 / |g| agrees to rounding of the reciprocal basis. */
  static final double D_TOL_ANGSTROM = 1e-9;

  static JsonNode golden() throws IOException {
    try (InputStream in = XrdGoldenTest.class.getResourceAsStream("golden/xrd_golden.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  static Stream<Arguments> cases() throws IOException {
    List<Arguments> list = new ArrayList<>();
    golden().get("cases").forEach(c -> list.add(Arguments.of(c.get("name").asText(), c)));
    return list.stream();
  }

  /** The structure exactly as it was passed to pymatgen. */
  static Structure structure(JsonNode s) {
    double[][] m = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        m[i][j] = s.get("lattice_matrix").get(i).get(j).asDouble();
      }
    }
    List<Site> sites = new ArrayList<>();
    for (JsonNode site : s.get("sites")) {
      List<SpeciesOccupancy> species = new ArrayList<>();
      for (JsonNode sp : site.get("species")) {
        species.add(
            new SpeciesOccupancy(
                new Species(Elements.of(sp.get("element").asText()), sp.get("oxidation_state").asDouble()),
                sp.get("occu").asDouble()));
      }
      JsonNode abc = site.get("abc");
      sites.add(new Site(species, abc.get(0).asDouble(), abc.get(1).asDouble(), abc.get(2).asDouble(), ""));
    }
    return new Structure(Lattice.fromMatrix(m), sites);
  }

  static XrdCalculator calculator(JsonNode c) {
    XrdCalculator.Builder b = XrdCalculator.builder();
    JsonNode wl = c.get("wavelength");
    b.radiation(wl.isTextual() ? Radiation.parse(wl.asText()) : Radiation.ofWavelength(wl.asDouble()));
    JsonNode range = c.get("two_theta_range");
    if (range.isNull()) {
      b.fullSphere();
    } else {
      b.twoThetaRangeDeg(range.get(0).asDouble(), range.get(1).asDouble());
    }
    c.get("debye_waller_factors").fields().forEachRemaining(e -> b.debyeWaller(Elements.of(e.getKey()), e.getValue()
        .asDouble()));
    return b.build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesPymatgen(String name, JsonNode c) {
    DiffractionPattern p = calculator(c).calculate(structure(c.get("structure")));
    assertThat(p.wavelengthAngstrom()).isEqualTo(c.get("wavelength_angstrom").asDouble());
    assertThat(GoldenPatterns.compare(name, c, p, TWO_THETA_TOL_DEG, INTENSITY_TOL, D_TOL_ANGSTROM)).isEmpty();
  }

  @Test
  void symmetrisedCifReadByTheCifReaderGivesPymatgensPattern(@TempDir Path tmp) throws IOException {
    JsonNode c = null;
    for (JsonNode x : golden().get("cases")) {
      if (x.has("cif")) {
        c = x;
      }
    }
    assertThat(c).isNotNull();
    Path cif = tmp.resolve("rutile.cif");
    Files.writeString(cif, c.get("cif").asText());
    Structure s;
    try (StructureSource src = StructureInputs.open(List.of(cif), StructureInputOptions.defaults())) {
      RecordResult r = src.next();
      assertThat(r).isInstanceOf(StructureRecord.class);
      s = ((StructureRecord) r).structure();
      assertThat(src.hasNext()).isFalse();
    }
    assertThat(s.numberOfSites()).isEqualTo(6);
    DiffractionPattern p = calculator(c).calculate(s);
    assertThat(GoldenPatterns.compare("rutile CIF", c, p, TWO_THETA_TOL_DEG, INTENSITY_TOL, D_TOL_ANGSTROM)).isEmpty();
  }
}
