package org.xxact.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code xxact dataset build} was asked to do.
 *
 * @param inputs structure files (CSV with a CIF column, CIF, pymatgen / Alexandria JSON, optionally compressed)
 * @param targets target names ({@link TargetDefinition#of})
 * @param out dataset directory
 * @param idColumn column or field to use as record id, or null for the reader's default
 * @param splitBy "reduced_formula" (default), "id", or a property name whose value groups samples
 * @param splitFractions "train,val,test" fractions such as "0.8,0.1,0.1"
 * @param seed split seed
 * @param limit read only the first this many input records, or null for all
 * @param threads worker threads for the diffraction calculation
 * @param overwrite replace a directory that holds a different dataset
 * @param shardSize input records per shard
 * @param compositionColumn CSV column with each record's formula, for tables without structures: the samples then
 *     have a composition and targets but no diffraction peaks, and only composition models can use them; null: the
 *     inputs are structures
 * @param holdOut a finished dataset whose validation and test formulas must not be learned from: records with one of
 *     those reduced formulas are rejected (and listed with that reason), so that a model trained on this dataset can be
 *     scored on that one's test split; null: none
 * @param trainOnly further structure inputs whose records all go into the train split, whatever their group (for
 *     example random crystals from {@code xxact dataset synthesize}): they add training patterns and leave the
 *     validation and test splits of {@code inputs} as they would be without them
 */
public record BuildOptions(
    List<Path> inputs,
    List<String> targets,
    Path out,
    String idColumn,
    String splitBy,
    String splitFractions,
    long seed,
    Long limit,
    int threads,
    boolean overwrite,
    int shardSize,
    String compositionColumn,
    Path holdOut,
    List<Path> trainOnly) {
  /** Split groups: all samples with the same reduced formula go to one split. */
  public static final String SPLIT_BY_FORMULA = "reduced_formula";
  /** Split groups: every record on its own (a random split). */
  public static final String SPLIT_BY_ID = "id";
  /** Default split fractions. */
  public static final String DEFAULT_SPLIT = "0.8,0.1,0.1";
  /** Default split seed. */
  public static final long DEFAULT_SEED = 42;
  /**
   * Default input records per shard: about 10-40 MB per shard at a few kB per sample, so that a 5-million-structure
   * build has a few hundred files, a killed build loses at most a few thousand structures' work per thread, and a
   * shard stays far below the 1 GB limit.
   */
  public static final int DEFAULT_SHARD_SIZE = 8192;

  public BuildOptions {
    inputs = List.copyOf(inputs);
    targets = List.copyOf(targets);
    trainOnly = trainOnly == null ? List.of() : List.copyOf(trainOnly);
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("give at least one --input");
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("give at least one target in --targets");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
    }
    if (shardSize < 1) {
      throw new IllegalArgumentException("--shard-size must be at least 1, got " + shardSize);
    }
    if (limit != null && limit < 1) {
      throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
    }
    if (splitBy == null || splitBy.isBlank()) {
      throw new IllegalArgumentException("--split-by must name reduced_formula, id or a column");
    }
    if (compositionColumn != null && compositionColumn.isBlank()) {
      throw new IllegalArgumentException("--composition-column must name a column");
    }
    if (compositionColumn != null && !trainOnly.isEmpty()) {
      throw new IllegalArgumentException("--train-only adds structures; a composition table (--composition-column)"
          + " takes none");
    }
  }

  /** Every input in reading order: {@link #inputs()}, then {@link #trainOnly()}. */
  public List<Path> allInputs() {
    List<Path> all = new ArrayList<>(inputs);
    all.addAll(trainOnly);
    return List.copyOf(all);
  }
}
