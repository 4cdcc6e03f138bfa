package org.xxact.eval;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xxact.data.AtomicFiles;

/**
 * Scores of one configuration over several seeds: for every target and score, the mean and sample standard deviation
 * over the runs that scored it. Its JSON is {@code {"target": {"mae": {"mean": .., "std": .., "count": ..}, ...}}}.
 * Targets and scores keep the order of their first appearance.
 */
public final class SeedAggregate {
  private final Map<String, Map<String, MeanStd>> byTarget;

  private SeedAggregate(Map<String, Map<String, MeanStd>> byTarget) {
    this.byTarget = byTarget;
  }

  /**
   * Aggregates the results of several runs (one per seed). A target or score missing from some runs is aggregated over
   * the runs that have it; {@link MeanStd#count()} says how many.
   */
  public static SeedAggregate of(List<EvaluationResult> runs) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("no runs to aggregate");
    }
    Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();
    for (EvaluationResult run : runs) {
      run.targets()
          .forEach(
              (target, metrics) ->
                  metrics
                      .values()
                      .forEach(
                          (score, v) ->
                              values
                                  .computeIfAbsent(target, t -> new LinkedHashMap<>())
                                  .computeIfAbsent(score, s -> new ArrayList<>())
                                  .add(v)));
    }
    Map<String, Map<String, MeanStd>> out = new LinkedHashMap<>();
    values.forEach(
        (target, scores) -> {
          Map<String, MeanStd> m = new LinkedHashMap<>();
          scores.forEach((score, list) -> m.put(score, MeanStd.of(list)));
          out.put(target, Collections.unmodifiableMap(m));
        });
    return new SeedAggregate(Collections.unmodifiableMap(out));
  }

  /** Aggregates by target name, then score name. */
  @JsonValue
  public Map<String, Map<String, MeanStd>> byTarget() {
    return byTarget;
  }

  /** The aggregate of one score of one target, or null when no run has it. */
  public MeanStd get(String target, String score) {
    Map<String, MeanStd> m = byTarget.get(target);
    return m == null ? null : m.get(score);
  }

  /** Indented JSON text. */
  public String toJson() {
    try {
      return Json.MAPPER.writeValueAsString(this) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("aggregate does not serialise", e);
    }
  }

  /** Writes the JSON atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.writeString(file, toJson());
  }
}
