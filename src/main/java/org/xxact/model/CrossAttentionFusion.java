package org.xxact.model;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * Bidirectional gated cross-attention between the two token sequences: in each layer composition tokens query XRD
 * tokens and XRD tokens query composition tokens (both from the previous layer's tokens), each update gated by
 * {@link GatedCrossAttentionBlock}. All gates start at zero, so at initialisation the fusion is the identity.
 */
final class CrossAttentionFusion {
  private final List<GatedCrossAttentionBlock> compositionFromXrd = new ArrayList<>();
  private final List<GatedCrossAttentionBlock> xrdFromComposition = new ArrayList<>();

  CrossAttentionFusion(ParameterStore store, ModelConfig config) {
    for (int i = 0; i < config.fusionLayers(); i++) {
      compositionFromXrd.add(new GatedCrossAttentionBlock(store, "fusion.layer" + i + ".composition_from_xrd", config));
      xrdFromComposition.add(new GatedCrossAttentionBlock(store, "fusion.layer" + i + ".xrd_from_composition", config));
    }
  }

  /** @return {composition tokens, XRD tokens} after fusion */
  NDArray[] apply(NDArray composition, NDArray xrd, ModelInputs inputs, ForwardContext ctx) {
    for (int i = 0; i < compositionFromXrd.size(); i++) {
      NDArray newComposition = compositionFromXrd.get(i).apply(composition, xrd, null, ctx);
      NDArray newXrd = xrdFromComposition.get(i).apply(xrd, composition, inputs.compositionKeyBias, ctx);
      composition = newComposition;
      xrd = newXrd;
    }
    return new NDArray[] {composition, xrd};
  }
}
