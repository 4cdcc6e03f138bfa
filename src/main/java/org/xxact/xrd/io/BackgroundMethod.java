package org.xxact.xrd.io;

/** How the preprocessor estimates the background of a measured pattern (see {@link BackgroundRemoval}). */
public enum BackgroundMethod {
  /** Statistics-sensitive non-linear iterative peak clipping with the LLS operator (the default for measured data). */
  SNIP,
  /** A morphological opening with a flat window followed by smoothing ("rolling ball" of large radius). */
  ROLLING_BALL,
  /** No background removal (for patterns already background-subtracted, or simulated ones). */
  NONE
}
