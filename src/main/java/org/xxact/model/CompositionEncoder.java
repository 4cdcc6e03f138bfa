package org.xxact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * Composition as a set of element tokens, after CrabNet (Wang et al., npj Comput. Mater. 7, 77 (2021)): token = learned
 * embedding of Z + 2^s * fraction encoding ({@link FractionEncoding}, s a learned per-channel log2 scale starting at 0),
 * then pre-LN self-attention blocks with a key-padding mask and a final LayerNorm. No positions: a composition is a set.
 */
final class CompositionEncoder {
  /** Standard deviation of the initial element embeddings, comparable to the unit-amplitude fraction encoding. */
  private static final double ELEMENT_EMBEDDING_STD = 1.0;

  private final NDArray elementEmbedding;
  private final NDArray fractionLog2Scale;
  private final List<TransformerBlock> blocks = new ArrayList<>();
  private final LayerNorm finalNorm;

  CompositionEncoder(ParameterStore store, ModelConfig config) {
    int d = config.dModel();
    this.elementEmbedding =
        store.normalNoDecay(
            "composition.element_embedding", new Shape(config.maxAtomicNumber() + 1, d), ELEMENT_EMBEDDING_STD);
    this.fractionLog2Scale = store.constant("composition.fraction_log2_scale", new Shape(d), 0f);
    for (int i = 0; i < config.compositionLayers(); i++) {
      blocks.add(new TransformerBlock(store, "composition.block" + i, config));
    }
    this.finalNorm = new LayerNorm(store, "composition.final_norm", d, config.layerNormEps());
  }

  /** @return [B, E, d] element tokens (padding tokens carry values that every consumer masks out) */
  NDArray apply(ModelInputs inputs, ForwardContext ctx) {
    NDArray ids = inputs.elementIds;
    NDArray embedded =
        ids.getNDArrayInternal().embedding(ids, elementEmbedding, SparseFormat.DENSE).singletonOrThrow();
    NDArray scale = fractionLog2Scale.mul(ctx.scalar(Math.log(2))).exp();
    NDArray x = embedded.add(inputs.fractionFeatures.mul(scale));
    for (TransformerBlock block : blocks) {
      x = block.apply(x, inputs.compositionKeyBias, ctx);
    }
    return finalNorm.apply(x);
  }
}
