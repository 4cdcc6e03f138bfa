package org.xxact.crystal.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xxact.crystal.Structure;

/**
 * Every structure of the bundled Materials Project set reads, with the reduced formula that pymatgen 2022.11.7 gave it
 * (the file's {@code reduced_formula} column) and the cell volume of the file's {@code volume} column.
 */
class MpCgcnn36kReadTest {
  private static final Path DATA = Path.of("data/mp_cgcnn36k/mp_cgcnn36k.csv.gz");
  private static final int ROWS = 36_737;
  /** The volume column was computed from the same CIF cell in double precision; 1e-4 relative is the brief's bound. */
  private static final double VOLUME_RELATIVE_TOLERANCE = 1e-4;

  @Test
  void allRowsReadWithPymatgenFormulaAndVolume() {
    int read = 0;
    List<String> problems = new ArrayList<>();
    try (StructureSource src = StructureInputs.open(List.of(DATA), StructureInputOptions.defaults())) {
      while (src.hasNext()) {
        RecordResult r = src.next();
        if (r instanceof RejectedRecord rej) {
          problems.add("rejected " + rej);
          continue;
        }
        StructureRecord rec = (StructureRecord) r;
        read++;
        Structure s = rec.structure();
        String expectedFormula = rec.properties().get("reduced_formula");
        String formula = s.composition().reducedFormula();
        if (!formula.equals(expectedFormula)) {
          problems.add(rec.id() + ": formula " + formula + " != " + expectedFormula);
        }
        double expectedVolume = Double.parseDouble(rec.properties().get("volume"));
        double volume = s.lattice().volumeAngstrom3();
        if (Math.abs(volume - expectedVolume) > VOLUME_RELATIVE_TOLERANCE * expectedVolume) {
          problems.add(rec.id() + ": volume " + volume + " != " + expectedVolume);
        }
        if (s.numberOfSites() != Integer.parseInt(rec.properties().get("n_sites"))) {
          problems.add(rec.id() + ": n_sites " + s.numberOfSites() + " != " + rec.properties().get("n_sites"));
        }
      }
    }
    assertThat(problems).as("disagreements").isEmpty();
    assertThat(read).isEqualTo(ROWS);
  }
}
