package org.xxact.eval.predict;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.xxact.crystal.InputException;
import org.xxact.data.AtomicFiles;
import org.xxact.xrd.LatticeIndexer;

/**
 * How often each outcome of lattice indexing occurs for each true crystal system, counted on a labelled split: the
 * likelihood P(e | system) of the evidence e, which is the metric of the cell that decides under {@link
 * IndexedCrystalSystem} (or no cell). Combined with a classifier's probabilities by Bayes' rule, the decided system is
 * the argmax of P(system | pattern) x P(e | system). A cell then overrides the classifier only where it is strong
 * evidence against the classifier's margin: a cubic cell found for most cubic materials and for a few pseudo-cubic
 * tetragonal ones moves an unsure classifier, not a confident one.
 *
 * <p>The classifier saw the same pattern, so the evidence is not independent of it and the product is over-confident;
 * only its argmax is used.
 *
 * @param classNames the crystal-system classes, in the classifier's order
 * @param counts [evidence][class]: evidence 0 is no accepted cell, 1 + {@link LatticeIndexer.Metric#ordinal()} a cell
 *     of that metric
 */
public record IndexingLikelihood(
    @JsonProperty("class_names") List<String> classNames, @JsonProperty("counts") int[][] counts) {
  /** Evidence values: no cell, and one per metric. */
  public static final int EVIDENCE = 1 + LatticeIndexer.Metric.values().length;

  public IndexingLikelihood {
    classNames = List.copyOf(classNames);
    if (counts.length != EVIDENCE) {
      throw new IllegalArgumentException("counts need " + EVIDENCE + " rows (no cell and each metric), got "
          + counts.length);
    }
    for (int[] row : counts) {
      if (row.length != classNames.size()) {
        throw new IllegalArgumentException(
            "counts need a column per class (" + classNames.size() + "), got " + row.length);
      }
    }
  }

  /** The evidence of a decision: 0 without a cell, else 1 + the cell's metric. */
  public static int evidence(IndexedCrystalSystem.Decision decision) {
    return decision.cell() == null ? 0 : 1 + decision.cell().metric().ordinal();
  }

  /**
   * Counts the evidence of the samples selected by {@code use} per labelled true class.
   *
   * @param evidence per sample ({@link #evidence})
   * @param actual true class per sample, -1 where unlabelled
   * @param use which samples to count, or null for all
   */
  public static IndexingLikelihood count(List<String> classNames, int[] evidence, int[] actual, boolean[] use) {
    int[][] counts = new int[EVIDENCE][classNames.size()];
    for (int i = 0; i < evidence.length; i++) {
      if (actual[i] >= 0 && (use == null || use[i])) {
        counts[evidence[i]][actual[i]]++;
      }
    }
    return new IndexingLikelihood(classNames, counts);
  }

  /** P(e | class) with add-one smoothing over the evidence values. */
  public double likelihood(int evidence, int classIndex) {
    int total = 0;
    for (int[] row : counts) {
      total += row[classIndex];
    }
    return (counts[evidence][classIndex] + 1.0) / (total + EVIDENCE);
  }

  /** The classifier's probabilities times the likelihood of the evidence, normalised. */
  public double[] posterior(double[] probabilities, int evidence) {
    if (probabilities.length != classNames.size()) {
      throw new IllegalArgumentException(
          probabilities.length + " probabilities for " + classNames.size() + " classes");
    }
    double[] out = new double[probabilities.length];
    double sum = 0;
    for (int c = 0; c < out.length; c++) {
      out[c] = probabilities[c] * likelihood(evidence, c);
      sum += out[c];
    }
    for (int c = 0; c < out.length; c++) {
      out[c] = sum > 0 ? out[c] / sum : probabilities[c];
    }
    return out;
  }

  /** Writes the counts as JSON, atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.writeString(file, MeasuredTransfer.JSON.writeValueAsString(this) + "\n");
  }

  /**
   * Reads counts written by {@link #write}.
   *
   * @throws InputException when the file is missing or holds no such counts
   */
  public static IndexingLikelihood read(Path file) {
    try {
      return MeasuredTransfer.JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), IndexingLikelihood.class);
    } catch (NoSuchFileException e) {
      throw new InputException(file.toString(), 0, "no such file");
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new InputException(file.toString(), 0, "not indexing-likelihood counts: " + e.getMessage());
    } catch (IOException e) {
      throw new InputException(file.toString(), 0, "unreadable: " + e.getMessage());
    }
  }
}
