package org.xxact.crystal;

/**
 * A chemical element with the properties the models and the physics need. Instances come from {@link Elements}; there is
 * exactly one per atomic number, so identity comparison is safe.
 *
 * @param atomicNumber Z, 1..103
 * @param symbol IUPAC symbol, e.g. "Fe"
 * @param name English name
 * @param atomicMassU standard atomic weight in unified atomic mass units (g/mol)
 * @param group IUPAC group 1..18 (lanthanides and actinides: 3)
 * @param period period (row) 1..7
 * @param block "s", "p", "d" or "f"
 * @param paulingElectronegativity Pauling electronegativity; NaN where undefined (He, Ne, Ar)
 * @param covalentRadiusAngstrom covalent radius (Cordero 2008) in angstrom; NaN where not tabulated (Z > 96)
 */
public record Element(
    int atomicNumber,
    String symbol,
    String name,
    double atomicMassU,
    int group,
    int period,
    String block,
    double paulingElectronegativity,
    double covalentRadiusAngstrom) {

  /** Elements are equal when their atomic numbers are (there is one instance per element). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Element e && e.atomicNumber == atomicNumber;
  }

  @Override
  public int hashCode() {
    return atomicNumber;
  }

  @Override
  public String toString() {
    return symbol;
  }
}
