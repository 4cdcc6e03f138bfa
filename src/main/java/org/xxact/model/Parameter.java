package org.xxact.model;

import ai.djl.ndarray.NDArray;

/**
 * A trainable tensor with its stable name (the key in checkpoints and for transfer between runs) and whether weight
 * decay applies to it (only weight matrices of linear maps; never biases, norms, embeddings, positions, tokens or gates).
 */
public record Parameter(String name, NDArray array, boolean decay) {}
