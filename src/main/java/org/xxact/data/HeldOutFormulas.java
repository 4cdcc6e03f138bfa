package org.xxact.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The reduced formulas of another dataset's validation and test splits, which a dataset built with
 * {@code --hold-out} must not contain. A model trained on extra data (a composition table of 130,000 Matbench entries,
 * say) can then be scored on the other dataset's test split without having seen any of its compositions: the split by
 * reduced formula, which keeps polymorphs of one composition on one side, is carried over to the extra data.
 */
final class HeldOutFormulas {
  /** Nothing is held out. */
  static final HeldOutFormulas NONE = new HeldOutFormulas(null, Map.of());

  private final Path dataset;
  private final Map<String, Split> splitByFormula;

  private HeldOutFormulas(Path dataset, Map<String, Split> splitByFormula) {
    this.dataset = dataset;
    this.splitByFormula = Map.copyOf(splitByFormula);
  }

  /**
   * The validation and test formulas of a finished dataset, or {@link #NONE} for a null path.
   *
   * @throws org.xxact.crystal.InputException when the directory is not a finished dataset
   */
  static HeldOutFormulas of(Path datasetDir) throws IOException {
    if (datasetDir == null) {
      return NONE;
    }
    Dataset d = Dataset.open(datasetDir);
    Map<String, Split> formulas = new HashMap<>();
    for (Split split : new Split[] {Split.VAL, Split.TEST}) {
      for (int i : d.indices(split)) {
        formulas.put(d.reducedFormula(i), split);
      }
    }
    return new HeldOutFormulas(datasetDir, formulas);
  }

  /** Why a record of this reduced formula cannot be used, or null when it can. */
  String reasonToReject(String reducedFormula) {
    Split split = splitByFormula.get(reducedFormula);
    if (split == null) {
      return null;
    }
    return "reduced formula " + reducedFormula + " is in the " + split.name().toLowerCase(Locale.ROOT)
        + " split of the held-out dataset " + dataset;
  }
}
