package org.xxact.train;

/**
 * Training produced a non-finite loss or gradient for too many consecutive steps: the learning rate is too high, the
 * data holds non-finite values, or the model diverged. The last good checkpoint is kept.
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingDivergedException(String message) {
    super(message);
  }
}
