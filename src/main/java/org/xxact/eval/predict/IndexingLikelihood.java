package org.xxact.eval.predict;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.xxact.crystal.InputException;
import org.xxact.data.AtomicFiles;
import org.xxact.xrd.LatticeIndexer;
import org.xxact.xrd.LatticeIndexer.Cell;
import org.xxact.xrd.LatticeIndexer.Centring;
import org.xxact.xrd.LatticeIndexer.Metric;

/**
 * How often each outcome of lattice indexing occurs for each true class, counted on a labelled split: the likelihood
 * P(e | class) of the evidence e, which is what is known of the cell that decides under {@link IndexedCrystalSystem}
 * (or that there is none). Combined with a classifier's probabilities by Bayes' rule, the answer is the argmax of
 * P(class | pattern) x P(e | class). A cell then overrides the classifier only where it is strong evidence against the
 * classifier's margin: a cubic cell found for most cubic materials and for a few pseudo-cubic tetragonal ones moves an
 * unsure classifier, not a confident one.
 *
 * <p>Two kinds of evidence and of class are used. For the crystal system, e is the cell's metric and the classes are
 * the systems. For the space group, e is the metric with the cell's centring, whose reflection conditions the
 * pattern shows (International Tables for Crystallography, Vol. A, Table 2.2.13.1), and the classes are Bravais
 * lattices, one per space group ({@link org.xxact.crystal.io.SpaceGroup#bravaisLattice()}): each group's probability is
 * multiplied by the likelihood of its lattice. A group's own glide and screw extinctions are not used.
 *
 * <p>The classifier saw the same pattern, so the evidence is not independent of it and the product is over-confident;
 * only its argmax is used.
 *
 * @param evidence what the evidence values are
 * @param metrics the metrics the indexing searched ({@link IndexedCrystalSystem#metrics()}); counts written without
 *     them are for rule 2's {@link IndexedCrystalSystem#METRICS}
 * @param classNames the classes the counts are kept for
 * @param counts [evidence value][class]: value 0 is no accepted cell, the others {@link Evidence#names}
 */
