package org.xxact.train;

/**
 * The exception a test throws from a {@link TrainingListener} to stop a run the way a killed process would: after the
 * checkpoints written so far, before the rest. The run is then resumed and compared with one that was never stopped.
 */
final class SimulatedKill extends IllegalStateException {
  SimulatedKill() {
    super("simulated kill");
  }

  /** A listener that kills the run when step {@code step} has been taken. */
  static TrainingListener atStep(long step) {
    return new TrainingListener() {
      @Override
      public void onStep(long current, int epoch, double loss) {
        if (current == step) {
          throw new SimulatedKill();
        }
      }
    };
  }
}
