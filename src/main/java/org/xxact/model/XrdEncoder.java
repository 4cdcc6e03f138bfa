package org.xxact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Powder pattern as a sequence of patches, as a vision transformer treats an image (Dosovitskiy et al. 2021): the grid
 * is cut into {@code numPatches} patches of {@code patchSize} points, each embedded by the configured
 * {@link XrdStem} (a linear map, or a convolutional network), plus a learned position per patch, then pre-LN
 * self-attention blocks and a final LayerNorm. With {@link ModelConfig#peakTokens()} the strongest resolved peaks join
 * the patch tokens as tokens of their own ({@link PeakEncoding}), whose features carry their positions.
 *
 * <p>Masked XRD modelling replaces chosen patch embeddings by a learned [MASK] token before the positions are added
 * (the patch mask of {@link ModelInputs}), as in masked autoencoding of BERT and of masked image modelling.
 */
final class XrdEncoder {
  /** Initial standard deviation of positions and the [MASK] token (BERT/ViT convention). */
  private static final double TOKEN_INIT_STD = 0.02;

  private final Linear patchEmbedding;
  private final ConvolutionalStem convolutionalStem;
  private final NDArray positions;
  private final NDArray maskToken;
  private final Linear peakEmbedding;
  private final List<TransformerBlock> blocks = new ArrayList<>();
  private final LayerNorm finalNorm;

  XrdEncoder(ParameterStore store, ModelConfig config) {
    int d = config.dModel();
    boolean conv = config.xrdStem() == XrdStem.CONV;
    this.patchEmbedding = conv ? null : new Linear(store, "xrd.patch_embedding", config.patchSize(), d);
    this.convolutionalStem = conv ? new ConvolutionalStem(store, "xrd.stem", config) : null;
    this.positions = store.normalNoDecay("xrd.positions", new Shape(config.numPatches(), d), TOKEN_INIT_STD);
    this.maskToken = store.normalNoDecay("xrd.mask_token", new Shape(d), TOKEN_INIT_STD);
    this.peakEmbedding =
        config.peakTokens() > 0 ? new Linear(store, "xrd.peak_embedding", PeakEncoding.FEATURES, d) : null;
    for (int i = 0; i < config.xrdLayers(); i++) {
      blocks.add(new TransformerBlock(store, "xrd.block" + i, config));
    }
    this.finalNorm = new LayerNorm(store, "xrd.final_norm", d, config.layerNormEps());
  }

  /** @return [B, P + K, d] the P patch tokens, then the K peak tokens (K = {@link ModelConfig#peakTokens()}) */
  NDArray apply(ModelInputs inputs, ForwardContext ctx) {
    NDArray x =
        convolutionalStem != null
            ? convolutionalStem.apply(inputs.xrdPatches)
            : patchEmbedding.apply(inputs.xrdPatches);
    if (inputs.patchMask != null) {
      x = x.mul(inputs.patchKeep).add(inputs.patchMask.mul(maskToken));
    }
    x = x.add(positions);
    if (peakEmbedding != null) {
      x = x.concat(peakEmbedding.apply(inputs.peakFeatures), 1);
    }
    for (TransformerBlock block : blocks) {
      x = block.apply(x, null, ctx);
    }
    return finalNorm.apply(x);
  }
}