public record IndexingLikelihood(
    @JsonProperty("evidence") Evidence evidence,
    @JsonProperty("metrics") List<Metric> metrics,
    @JsonProperty("class_names") List<String> classNames,
    @JsonProperty("counts") int[][] counts) {

  /** What of the deciding cell is taken as evidence. */
  public enum Evidence {
    /** Its metric: no cell, cubic, tetragonal, hexagonal or orthorhombic. */
    METRIC,
    /** Its metric and centring: no cell, cubic P, cubic I, ... orthorhombic F. */
    LATTICE,
    /**
     * Per space group tested against the cell ({@link IndexedCrystalSystem#extinctions}): whether a line needs a
     * reflection the group forbids (0) or the group's reflections index them all (1). Counted with the classes
     * {@link #EXTINCTION_CLASSES}.
     */
    EXTINCTION;

    /** The name of each evidence value, "no cell" first for the kinds of a cell, when these metrics are searched. */
    public List<String> names(List<Metric> metrics) {
      if (this == EXTINCTION) {
        return List.of("a forbidden reflection needed", "allowed reflections suffice");
      }
      List<String> names = new ArrayList<>();
      names.add("no cell");
      for (Metric metric : metrics) {
        String m = metric.name().toLowerCase(Locale.ROOT);
        if (this == METRIC) {
          names.add(m);
        } else {
          for (Centring centring : LatticeIndexer.centrings(metric)) {
            names.add(m + " " + centring);
          }
        }
      }
      return names;
    }

    /**
     * The evidence value of a deciding cell, or of none (null), when these metrics are searched.
     *
     * @throws IllegalStateException for {@link #EXTINCTION}, which is evidence about a group, not a cell
     * @throws IllegalArgumentException for a cell of a metric not searched
     */
    public int of(Cell cell, List<Metric> metrics) {
      if (this == EXTINCTION) {
        throw new IllegalStateException("extinction evidence is tested per space group");
      }
      if (cell == null) {
        return 0;
      }
      if (!metrics.contains(cell.metric())) {
        throw new IllegalArgumentException("no counts are kept for " + cell.metric() + " cells");
      }
      if (this == METRIC) {
        return 1 + metrics.indexOf(cell.metric());
      }
      int value = 1;
      for (Metric metric : metrics) {
        List<Centring> centrings = LatticeIndexer.centrings(metric);
        if (metric == cell.metric()) {
          return value + centrings.indexOf(cell.centring());
        }
        value += centrings.size();
      }
      throw new AssertionError("every metric is listed");
    }
  }

  /** The classes extinction evidence is counted for: the true space group, and every other tested group. */
  public static final List<String> EXTINCTION_CLASSES = List.of("true group", "other tested group");

  public IndexingLikelihood {
    if (evidence == null || classNames == null || counts == null) {
      throw new IllegalArgumentException("counts need evidence, class_names and counts");
    }
    metrics = metrics == null ? IndexedCrystalSystem.METRICS : List.copyOf(metrics);
    classNames = List.copyOf(classNames);
    List<String> names = evidence.names(metrics);
    if (counts.length != names.size()) {
      throw new IllegalArgumentException("counts of " + evidence + " evidence need " + names.size() + " rows "
          + names + ", got " + counts.length);
    }
    for (int[] row : counts) {
      if (row.length != classNames.size()) {
        throw new IllegalArgumentException(
            "counts need a column per class (" + classNames.size() + "), got " + row.length);
      }
    }
  }

  /**
   * Counts the evidence of the samples selected by {@code use} per labelled true class.
   *
   * @param metrics the metrics the indexing searched
   * @param values per sample, its evidence value ({@link Evidence#of})
   * @param actual true class per sample, -1 where unlabelled
   * @param use which samples to count, or null for all
   */
  public static IndexingLikelihood count(
      Evidence evidence, List<Metric> metrics, List<String> classNames, int[] values, int[] actual, boolean[] use) {
    int[][] counts = new int[evidence.names(metrics).size()][classNames.size()];
    for (int i = 0; i < values.length; i++) {
      if (actual[i] >= 0 && (use == null || use[i])) {
        counts[values[i]][actual[i]]++;
      }
    }
    return new IndexingLikelihood(evidence, metrics, classNames, counts);
  }

  /**
   * Counts extinction tests ({@link Evidence#EXTINCTION}) of the samples selected by {@code use}: each tested group's
   * result, under "true group" when it is the sample's label and "other tested group" otherwise.
   *
   * @param metrics the metrics the indexing searched (which cells, and so which groups, were tested)
   * @param tested per sample and group class, the test result (1, 0, or -1 for untested)
   * @param actual true group class per sample, -1 where unlabelled
   * @param use which samples to count, or null for all
   */
  public static IndexingLikelihood countExtinctions(
      List<Metric> metrics, int[][] tested, int[] actual, boolean[] use) {
    int[][] counts = new int[2][2];
    for (int i = 0; i < tested.length; i++) {
      if (actual[i] >= 0 && (use == null || use[i])) {
        for (int g = 0; g < tested[i].length; g++) {
          if (tested[i][g] >= 0) {
            counts[tested[i][g]][g == actual[i] ? 0 : 1]++;
          }
        }
      }
    }
    return new IndexingLikelihood(Evidence.EXTINCTION, metrics, EXTINCTION_CLASSES, counts);
  }

  /** P(e | class) with add-one smoothing over the evidence values. */
  public double likelihood(int value, int classIndex) {
    int total = 0;
    for (int[] row : counts) {
      total += row[classIndex];
    }
    return (counts[value][classIndex] + 1.0) / (total + counts.length);
  }

  /** The classifier's probabilities of these classes times the likelihood of the evidence, normalised. */
  public double[] posterior(double[] probabilities, int value) {
    if (probabilities.length != classNames.size()) {
      throw new IllegalArgumentException(
          probabilities.length + " probabilities for " + classNames.size() + " classes");
    }
    return reweighted(probabilities, c -> likelihood(value, c));
  }

  /**
   * The classifier's probabilities of finer classes (space groups) times the likelihood of the evidence under the
   * class each belongs to (its Bravais lattice or crystal system), normalised.
   *
   * @param classOf for each probability, the index of its class among {@link #classNames()}
   */
  public double[] posterior(double[] probabilities, int value, int[] classOf) {
    return reweighted(probabilities, c -> likelihood(value, classOf[c]));
  }

  /**
   * Space-group probabilities weighed by extinction evidence and normalised: each tested group's probability times
   * P(z | true group) / P(z | other group) for its test result z, the likelihood ratio of the test; untested groups
   * (z = -1) are left as they are.
   *
   * @param values per group, its test result (1, 0, or -1 for untested)
   * @throws IllegalStateException when these are not extinction counts
   */
  public double[] weighTested(double[] probabilities, int[] values) {
    if (evidence != Evidence.EXTINCTION) {
      throw new IllegalStateException("only extinction counts weigh tested groups, these are " + evidence);
    }
    return reweighted(probabilities, g -> values[g] >= 0 ? likelihood(values[g], 0) / likelihood(values[g], 1) : 1);
  }

  /** Each probability times its factor, normalised; the probabilities themselves when no weighted one is positive. */
  static double[] reweighted(double[] probabilities, IntToDoubleFunction factor) {
    double[] out = new double[probabilities.length];
    double sum = 0;
    for (int c = 0; c < out.length; c++) {
      out[c] = probabilities[c] * factor.applyAsDouble(c);
      sum += out[c];
    }
    if (!(sum > 0)) {
      return probabilities.clone();
    }
    for (int c = 0; c < out.length; c++) {
      out[c] /= sum;
    }
    return out;
  }

  private static final TypeReference<LinkedHashMap<String, IndexingLikelihood>> BY_TARGET = new TypeReference<>() {};

  /** Writes counts, keyed by the target whose answer they combine with, as one JSON object, atomically. */
  public static void write(Map<String, IndexingLikelihood> byTarget, Path file) throws IOException {
    AtomicFiles.writeString(file, MeasuredTransfer.JSON.writeValueAsString(byTarget) + "\n");
  }

  /**
   * Reads counts written by {@link #write}.
   *
   * @throws InputException when the file is missing or holds no such counts
   */
  public static Map<String, IndexingLikelihood> read(Path file) {
    try {
      Map<String, IndexingLikelihood> read = MeasuredTransfer.JSON.readValue(
          Files.readString(file, StandardCharsets.UTF_8), BY_TARGET);
      if (read == null || read.isEmpty() || read.containsValue(null)) {
        throw new InputException(file.toString(), 0, "not indexing-likelihood counts: no counts by target");
      }
      return read;
    } catch (NoSuchFileException e) {
      throw new InputException(file.toString(), 0, "no such file");
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new InputException(file.toString(), 0, "not indexing-likelihood counts: " + e.getMessage());
    } catch (IOException e) {
      throw new InputException(file.toString(), 0, "unreadable: " + e.getMessage());
    }
  }
}
