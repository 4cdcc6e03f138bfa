package org.xxact.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The description of a built dataset, written last as {@code manifest.json}: what it was built from (inputs with
 * sizes and SHA-256 checksums, every build parameter), how its peaks were computed, its targets with the train-split
 * statistics the model normalises with, its counts, and its shard files. A dataset directory without a manifest is an
 * unfinished build.
 *
 * @param format always {@value #FORMAT}
 * @param formatVersion version of the directory layout and shard format
 * @param xxactVersion version of the xxact that built it
 * @param createdAt ISO-8601 UTC time the build finished
 * @param build the build parameters (what makes two datasets the same)
 * @param xrd how the peak lists were computed; absent for a table without structures (no peaks)
 * @param targets one entry per target, in the order of the stored target columns
 * @param counts records, samples, rejects and split sizes
 * @param maxElements most elements in one sample
 * @param maxPeaks most peaks in one sample
 * @param shards the shard files in order; sample indices run through them in this order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
    String format,
    int formatVersion,
    String xxactVersion,
    String createdAt,
    BuildParameters build,
    XrdSettings xrd,
    List<TargetInfo> targets,
    Counts counts,
    int maxElements,
    int maxPeaks,
    List<ShardInfo> shards) {
  /** Value of the {@code format} field. */
  public static final String FORMAT = "xxact-dataset";

  public Manifest {
    targets = List.copyOf(targets);
    shards = List.copyOf(shards);
  }

  /**
   * Everything a build's result depends on. Two builds with equal parameters (ignoring where the inputs lie) produce
   * the same shards; a build directory whose parameters differ holds a different dataset. The thread count is not
   * here because the result does not depend on it.
   *
   * @param inputs input files in the order given
   * @param targets target names in the order given
   * @param idColumn column or field used as record id, or null for the reader's default
   * @param splitBy what groups samples for the split: "reduced_formula", "id", or a property name
   * @param splitFractions train, val, test fractions
   * @param seed split seed
   * @param limit only the first this many input records, or null for all
   * @param shardSize input records per shard
   * @param compositionColumn the CSV column the compositions were read from, for a table without structures (the
   *     samples have no peaks); absent for structure inputs
   * @param holdOut the manifest of the dataset whose validation and test formulas were rejected, or absent
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record BuildParameters(
      List<InputFile> inputs,
      List<String> targets,
      String idColumn,
      String splitBy,
      List<Double> splitFractions,
      long seed,
      Long limit,
      int shardSize,
      String compositionColumn,
      InputFile holdOut,
      List<InputFile> trainOnlyInputs) {
    public BuildParameters {
      inputs = List.copyOf(inputs);
      trainOnlyInputs = trainOnlyInputs == null ? List.of() : List.copyOf(trainOnlyInputs);
      targets = List.copyOf(targets);
      splitFractions = List.copyOf(splitFractions);
    }

    /** True when a build with {@code other} produces the same dataset (input paths may differ). */
    public boolean sameDatasetAs(BuildParameters other) {
      if (!sameContent(inputs, other.inputs) || !sameContent(trainOnlyInputs, other.trainOnlyInputs)) {
        return false;
      }
      return targets.equals(other.targets)
          && Objects.equals(idColumn, other.idColumn)
          && splitBy.equals(other.splitBy)
          && splitFractions.equals(other.splitFractions)
          && seed == other.seed
          && Objects.equals(limit, other.limit)
          && shardSize == other.shardSize
          && Objects.equals(compositionColumn, other.compositionColumn)
          && (holdOut == null ? other.holdOut == null : other.holdOut != null && holdOut.sameContentAs(other.holdOut));
    }

    private static boolean sameContent(List<InputFile> a, List<InputFile> b) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!a.get(i).sameContentAs(b.get(i))) {
          return false;
        }
      }
      return true;
    }

    /** True when the samples have diffraction peaks (structure inputs), false for a composition table. */
    public boolean hasPatterns() {
      return compositionColumn == null;
    }
  }

  /**
   * An input file.
   *
   * @param path the path as given
   * @param sizeBytes file size
   * @param sha256 SHA-256 of the file bytes, lower-case hex
   */
  public record InputFile(String path, long sizeBytes, String sha256) {
    boolean sameContentAs(InputFile o) {
      return sizeBytes == o.sizeBytes && sha256.equals(o.sha256);
    }
  }

  /**
   * How the stored peaks were computed.
   *
   * @param radiation source name the peaks were computed for
   * @param wavelengthAngstrom its wavelength
   * @param twoThetaMinDeg lower end of the computed range at that wavelength
   * @param twoThetaMaxDeg upper end of the computed range at that wavelength
   * @param minDSpacingAngstrom smallest d-spacing stored (the upper end of the range as a d-spacing)
   * @param intensityScale how intensities are scaled
   * @param calculator the calculator and its conventions
   */
  public record XrdSettings(
      String radiation,
      double wavelengthAngstrom,
      double twoThetaMinDeg,
      double twoThetaMaxDeg,
      double minDSpacingAngstrom,
      String intensityScale,
      String calculator) {}

  /**
   * A target with its statistics.
   *
   * @param name target name
   * @param kind regression or classification
   * @param unit unit of a regression target, empty when unknown or a class
   * @param source the input columns it is read from
   * @param known samples with a value, per split label
   * @param mean train-split mean (regression)
   * @param std train-split standard deviation (population), the normalisation scale (regression)
   * @param min train-split minimum (regression)
   * @param max train-split maximum (regression)
   * @param classNames class names in index order (classification)
   * @param trainClassCounts train samples per class (classification)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TargetInfo(
      String name,
      TargetKind kind,
      String unit,
      List<String> source,
      Map<String, Long> known,
      Double mean,
      Double std,
      Double min,
      Double max,
      List<String> classNames,
      List<Long> trainClassCounts) {

    /**
     * The spec the model uses: regression targets normalised with the train mean and std (std 1 when the train split
     * has fewer than two distinct values, so that normalisation never divides by zero).
     */
    public TargetSpec spec() {
      if (kind == TargetKind.CLASSIFICATION) {
        return new TargetSpec(name, kind, unit, 0, 1, classNames);
      }
      double m = mean == null ? 0 : mean;
      double s = std == null || !(std > 0) ? 1 : std;
      return new TargetSpec(name, kind, unit, m, s, List.of());
    }
  }

  /**
   * Sizes.
   *
   * @param inputRecords records read from the inputs (samples plus rejects)
   * @param samples records stored as samples
   * @param rejected records in rejects.jsonl
   * @param splits samples per split label
   * @param formulas distinct reduced formulas per split label
   * @param sharedFormulas reduced formulas found in more than one split (0 when splitting by reduced formula)
   */
  public record Counts(
      long inputRecords,
      long samples,
      long rejected,
      Map<String, Long> splits,
      Map<String, Long> formulas,
      long sharedFormulas) {}

  /**
   * A shard file.
   *
   * @param file path relative to the dataset directory
   * @param records samples in it
   * @param sizeBytes file size
   */
  public record ShardInfo(String file, int records, long sizeBytes) {}

  /** The target specs in stored column order. */
  public List<TargetSpec> targetSpecs() {
    return targets.stream().map(TargetInfo::spec).toList();
  }
}
