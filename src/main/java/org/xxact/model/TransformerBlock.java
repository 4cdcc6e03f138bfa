package org.xxact.model;

import ai.djl.ndarray.NDArray;

/**
 * Pre-LayerNorm transformer encoder block (Xiong et al. 2020, "On layer normalization in the transformer
 * architecture"): x + Attn(LN(x)), then x + FFN(LN(x)). Pre-LN trains stably without a long warm-up, which matters for
 * the short CPU budgets of this project.
 */
final class TransformerBlock {
  private final LayerNorm attentionNorm;
  private final MultiHeadAttention attention;
  private final LayerNorm ffnNorm;
  private final FeedForward ffn;

  TransformerBlock(ParameterStore store, String name, ModelConfig config) {
    this.attentionNorm = new LayerNorm(store, name + ".attention_norm", config.dModel(), config.layerNormEps());
    this.attention = new MultiHeadAttention(store, name + ".attention", config.dModel(), config.numHeads());
    this.ffnNorm = new LayerNorm(store, name + ".ffn_norm", config.dModel(), config.layerNormEps());
    this.ffn = new FeedForward(store, name + ".ffn", config.dModel(), config.ffnDim());
  }

  /**
   * @param x [B, T, d]
   * @param keyBias [B, 1, 1, T] padding bias or null
   */
  NDArray apply(NDArray x, NDArray keyBias, ForwardContext ctx) {
    NDArray h = attentionNorm.apply(x);
    x = x.add(ctx.dropout(attention.apply(h, h, keyBias, ctx)));
    return x.add(ctx.dropout(ffn.apply(ffnNorm.apply(x))));
  }
}
