package org.xxact.train;

/**
 * Linear warm-up from 0 to the peak, then cosine decay to {@code peak * minRatio} at the last step (Loshchilov and
 * Hutter, SGDR, 2017; warm-up as in Goyal et al. 2017). A function of the step only, so a resumed run gets the same rate.
 */
public record LearningRateSchedule(double peak, double minRatio, long warmupSteps, long totalSteps) {
  public LearningRateSchedule {
    if (totalSteps <= 0 || warmupSteps < 0 || warmupSteps > totalSteps) {
      throw new IllegalArgumentException("need 0 <= warmupSteps <= totalSteps and totalSteps > 0");
    }
  }

  /** Rate of optimiser step {@code step} (0-based). */
  public double rate(long step) {
    if (step < warmupSteps) {
      return peak * (step + 1) / warmupSteps;
    }
    long decaySteps = Math.max(1, totalSteps - warmupSteps);
    double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
    double min = peak * minRatio;
    return min + (peak - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }
}
