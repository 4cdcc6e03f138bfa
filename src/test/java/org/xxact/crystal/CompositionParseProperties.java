package org.xxact.crystal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Round trips of random formulas through {@link Composition#parse}. */
class CompositionParseProperties {
  /** Amounts are written with at most three decimals, so parsing them back is exact up to double rounding. */
  private static final double RELATIVE_TOLERANCE = 1e-12;

  /** A term of a random formula: an element and an amount as written. */
  record Term(Element element, BigDecimal amount) {}

  @Provide
  Arbitrary<List<Term>> terms() {
    Arbitrary<Element> elements = Arbitraries.integers().between(1, Elements.MAX_ATOMIC_NUMBER).map(Elements::ofAtomicNumber);
    Arbitrary<BigDecimal> amounts =
        Arbitraries.oneOf(
            Arbitraries.integers().between(1, 60).map(BigDecimal::valueOf),
            Arbitraries.integers().between(1, 9999).map(i -> BigDecimal.valueOf(i, 3)));
    return Combinators.combine(elements, amounts)
        .as(Term::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(6)
        .uniqueElements(Term::element);
  }

  private static String write(List<Term> terms, boolean spaced, boolean explicitOnes) {
    StringBuilder sb = new StringBuilder();
    for (Term t : terms) {
      if (spaced && sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(t.element().symbol());
      if (explicitOnes || t.amount().compareTo(BigDecimal.ONE) != 0) {
        sb.append(t.amount().toPlainString());
      }
    }
    return sb.toString();
  }

  private static void assertAmounts(Composition c, List<Term> terms, double factor) {
    assertThat(new ArrayList<>(c.amounts().keySet())).containsExactlyElementsOf(terms.stream().map(Term::element).toList());
    for (Term t : terms) {
      double want = t.amount().doubleValue() * factor;
      assertThat(c.amount(t.element())).isCloseTo(want, within(RELATIVE_TOLERANCE * want));
    }
  }

  @Property
  void writtenFormulasParseBack(
      @ForAll("terms") List<Term> terms, @ForAll boolean spaced, @ForAll boolean explicitOnes) {
    assertAmounts(Composition.parse(write(terms, spaced, explicitOnes)), terms, 1);
  }

  @Property
  void bracketedGroupsMultiply(
      @ForAll("terms") List<Term> terms,
      @ForAll("brackets") String brackets,
      @ForAll("multipliers") int multiplier) {
    String formula = brackets.charAt(0) + write(terms, false, false) + brackets.charAt(1) + multiplier;
    assertAmounts(Composition.parse(formula), terms, multiplier);
  }

  @Property
  void hydrateSeparatorsAddParts(
      @ForAll("terms") List<Term> terms, @ForAll("separators") String separator, @ForAll("multipliers") int water) {
    Composition c = Composition.parse(write(terms, false, false) + separator + water + "H2O");
    Map<Element, Double> want = new LinkedHashMap<>();
    terms.forEach(t -> want.put(t.element(), t.amount().doubleValue()));
    want.merge(Elements.of("H"), 2.0 * water, Double::sum);
    want.merge(Elements.of("O"), 1.0 * water, Double::sum);
    assertThat(c.amounts().keySet()).containsExactlyElementsOf(want.keySet());
    want.forEach((e, v) -> assertThat(c.amount(e)).isCloseTo(v, within(RELATIVE_TOLERANCE * v)));
  }

  @Property
  void formulaStringsParseBackToTheSameComposition(@ForAll("terms") List<Term> terms) {
    Map<Element, Double> amounts = new LinkedHashMap<>();
    terms.forEach(t -> amounts.put(t.element(), t.amount().doubleValue()));
    Composition c = new Composition(amounts);
    Composition back = Composition.parse(c.formula());
    assertThat(back.amounts().keySet()).containsExactlyInAnyOrderElementsOf(amounts.keySet());
    amounts.forEach((e, v) -> assertThat(back.amount(e)).isCloseTo(v, within(RELATIVE_TOLERANCE * v)));
  }

  @Property
  void reducedFormulasParseBackProportional(@ForAll("terms") List<Term> terms, @ForAll("multipliers") int units) {
    Map<Element, Double> amounts = new LinkedHashMap<>();
    terms.forEach(t -> amounts.put(t.element(), t.amount().doubleValue() * units));
    Composition c = new Composition(amounts);
    Composition reduced = Composition.parse(c.reducedFormula());
    double factor = c.reducedFormulaAndFactor().factor();
    amounts.forEach(
        (e, v) -> assertThat(reduced.amount(e) * factor).isCloseTo(v, within(1e-6 * v)));
  }

  @Provide
  Arbitrary<String> brackets() {
    return Arbitraries.of("()", "[]", "{}");
  }

  @Provide
  Arbitrary<String> separators() {
    return Arbitraries.of("·", "*", "•", " · ");
  }

  @Provide
  Arbitrary<Integer> multipliers() {
    return Arbitraries.integers().between(1, 12);
  }
}
