package org.xxact.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xxact.crystal.InputException;
import org.xxact.data.AtomicFiles;
import org.xxact.data.TargetSpec;
import org.xxact.model.ConfigTree;

/**
 * The files of one training run:
 *
 * <pre>
 * config.json         effective RunConfig
 * run.json            RunInfo: seed, git revision, dataset manifest checksum, threads, parameter count
 * targets.json        the TargetSpecs (normalisation statistics, class names)
 * metrics.jsonl       one EvaluationRecord per line
 * checkpoints/last.ckpt   parameters + optimiser state + TrainingState (resumption)
 * checkpoints/best.ckpt   parameters + TrainingState of the best evaluation (inference, fine-tuning)
 * baseline/           a copy of the trained run this model corrects, when it has one (org.xxact.model.Baseline)
 * </pre>
 *
 * Every file except the append-only metrics is written atomically (temporary file, then rename).
 */
public final class RunDirectory {
  public static final String CONFIG = "config.json";
  public static final String RUN_INFO = "run.json";
  public static final String TARGETS = "targets.json";
  public static final String METRICS = "metrics.jsonl";
  public static final String CHECKPOINTS = "checkpoints";
  /** Folder of the run a model corrects (see {@link org.xxact.model.Baseline}), itself a run directory. */
  public static final String BASELINE = "baseline";

  private static final ObjectMapper JSON = ConfigTree.mapper();
  private static final ObjectMapper JSON_LINE = new ObjectMapper();

  private final Path path;
  private final RunConfig config;
  private final List<TargetSpec> targets;

  private RunDirectory(Path path, RunConfig config, List<TargetSpec> targets) {
    this.path = path;
    this.config = config;
    this.targets = List.copyOf(targets);
  }

  /**
   * Starts a new run directory (created if missing).
   *
   * @throws IllegalStateException when it already holds a checkpoint (resume it instead)
   */
  public static RunDirectory create(Path path, RunConfig config, List<TargetSpec> targets, RunInfo info)
      throws IOException {
    if (hasCheckpoint(path)) {
      throw new IllegalStateException("run directory " + path + " already holds a run; resume it or choose another");
    }
    Files.createDirectories(path.resolve(CHECKPOINTS));
    AtomicFiles.writeString(path.resolve(CONFIG), ConfigTree.toJson(config));
    AtomicFiles.writeString(path.resolve(RUN_INFO), JSON.writeValueAsString(info));
    AtomicFiles.writeString(path.resolve(TARGETS), JSON.writeValueAsString(targets));
    AtomicFiles.writeString(path.resolve(METRICS), "");
    return new RunDirectory(path, config, targets);
  }

  /** Opens an existing run directory (its configuration and targets). */
  public static RunDirectory open(Path path) throws IOException {
    Path configFile = path.resolve(CONFIG);
    if (!Files.exists(configFile)) {
      throw new InputException(path.toString(), 0, "not a run directory (no " + CONFIG + ")");
    }
    RunConfig config = ConfigTree.parse(Files.readString(configFile), RunConfig.class, configFile.toString());
    List<TargetSpec> targets =
        JSON.readValue(path.resolve(TARGETS).toFile(), new TypeReference<List<TargetSpec>>() {});
    return new RunDirectory(path, config, targets);
  }

  public Path path() {
    return path;
  }

  public RunConfig config() {
    return config;
  }

  public List<TargetSpec> targets() {
    return targets;
  }

  /** Whether the run has prediction heads; a pretraining run has none (its targets list is empty). */
  public boolean hasHeads() {
    return !targets.isEmpty();
  }

  /**
   * This run, for predicting or scoring: a run without prediction heads has nothing to predict and is an input error
   * that says what it is for.
   */
  public RunDirectory requireHeads() {
    if (!hasHeads()) {
      throw new InputException(
          path.toString(),
          0,
          "the model has no prediction heads (pretrained encoders); fine-tune it first with xxact train --init " + path);
    }
    return this;
  }

  /** The provenance record. */
  public RunInfo info() throws IOException {
    return JSON.readValue(path.resolve(RUN_INFO).toFile(), RunInfo.class);
  }

  /**
   * Checks that {@code data} comes from the dataset the run was trained on (the manifest checksum in run.json).
   *
   * @throws InputException when the checksums differ
   */
  public void checkDataset(TrainingData data) throws IOException {
    String recorded = info().datasetManifestChecksum();
    if (recorded != null && !recorded.equals(data.manifestChecksum())) {
      throw new InputException(
          path.toString(), 0, "the run was trained on another dataset (manifest checksum " + recorded + ")");
    }
  }

