package org.xxact.crystal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompositionTest {
  private static final double EPS = 1e-12;

  private static Map<String, Double> amounts(Composition c) {
    Map<String, Double> m = new LinkedHashMap<>();
    c.amounts().forEach((e, v) -> m.put(e.symbol(), v));
    return m;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "Fe2O3; Fe:2 O:3",
        "Li0.5Ni0.5O; Li:0.5 Ni:0.5 O:1",
        "Ca(OH)2; Ca:1 O:2 H:2",
        "Fe2(SO4)3; Fe:2 S:3 O:12",
        "CuSO4·5H2O; Cu:1 S:1 O:9 H:10",
        "CuSO4*5H2O; Cu:1 S:1 O:9 H:10",
        "CuSO4 • 5 H2O; Cu:1 S:1 O:9 H:10",
        "[Co(NH3)6]Cl3; Co:1 N:6 H:18 Cl:3",
        "{Mg(H2O)6}SO4; Mg:1 H:12 O:10 S:1",
        "Fe2+; Fe:1",
        "O2-; O:1",
        "Fe3+2 O2-3; Fe:2 O:3",
        "[Co(NH3)6]3+; Co:1 N:6 H:18",
        "SO4^2-; S:1 O:4",
        "K4 Mn4 O8; K:4 Mn:4 O:8",
        "  NaCl  ; Na:1 Cl:1",
        "Na Cl; Na:1 Cl:1",
        "H2OH2O; H:4 O:2",
        "2H2O; H:4 O:2",
        "Mg(OH)2(H2O).5; Mg:1 O:2.5 H:3",
        "Li.25Fe1.0; Li:0.25 Fe:1",
        "((CH3)3C)2O; C:8 H:18 O:1",
      })
  void parsesFormulasAsTyped(String formula, String expected) {
    Map<String, Double> want = new LinkedHashMap<>();
    for (String term : expected.trim().split(" ")) {
      String[] kv = term.split(":");
      want.put(kv[0], Double.parseDouble(kv[1]));
    }
    Map<String, Double> got = amounts(Composition.parse(formula));
    assertThat(got.keySet()).containsExactlyElementsOf(want.keySet());
    want.forEach((k, v) -> assertThat(got.get(k)).as(k).isCloseTo(v, within(EPS)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "Fe2Xx3; unknown element 'Xx' at position 4",
        "fe2o3; element symbols start with a capital letter, found 'f' at position 1",
        "Fe2(SO4; '(' at position 4 is not closed",
        "Fe2SO4); ')' at position 7 closes nothing",
        "Ca(OH]2; ']' at position 6 does not match '(' at position 3",
        "''; empty formula",
        "Fe0O; amount must be positive at position 3",
        "Fe2O3·; formula ends after '·' at position 7",
        "Fe2O3!; unexpected '!' at position 6",
        "Fe().; expected an element or '(' at position 4",
        "Fe^; a charge needs a '+' or '-' at position 4",
        "SO4^2; a charge needs a '+' or '-' at position 6",
      })
  void rejectsMalformedFormulasWithPosition(String formula, String reason) {
    assertThatThrownBy(() -> Composition.parse(formula))
        .isInstanceOf(InputException.class)
        .satisfies(
            ex -> {
              InputException ie = (InputException) ex;
              assertThat(ie.source()).isEqualTo("formula '" + formula + "'");
              assertThat(ie.line()).isZero();
              assertThat(ie.reason()).isEqualTo(reason);
            });
  }

  @Test
  void fractionsAndOrderings() {
    Composition c = Composition.parse("LiFePO4");
    assertThat(c.totalAtoms()).isEqualTo(7.0);
    assertThat(c.fraction(Elements.of("O"))).isCloseTo(4.0 / 7, within(EPS));
    assertThat(c.fraction(Elements.of("Na"))).isZero();
    assertThat(c.fractions().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(EPS));
    assertThat(c.elementsByElectronegativity()).extracting(Element::symbol).containsExactly("Li", "Fe", "P", "O");
    assertThat(c.elementsAlphabetical()).extracting(Element::symbol).containsExactly("Fe", "Li", "O", "P");
    assertThat(c.toString()).isEqualTo("Li1 Fe1 P1 O4");
  }

  /** Every formula string of pymatgen 2022.11.7 for 631 compositions (see pymatgen_formulas.README.md). */
  @Test
  void formulasMatchPymatgen() throws IOException {
    List<String> mismatches = new ArrayList<>();
    int rows = 0;
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                CompositionTest.class.getResourceAsStream("pymatgen_formulas.tsv"), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        Map<Element, Double> amounts = new LinkedHashMap<>();
        for (String term : f[0].split(" ")) {
          String[] kv = term.split(":");
          amounts.put(Elements.of(kv[0]), Double.parseDouble(kv[1]));
        }
        Composition c = new Composition(amounts);
        rows++;
        String got =
            c.formula() + "\t" + c.alphabeticalFormula() + "\t" + c.reducedFormula() + "\t"
                + c.reducedFormulaAndFactor().factor();
        String want = f[1] + "\t" + f[2] + "\t" + f[3] + "\t" + Double.parseDouble(f[4]);
        if (!got.equals(want)) {
          mismatches.add(f[0] + ": got " + got + ", pymatgen " + want);
        }
      }
    }
    assertThat(rows).isEqualTo(631);
    assertThat(mismatches).isEmpty();
  }

  @Test
  void speciesStringsFollowPymatgen() {
    assertThat(new Species(Elements.of("Fe"), 2).toString()).isEqualTo("Fe2+");
    assertThat(new Species(Elements.of("O"), -2).toString()).isEqualTo("O2-");
    assertThat(new Species(Elements.of("Li"), 1).toString()).isEqualTo("Li+");
    assertThat(new Species(Elements.of("Mn"), 3.5).toString()).isEqualTo("Mn3.5+");
    assertThat(Species.of("Cu").toString()).isEqualTo("Cu");
  }
}
