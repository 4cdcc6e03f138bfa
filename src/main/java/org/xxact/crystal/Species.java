package org.xxact.crystal;

/**
 * An element, optionally with a formal oxidation state ({@code Fe2+}, {@code O2-}). X-ray scattering uses the neutral
 * atom's form factor (the electron count changes by the charge but the published coefficient tables are for neutral
 * atoms; pymatgen does the same), so the charge is carried for composition features and round trips only.
 *
 * @param element the element
 * @param oxidationState formal charge; 0 when none was given
 */
public record Species(Element element, double oxidationState) {

  /** A neutral species (no oxidation state). */
  public static Species of(Element element) {
    return new Species(element, 0.0);
  }

  /** A neutral species of the element with this symbol. */
  public static Species of(String symbol) {
    return new Species(Elements.of(symbol), 0.0);
  }

  /** pymatgen's species string: the symbol, then the charge magnitude (omitted when 1) and sign, e.g. {@code Fe2+}. */
  @Override
  public String toString() {
    if (oxidationState == 0.0) {
      return element.symbol();
    }
    return element.symbol()
        + PymatgenText.formulaDoubleFormat(Math.abs(oxidationState), true)
        + (oxidationState > 0 ? "+" : "-");
  }
}
