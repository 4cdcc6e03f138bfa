package org.xxact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * One direction of the fusion: tokens of one modality attend to the tokens of the other, as residual updates scaled by
 * learned gates that start at zero (tanh(gate) * update, as in Flamingo, Alayrac et al. 2022). With the gates at zero the
 * block is the identity, so the fused model starts as the unimodal model it extends and opens the gate only where the
 * other modality lowers the loss.
 *
 * <p>x + tanh(a) * CrossAttn(LN(x), LN(context)), then x + tanh(f) * FFN(LN(x)).
 */
final class GatedCrossAttentionBlock {
  private final LayerNorm queryNorm;
  private final LayerNorm contextNorm;
  private final MultiHeadAttention attention;
  private final NDArray attentionGate;
  private final LayerNorm ffnNorm;
  private final FeedForward ffn;
  private final NDArray ffnGate;

  GatedCrossAttentionBlock(ParameterStore store, String name, ModelConfig config) {
    int d = config.dModel();
    this.queryNorm = new LayerNorm(store, name + ".query_norm", d, config.layerNormEps());
    this.contextNorm = new LayerNorm(store, name + ".context_norm", d, config.layerNormEps());
    this.attention = new MultiHeadAttention(store, name + ".attention", d, config.numHeads());
    this.attentionGate = store.constant(name + ".attention_gate", new Shape(1), 0f);
    this.ffnNorm = new LayerNorm(store, name + ".ffn_norm", d, config.layerNormEps());
    this.ffn = new FeedForward(store, name + ".ffn", d, config.ffnDim());
    this.ffnGate = store.constant(name + ".ffn_gate", new Shape(1), 0f);
  }

  /**
   * @param x [B, Tq, d] tokens being updated
   * @param context [B, Tk, d] tokens of the other modality (pre-update)
   * @param contextBias [B, 1, 1, Tk] padding bias of the context, or null
   */
  NDArray apply(NDArray x, NDArray context, NDArray contextBias, ForwardContext ctx) {
    NDArray update = attention.apply(queryNorm.apply(x), contextNorm.apply(context), contextBias, ctx);
    x = x.add(ctx.dropout(update).mul(attentionGate.tanh()));
    return x.add(ctx.dropout(ffn.apply(ffnNorm.apply(x))).mul(ffnGate.tanh()));
  }
}
