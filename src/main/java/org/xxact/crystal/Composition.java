package org.xxact.crystal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An amount of each element (atoms per formula unit or per cell). Immutable; iteration order is the order in which
 * elements were first given.
 *
 * <p>Formulas are written exactly as pymatgen 2022.11.7 writes them ({@code pymatgen.core.composition}), because the
 * datasets this project reads were labelled with pymatgen and splits group structures by reduced formula:
 *
 * <ul>
 *   <li>{@link #formula()}: elements by increasing Pauling electronegativity, amounts always written ({@code Li4 Fe4 P4
 *       O16});
 *   <li>{@link #reducedFormula()}: amounts divided by their greatest common divisor when all are integers (within
 *       {@link #AMOUNT_TOLERANCE}), the two most electronegative elements written as a bracketed polyanion when their
 *       electronegativities differ by less than {@link #POLYANION_ELECTRONEGATIVITY_GAP} and the bracket has a factor
 *       ({@code Fe2(SO4)3}), and pymatgen's special formulas for elemental gases and peroxides ({@code O2}, {@code
 *       Li2O2}); non-integer compositions are written as the formula without spaces ({@code Li0.5Ni0.5O1}).
 * </ul>
 */
public final class Composition {
  /** pymatgen's {@code Composition.amount_tolerance}: amounts this close to an integer count as integers. */
  public static final double AMOUNT_TOLERANCE = 1e-8;
  /**
   * pymatgen's polyanion rule: the last two elements (by electronegativity) form a bracketed group when their
   * electronegativities differ by less than this.
   */
  public static final double POLYANION_ELECTRONEGATIVITY_GAP = 1.65;

  /** pymatgen's {@code Composition.special_formulas}: reduced formulas that are written doubled. */
  private static final Map<String, String> SPECIAL_FORMULAS =
      Map.ofEntries(
          Map.entry("LiO", "Li2O2"),
          Map.entry("NaO", "Na2O2"),
          Map.entry("KO", "K2O2"),
          Map.entry("HO", "H2O2"),
          Map.entry("CsO", "Cs2O2"),
          Map.entry("RbO", "Rb2O2"),
          Map.entry("O", "O2"),
          Map.entry("N", "N2"),
          Map.entry("F", "F2"),
          Map.entry("Cl", "Cl2"),
          Map.entry("H", "H2"));

  private final Map<Element, Double> amounts;

  /**
   * @param amounts amount per element; every amount positive and finite
   * @throws IllegalArgumentException if empty or an amount is not positive
   */
  public Composition(Map<Element, Double> amounts) {
    if (amounts.isEmpty()) {
      throw new IllegalArgumentException("a composition needs at least one element");
    }
    Map<Element, Double> copy = new LinkedHashMap<>();
    for (Map.Entry<Element, Double> e : amounts.entrySet()) {
      double v = e.getValue();
      if (!(v > 0) || !Double.isFinite(v)) {
        throw new IllegalArgumentException("amount of " + e.getKey() + " must be positive, got " + v);
      }
      copy.put(e.getKey(), v);
    }
    this.amounts = Collections.unmodifiableMap(copy);
  }

  /**
   * Reads a formula as typed: {@code Fe2O3}, {@code Li0.5Ni0.5O}, {@code Ca(OH)2}, {@code Fe2(SO4)3}, {@code
   * CuSO4·5H2O}, {@code CuSO4*5H2O}, {@code [Co(NH3)6]Cl3}, {@code Fe2+} (charges are ignored), {@code K4 Mn4 O8}.
   *
   * @throws InputException for an unknown element or malformed input, naming the character position
   */
  public static Composition parse(String formula) {
    return FormulaParser.parse(formula);
  }

  /** Amount per element, in first-given order. */
  public Map<Element, Double> amounts() {
    return amounts;
  }

  /** Amount of this element; 0 when absent. */
  public double amount(Element element) {
    return amounts.getOrDefault(element, 0.0);
  }

  /** Total number of atoms (sum of amounts). */
  public double totalAtoms() {
    double s = 0;
    for (double v : amounts.values()) {
      s += v;
    }
    return s;
  }

  /** Atomic (molar) fraction of this element; 0 when absent. */
  public double fraction(Element element) {
    return amount(element) / totalAtoms();
  }

  /** Atomic fraction of every element, in first-given order; the fractions sum to 1. */
  public Map<Element, Double> fractions() {
    double total = totalAtoms();
    Map<Element, Double> f = new LinkedHashMap<>();
    amounts.forEach((e, v) -> f.put(e, v / total));
    return Collections.unmodifiableMap(f);
  }

  /**
   * The elements by increasing Pauling electronegativity, ties in first-given order (pymatgen's {@code formula} order;
   * elements without an electronegativity are placed as CPython's sort places NaN keys).
   */
  public List<Element> elementsByElectronegativity() {
    List<Element> els = new ArrayList<>(amounts.keySet());
    CPythonSort.sort(
        els,
        (a, b) -> a.paulingElectronegativity() < b.paulingElectronegativity(),
        Comparator.comparingDouble(Element::paulingElectronegativity));
    return els;
  }

  /** The elements in alphabetical order of their symbols. */
  public List<Element> elementsAlphabetical() {
    List<Element> els = new ArrayList<>(amounts.keySet());
    els.sort(Comparator.comparing(Element::symbol));
    return els;
  }

  /** pymatgen's {@code Composition.formula}: electronegativity order, every amount written, e.g. {@code Fe2 O3}. */
  public String formula() {
    StringBuilder sb = new StringBuilder();
    for (Element e : elementsByElectronegativity()) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(e.symbol()).append(PymatgenText.formulaDoubleFormat(amounts.get(e), false));
    }
    return sb.toString();
  }

  /** pymatgen's {@code Composition.alphabetical_formula}: the terms of {@link #formula()} sorted as strings. */
  public String alphabeticalFormula() {
    List<String> terms = new ArrayList<>(List.of(formula().split(" ")));
    Collections.sort(terms);
    return String.join(" ", terms);
  }

  /** pymatgen's {@code Composition.reduced_formula}, e.g. {@code LiFePO4} for Li4 Fe4 P4 O16. */
  public String reducedFormula() {
    return reducedFormulaAndFactor().formula();
  }

  /** The reduced formula and the number of its formula units in this composition. */
  public ReducedFormula reducedFormulaAndFactor() {
    for (double v : amounts.values()) {
      if (Math.abs(v - Math.rint(v)) >= AMOUNT_TOLERANCE) {
        return new ReducedFormula(formula().replace(" ", ""), 1);
      }
    }
    Map<Element, Long> integers = new LinkedHashMap<>();
    amounts.forEach((e, v) -> integers.put(e, Math.round(v)));
    ReducedFormula r = reduce(integers);
    String special = SPECIAL_FORMULAS.get(r.formula());
    return special == null ? r : new ReducedFormula(special, r.factor() / 2);
  }

  /**
   * A reduced formula and its factor.
   *
   * @param formula the reduced formula
   * @param factor formula units in the composition (amounts = factor x reduced amounts)
   */
  public record ReducedFormula(String formula, double factor) {}

  /** pymatgen's {@code reduce_formula} on integer amounts. */
  private static ReducedFormula reduce(Map<Element, Long> amt) {
    List<Element> syms = new ArrayList<>(amt.keySet());
    CPythonSort.sort(
        syms,
        Composition::electronegativityThenSymbolLess,
        Comparator.comparingDouble(Element::paulingElectronegativity).thenComparing(Element::symbol));
    long factor = 0;
    for (long v : amt.values()) {
      factor = gcd(factor, Math.abs(v));
    }
    String polyanion = "";
    int n = syms.size();
    if (n >= 3
        && syms.get(n - 1).paulingElectronegativity() - syms.get(n - 2).paulingElectronegativity()
            < POLYANION_ELECTRONEGATIVITY_GAP) {
      Map<Element, Long> poly = new LinkedHashMap<>();
      poly.put(syms.get(n - 2), amt.get(syms.get(n - 2)) / factor);
      poly.put(syms.get(n - 1), amt.get(syms.get(n - 1)) / factor);
      ReducedFormula p = reduce(poly);
      if (p.factor() != 1) {
        polyanion = "(" + p.formula() + ")" + (long) p.factor();
      }
    }
    if (!polyanion.isEmpty()) {
      syms = syms.subList(0, n - 2);
    }
    StringBuilder sb = new StringBuilder();
    for (Element e : syms) {
      sb.append(e.symbol()).append(PymatgenText.formulaDoubleFormat(amt.get(e) / (double) factor, true));
    }
    return new ReducedFormula(sb.append(polyanion).toString(), factor);
  }

  /** Python's {@code [X, symbol] < [X, symbol]}: list comparison, where any comparison with a NaN X is false. */
  private static boolean electronegativityThenSymbolLess(Element a, Element b) {
    double xa = a.paulingElectronegativity();
    double xb = b.paulingElectronegativity();
    if (xa == xb) {
      return a.symbol().compareTo(b.symbol()) < 0;
    }
    return xa < xb;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Composition c && c.amounts.equals(amounts);
  }

  @Override
  public int hashCode() {
    return amounts.hashCode();
  }

  /** The {@link #formula()}. */
  @Override
  public String toString() {
    return formula();
  }
}
