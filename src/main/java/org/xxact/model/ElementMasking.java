package org.xxact.model;

import java.util.SplittableRandom;
import org.xxact.data.Batch;

/**
 * Draws the hidden elements of masked element modelling ({@link PretrainingConfig#usesMaskedElements()}): one element
 * of each composition, chosen uniformly among its elements, is replaced by the [MASK] element and must be named from
 * the rest of the composition (and, in the fused model, the pattern). A composition of one element keeps it: with
 * nothing left to read it from, the task would only teach the frequency of unary phases. As with
 * {@link PatchMasking}, the draw depends only on the generator, so a run seeded by (seed, step) hides the same elements
 * after a resume.
 */
public final class ElementMasking {
  /**
   * Element id of the [MASK] element. Id 0 is no element (Z starts at 1), so its row of the element embedding is free to
   * be learned as the mask token, and index 0 of the element-fraction vector holds the fraction of the hidden element.
   */
  public static final int MASK_ID = 0;
  /** Slot value of a sample whose composition keeps every element. */
  public static final int NONE = -1;

  private ElementMasking() {}

  /**
   * @return [B] the slot (0 to {@link Batch#maxElements()} - 1) of the hidden element of each sample, or {@link #NONE}
   *     for a composition of one element
   */
  public static int[] draw(Batch batch, SplittableRandom rng) {
    int e = batch.maxElements();
    int[] slots = new int[batch.size()];
    int[] real = new int[e];
    for (int i = 0; i < slots.length; i++) {
      int count = 0;
      for (int j = 0; j < e; j++) {
        if (isElement(batch, i * e + j)) {
          real[count++] = j;
        }
      }
      slots[i] = count < 2 ? NONE : real[rng.nextInt(count)];
    }
    return slots;
  }

  /** Whether flat slot {@code k} of {@code batch} holds an element rather than padding. */
  static boolean isElement(Batch batch, int k) {
    return batch.elementMask()[k] > 0 && batch.elementIds()[k] > 0;
  }
}
