package org.xxact.crystal.io;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.xxact.crystal.Lattice;

/** Lattice parameters in JSON, one spelling for every writer (the structure files, {@code xxact inspect --json}). */
public final class LatticeJson {
  private LatticeJson() {}

  /**
   * The six lattice parameters as fields of the open object, named as pymatgen's {@code Lattice.as_dict()} names them:
   * {@code a}, {@code b}, {@code c} in angstrom and {@code alpha}, {@code beta}, {@code gamma} in degrees.
   */
  public static void writeParameters(JsonGenerator g, Lattice l) throws IOException {
    g.writeNumberField("a", l.a());
    g.writeNumberField("b", l.b());
    g.writeNumberField("c", l.c());
    g.writeNumberField("alpha", l.alpha());
    g.writeNumberField("beta", l.beta());
    g.writeNumberField("gamma", l.gamma());
  }
}
