package org.xxact.crystal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The element table (Z = 1..103), loaded once from the {@code elements.csv} resource, whose header names its sources
 * (pymatgen's periodic table data for masses and Pauling electronegativities, Cordero et al. 2008 for covalent radii).
 */
public final class Elements {
  /** Highest atomic number in the table (lawrencium). */
  public static final int MAX_ATOMIC_NUMBER = 103;

  private static final List<Element> BY_Z;
  private static final Map<String, Element> BY_SYMBOL;

  static {
    List<Element> list = new ArrayList<>(MAX_ATOMIC_NUMBER);
    Map<String, Element> bySymbol = new HashMap<>();
    try (InputStream in = Elements.class.getResourceAsStream("elements.csv")) {
      if (in == null) {
        throw new IllegalStateException("elements.csv resource missing from the class path");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      boolean header = true;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        if (header) {
          header = false;
          continue;
        }
        String[] f = line.split(",", -1);
        Element e =
            new Element(
                Integer.parseInt(f[0]),
                f[1],
                f[2],
                Double.parseDouble(f[3]),
                Integer.parseInt(f[4]),
                Integer.parseInt(f[5]),
                f[6],
                f[7].isEmpty() ? Double.NaN : Double.parseDouble(f[7]),
                f[8].isEmpty() ? Double.NaN : Double.parseDouble(f[8]));
        if (e.atomicNumber() != list.size() + 1) {
          throw new IllegalStateException("elements.csv out of order at Z=" + e.atomicNumber());
        }
        list.add(e);
        bySymbol.put(e.symbol(), e);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    if (list.size() != MAX_ATOMIC_NUMBER) {
      throw new IllegalStateException("elements.csv holds " + list.size() + " elements, expected 103");
    }
    BY_Z = Collections.unmodifiableList(list);
    BY_SYMBOL = Collections.unmodifiableMap(bySymbol);
  }

  private Elements() {}

  /** The element with this exact (case-sensitive) symbol, if any. */
  public static Optional<Element> find(String symbol) {
    return Optional.ofNullable(BY_SYMBOL.get(symbol));
  }

  /**
   * The element with this exact symbol.
   *
   * @throws IllegalArgumentException if there is none
   */
  public static Element of(String symbol) {
    Element e = BY_SYMBOL.get(symbol);
    if (e == null) {
      throw new IllegalArgumentException("unknown element symbol '" + symbol + "'");
    }
    return e;
  }

  /**
   * The element with atomic number z.
   *
   * @throws IllegalArgumentException outside 1..103
   */
  public static Element ofAtomicNumber(int z) {
    if (z < 1 || z > MAX_ATOMIC_NUMBER) {
      throw new IllegalArgumentException("atomic number " + z + " outside 1.." + MAX_ATOMIC_NUMBER);
    }
    return BY_Z.get(z - 1);
  }

  /** All elements in order of atomic number. */
  public static List<Element> all() {
    return BY_Z;
  }
}
