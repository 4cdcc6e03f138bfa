package org.xxact.crystal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An amount of each element (atoms per formula unit or per cell). Immutable; iteration order is the order in which
 * elements were first given.
 */
public final class Composition {
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

  /** Amount per element, in first-given order. */
  public Map<Element, Double> amounts() {
    return amounts;
  }

  /** Total number of atoms (sum of amounts). */
  public double totalAtoms() {
    double s = 0;
    for (double v : amounts.values()) {
      s += v;
    }
    return s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Composition c && c.amounts.equals(amounts);
  }

  @Override
  public int hashCode() {
    return amounts.hashCode();
  }
}