  /** Appends one evaluation to {@code metrics.jsonl}. */
  public void appendMetrics(EvaluationRecord record) throws IOException {
    Files.writeString(
        path.resolve(METRICS),
        JSON_LINE.writeValueAsString(record) + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** Every evaluation recorded so far, in order. */
  public List<EvaluationRecord> readMetrics() throws IOException {
    List<EvaluationRecord> out = new ArrayList<>();
    Path file = path.resolve(METRICS);
    if (!Files.exists(file)) {
      return out;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        out.add(JSON_LINE.readValue(line, EvaluationRecord.class));
      }
    }
    return out;
  }

  /** Drops evaluations after {@code step} (written after the checkpoint a resumed run restarts from). */
  void truncateMetricsAfter(long step) throws IOException {
    StringBuilder kept = new StringBuilder();
    for (EvaluationRecord r : readMetrics()) {
      if (r.step() <= step) {
        kept.append(JSON_LINE.writeValueAsString(r)).append('\n');
      }
    }
    AtomicFiles.writeString(path.resolve(METRICS), kept.toString());
  }

  /** Writes a checkpoint atomically. */
  void writeCheckpoint(Checkpoint.Kind kind, Checkpoint checkpoint) throws IOException {
    Map<String, TensorFile.Tensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> e : checkpoint.parameters().entrySet()) {
      tensors.put("param/" + e.getKey(), new TensorFile.Tensor(checkpoint.shapes().get(e.getKey()), e.getValue()));
    }
    for (Map.Entry<String, float[]> e : checkpoint.moments().entrySet()) {
      String name = e.getKey().substring(2);
      tensors.put(e.getKey(), new TensorFile.Tensor(checkpoint.shapes().get(name), e.getValue()));
    }
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("state", checkpoint.state());
    header.put("optimizerUpdates", checkpoint.optimizerUpdates());
    TensorFile.write(checkpointPath(path, kind), JSON_LINE.writeValueAsString(header), tensors);
  }

  /** Reads a checkpoint, or empty when the run has none of that kind. */
  public Optional<Checkpoint> readCheckpoint(Checkpoint.Kind kind) throws IOException {
    Path file = checkpointPath(path, kind);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    TensorFile.Contents contents = TensorFile.read(file);
    Map<String, Object> header = JSON_LINE.readValue(contents.headerJson(), new TypeReference<>() {});
    TrainingState state = JSON_LINE.convertValue(header.get("state"), TrainingState.class);
    long updates = ((Number) header.get("optimizerUpdates")).longValue();
    Map<String, float[]> parameters = new LinkedHashMap<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    Map<String, float[]> moments = new LinkedHashMap<>();
    for (Map.Entry<String, TensorFile.Tensor> e : contents.tensors().entrySet()) {
      String key = e.getKey();
      if (key.startsWith("param/")) {
        parameters.put(key.substring(6), e.getValue().values());
        shapes.put(key.substring(6), e.getValue().shape());
      } else {
        moments.put(key, e.getValue().values());
      }
    }
    return Optional.of(new Checkpoint(state, parameters, shapes, moments, updates));
  }

  /**
   * Stores a copy of the trained run {@code source} as this run's baseline, so that the run directory stays a complete
   * model wherever it is moved: the source's configuration, targets, provenance, metrics and the checkpoint inference
   * reads (best, else last), and, recursively, the baseline the source corrects itself. The copy is made in a
   * temporary folder and renamed, so a killed copy leaves no half baseline.
   *
   * @throws InputException when {@code source} is not a run directory with a checkpoint
   */
  void storeBaseline(Path source) throws IOException {
    Path target = path.resolve(BASELINE);
    Path partial = path.resolve(BASELINE + AtomicFiles.TEMP_SUFFIX);
    AtomicFiles.deleteRecursively(partial);
    copyModel(source, partial);
    AtomicFiles.deleteRecursively(target);
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void copyModel(Path source, Path target) throws IOException {
    open(source);
    Checkpoint.Kind kind =
        Files.exists(checkpointPath(source, Checkpoint.Kind.BEST)) ? Checkpoint.Kind.BEST : Checkpoint.Kind.LAST;
    if (!Files.exists(checkpointPath(source, kind))) {
      throw new InputException(source.toString(), 0, "run has no checkpoint");
    }
    Files.createDirectories(target.resolve(CHECKPOINTS));
    for (String file : List.of(CONFIG, RUN_INFO, TARGETS, METRICS)) {
      if (Files.exists(source.resolve(file))) {
        Files.copy(source.resolve(file), target.resolve(file));
      }
    }
    Files.copy(checkpointPath(source, kind), checkpointPath(target, kind));
    if (Files.isDirectory(source.resolve(BASELINE))) {
      copyModel(source.resolve(BASELINE), target.resolve(BASELINE));
    }
  }

  /** Whether {@code path} holds a run that can be resumed (it has a last checkpoint). */
  public static boolean hasCheckpoint(Path path) {
    return Files.exists(checkpointPath(path, Checkpoint.Kind.LAST));
  }

  static Path checkpointPath(Path run, Checkpoint.Kind kind) {
    return run.resolve(CHECKPOINTS).resolve(kind.fileName());
  }

}
