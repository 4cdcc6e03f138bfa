package org.xxact.model;

/** How the XRD encoder turns the intensity grid into one token per patch. */
public enum XrdStem {
  /** Each patch of {@code patchSize} points is embedded by one linear map, as a vision transformer embeds patches. */
  LINEAR,
  /**
   * A small 1-D convolutional network ({@link ConvolutionalStem}) detects peaks at full grid resolution and pools them
   * to one token per patch, so that a peak's position within its patch and its width reach the token.
   */
  CONV
}
