package org.xxact.train;

import java.util.List;
import org.xxact.model.DjlRuntime;
import org.xxact.model.Modality;

/**
 * Small models for fast tests: d 32, one block per encoder, perceptrons 32 wide, a 512-point grid in 16 patches, one
 * thread.
 */
public final class TinyConfigs {
  public static final int GRID_POINTS = 512;

  static {
    // One intra-op thread: tiny models gain nothing from two, and two spin-waiting OpenMP threads slow down badly when
    // the 2-core machine is shared.
    DjlRuntime.engine(1);
  }

  private TinyConfigs() {}

  public static RunConfig tiny(Modality modality, String... overrides) {
    List<String> all = new java.util.ArrayList<>(List.of(
        "model.modality=" + modality.name(),
        "model.dModel=32",
        "model.numHeads=2",
        "model.ffnDim=64",
        "model.compositionLayers=1",
        "model.xrdLayers=1",
        "model.fusionLayers=1",
        "model.gridPoints=" + GRID_POINTS,
        "model.patchSize=32",
        "model.headHiddenDim=32",
        "model.fractionMlpDim=32",
        "model.patternMlpDim=32",
        "model.dropout=0.1",
        "train.batchSize=32",
        "train.learningRate=3e-3",
        "train.threads=1"));
    all.addAll(List.of(overrides));
    return RunConfig.resolve(null, all);
  }
}
