package org.xxact.model;

/** How a sequence of tokens becomes one vector. */
public enum PoolingKind {
  /** Mean over the real (unpadded) tokens. */
  MEAN,
  /** Softmax-weighted sum with a learned query (attention pooling), padding excluded. */
  ATTENTION
}
