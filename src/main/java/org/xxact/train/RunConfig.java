package org.xxact.train;

import java.nio.file.Path;
import java.util.List;
import org.xxact.model.ConfigTree;
import org.xxact.model.ModelConfig;

/**
 * The effective configuration of a training run: the model, the training settings and the use of the data. Written to
 * the run directory as {@code config.json}; read back with the defaults, a JSON file and {@code key=value} overrides
 * ({@code model.dModel=96}, {@code train.learningRate=1e-3}, {@code data.trainSubset=1000}).
 */
public record RunConfig(ModelConfig model, TrainConfig train, DataConfig data) {
  public RunConfig {
    if (model == null || train == null || data == null) {
      throw new IllegalArgumentException("a run configuration needs model, train and data sections");
    }
  }

  public static RunConfig defaults() {
    return new RunConfig(ModelConfig.defaults(), TrainConfig.defaults(), DataConfig.defaults());
  }

  /**
   * Defaults, then {@code jsonFile} (null for none), then {@code overrides}.
   *
   * @throws org.xxact.crystal.InputException naming the file or override that is wrong
   */
  public static RunConfig resolve(Path jsonFile, List<String> overrides) {
    return ConfigTree.resolve(defaults(), RunConfig.class, jsonFile, overrides);
  }

  public RunConfig withModel(ModelConfig newModel) {
    return new RunConfig(newModel, train, data);
  }

  public RunConfig withTrain(TrainConfig newTrain) {
    return new RunConfig(model, newTrain, data);
  }

  public RunConfig withData(DataConfig newData) {
    return new RunConfig(model, train, newData);
  }
}
