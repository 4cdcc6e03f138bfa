package org.xxact.train;

import java.util.Map;

/**
 * A saved point of a run: its state, the parameters and (for the last checkpoint, which resumption needs) the optimiser
 * moments. The best checkpoint, used for inference and fine-tuning, holds no optimiser state.
 *
 * @param state where the run stood
 * @param parameters parameter values by name
 * @param shapes parameter shapes by name
 * @param moments AdamW moments ("m/NAME", "v/NAME"); empty in a best checkpoint
 * @param optimizerUpdates AdamW updates applied (bias correction)
 */
public record Checkpoint(
    TrainingState state,
    Map<String, float[]> parameters,
    Map<String, long[]> shapes,
    Map<String, float[]> moments,
    long optimizerUpdates) {

  /** File names of the two checkpoints in a run's {@code checkpoints/} folder. */
  public enum Kind {
    LAST("last.ckpt"),
    BEST("best.ckpt");

    private final String fileName;

    Kind(String fileName) {
      this.fileName = fileName;
    }

    public String fileName() {
      return fileName;
    }
  }
}
