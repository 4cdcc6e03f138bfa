package org.xxact.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.xxact.crystal.InputException;
import org.xxact.data.AtomicFiles;
import org.xxact.data.TargetSpec;
import org.xxact.model.EnsembleModel;
import org.xxact.model.PropertyModel;
import org.xxact.model.XxactModel;

/**
 * A directory that {@code predict} and {@code evaluate} read as one model: a trained run directory with prediction
 * heads, or an ensemble directory whose {@value #ENSEMBLE} lists trained run directories, paths relative to the
 * ensemble directory:
 *
 * <pre>
 * {"members": ["../mp36k-fused", "seed7"]}
 * </pre>
 *
 * An ensemble's members are combined by {@link EnsembleModel}; they must read the same inputs and predict the same
 * targets, which is checked when the directory is opened, before any network is built.
 */
public final class ModelDirectory {
  /** The file that makes a directory an ensemble. */
  public static final String ENSEMBLE = "ensemble.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<RunDirectory> members;
  private final boolean ensemble;

  private ModelDirectory(List<RunDirectory> members, boolean ensemble) {
    this.members = List.copyOf(members);
    this.ensemble = ensemble;
  }

  /**
   * Opens a run directory with prediction heads, or an ensemble of them.
   *
   * @throws InputException naming {@value #ENSEMBLE} (and its line where the JSON is malformed) or the member that is
   *     missing, has no heads or does not fit the others
   */
  public static ModelDirectory open(Path path) throws IOException {
    Path file = path.resolve(ENSEMBLE);
    if (!Files.exists(file)) {
      return new ModelDirectory(List.of(RunDirectory.open(path).requireHeads()), false);
    }
    return ofMembers(path, file, readMembers(file));
  }

  /** The ensemble of {@code members} (relative to {@code path}); errors name {@code file}, the list's home. */
  private static ModelDirectory ofMembers(Path path, Path file, List<Path> members) throws IOException {
    Path base = path.toAbsolutePath().normalize();
    LinkedHashSet<Path> seen = new LinkedHashSet<>();
    List<RunDirectory> runs = new ArrayList<>();
    for (Path member : members) {
      Path resolved = base.resolve(member).normalize();
      if (!seen.add(resolved)) {
        throw new InputException(file.toString(), 0, "member " + member + " is listed twice");
      }
      runs.add(RunDirectory.open(resolved).requireHeads());
    }
    try {
      EnsembleModel.checkCompatible(
          runs.stream().map(m -> m.config().model()).toList(), runs.stream().map(RunDirectory::targets).toList());
    } catch (IllegalArgumentException e) {
      throw new InputException(file.toString(), 0, e.getMessage());
    }
    return new ModelDirectory(runs, true);
  }

  private static List<Path> readMembers(Path file) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new InputException(
          file.toString(), e.getLocation() == null ? 0 : e.getLocation().getLineNr(), e.getOriginalMessage());
    }
    JsonNode list = root == null ? null : root.get("members");
    if (list == null || !list.isArray()) {
      throw new InputException(file.toString(), 0, "expected {\"members\": [\"RUN\", ...]}");
    }
    List<Path> members = new ArrayList<>();
    for (JsonNode m : list) {
      if (!m.isTextual() || m.asText().isBlank()) {
        throw new InputException(file.toString(), 0, "a member must be a run directory path, got " + m);
      }
      members.add(Path.of(m.asText()));
    }
    return members;
  }

  /**
   * Writes {@code ensembleDir}/{@value #ENSEMBLE} listing {@code members} relative to it, after checking that they
   * form an ensemble as {@link #open} does; the file is written atomically.
   *
   * @return the ensemble, opened
   */
  public static ModelDirectory writeEnsemble(Path ensembleDir, List<Path> members) throws IOException {
    Path base = ensembleDir.toAbsolutePath().normalize();
    List<Path> relative = members.stream().map(m -> base.relativize(m.toAbsolutePath().normalize())).toList();
    Path file = ensembleDir.resolve(ENSEMBLE);
    ModelDirectory opened = ofMembers(ensembleDir, file, relative);
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("members");
    relative.forEach(r -> list.add(r.toString()));
    Files.createDirectories(ensembleDir);
    AtomicFiles.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    return opened;
  }

  /** Whether this is an ensemble (several run directories) rather than one run. */
  public boolean isEnsemble() {
    return ensemble;
  }

  /** The run directories: one, or the ensemble's members in listed order. */
  public List<RunDirectory> members() {
    return members;
  }

  /** The run whose configuration fixes the inputs (data loading, XRD grid): the run itself, or the first member. */
  public RunDirectory first() {
    return members.get(0);
  }

  /** The targets, in prediction order (the same for every member). */
  public List<TargetSpec> targets() {
    return first().targets();
  }

  /**
   * The validation history that learning curves are drawn from: the run's own; an ensemble was not trained as one and
   * has none.
   */
  public List<EvaluationRecord> metrics() throws IOException {
    return ensemble ? List.of() : first().readMetrics();
  }

  /** Builds the model with each run's best checkpoint. The caller closes it. */
  public PropertyModel load() throws IOException {
    if (!ensemble) {
      return RunLoader.load(first());
    }
    List<XxactModel> loaded = new ArrayList<>(members.size());
    try {
      for (RunDirectory m : members) {
        loaded.add(RunLoader.load(m));
      }
    } catch (IOException | RuntimeException e) {
      loaded.forEach(XxactModel::close);
      throw e;
    }
    return EnsembleModel.of(loaded);
  }
}
