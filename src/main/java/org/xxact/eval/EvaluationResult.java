package org.xxact.eval;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xxact.crystal.InputException;
import org.xxact.data.AtomicFiles;

/**
 * The scores of every target of one model on one evaluation set, in target order. Its JSON is an object keyed by target
 * name:
 *
 * <pre>{@code
 * {"formation_energy_per_atom": {"mae": 0.08, "rmse": 0.12, "r2": 0.97, "n": 3674},
 *  "crystal_system": {"accuracy": 0.81, "macro_f1": 0.74, "n": 3674}}
 * }</pre>
 *
 * A regression entry has {@code mae}, {@code rmse}, {@code r2}, {@code n}; a classification entry {@code accuracy},
 * {@code macro_f1}, {@code n} and, for a two-class target scored from outputs, {@code roc_auc}. An undefined score (R2 of
 * constant labels) is written as the string "NaN", as Jackson writes non-finite numbers.
 */
public final class EvaluationResult {
  private final Map<String, TargetMetrics> targets;

  /** @param targets scores by target name; iteration order is kept */
  public EvaluationResult(Map<String, ? extends TargetMetrics> targets) {
    this.targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
  }

  /** Scores by target name, in target order. */
  @JsonValue
  public Map<String, TargetMetrics> targets() {
    return targets;
  }

  /** The scores of one target, or null when it was not scored. */
  public TargetMetrics get(String target) {
    return targets.get(target);
  }

  /** Indented JSON text (see the class comment). */
  public String toJson() {
    try {
      return Json.MAPPER.writeValueAsString(this) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("scores do not serialise", e);
    }
  }

  /** Writes the JSON atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.writeString(file, toJson());
  }

  /**
   * Reads a result file written by {@link #write}.
   *
   * @throws InputException when the file is missing or is not such a result
   */
  public static EvaluationResult read(Path file) {
    try {
      return fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (NoSuchFileException e) {
      throw new InputException(file.toString(), 0, "no such file");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Parses the JSON of a result.
   *
   * @param source names the text in error messages
   * @throws InputException for text that is not such a result
   */
  public static EvaluationResult fromJson(String json, String source) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InputException(
          source, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InputException(source, 0, "an evaluation result is a JSON object keyed by target name");
    }
    Map<String, TargetMetrics> targets = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Class<? extends TargetMetrics> type;
      if (e.getValue().has("mae")) {
        type = RegressionMetrics.class;
      } else if (e.getValue().has("accuracy")) {
        type = ClassificationMetrics.class;
      } else {
        throw new InputException(
            source, 0, "target '" + e.getKey() + "' has neither 'mae' (regression) nor 'accuracy' (classification)");
      }
      try {
        targets.put(e.getKey(), Json.MAPPER.treeToValue(e.getValue(), type));
      } catch (JsonProcessingException ex) {
        throw new InputException(source, 0, "target '" + e.getKey() + "': " + ex.getOriginalMessage());
      }
    }
    return new EvaluationResult(targets);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EvaluationResult r && r.targets.equals(targets);
  }

  @Override
  public int hashCode() {
    return targets.hashCode();
  }

  @Override
  public String toString() {
    return targets.toString();
  }
}
