package org.xxact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * Convolutional front end of the XRD encoder ({@link XrdStem#CONV}): conv(1 -> d/4, kernel 9) - GELU - max-pool 4 -
 * conv(d/4 -> d/2, kernel 5) - GELU - max-pool 4 - conv(d/2 -> d, kernel and stride patchSize/16), giving one token per
 * patch of {@code patchSize} grid points.
 *
 * <p>Why: a linear patch embedding sees a peak as a different input vector for every offset within its patch and must
 * learn position-equivariance from data, while a peak's position to a fraction of a degree is what tells lattices
 * apart. Convolutions at full resolution detect peaks wherever they fall, and max pooling keeps the strongest response
 * with tolerance to the small shifts of strain and zero error, as in the 1-D CNNs that classify crystal systems and
 * space groups from powder patterns (Park et al., IUCrJ 4, 486 (2017); Oviedo et al., npj Comput. Mater. 5, 60 (2019)).
 * The receptive field of a token is its own patch plus 12 grid points on each side, so a masked patch (zeroed in the
 * input) cannot reach the tokens of its neighbours except through those zeros.
 */
final class ConvolutionalStem {
  /** Downsampling of each max-pooling layer. */
  private static final int POOL = 4;
  /** Kernel of the first, full-resolution convolution: a peak of a few grid points plus its flanks. */
  private static final int FIRST_KERNEL = 9;
  /** Kernel of the second convolution, at a quarter of the resolution. */
  private static final int SECOND_KERNEL = 5;

  private final NDArray weight1;
  private final NDArray bias1;
  private final NDArray weight2;
  private final NDArray bias2;
  private final NDArray weight3;
  private final NDArray bias3;
  private final int lastKernel;

  ConvolutionalStem(ParameterStore store, String name, ModelConfig config) {
    int d = config.dModel();
    if (config.patchSize() % (POOL * POOL) != 0) {
      throw new IllegalArgumentException(
          "the convolutional XRD stem needs a patchSize divisible by " + POOL * POOL + ", got " + config.patchSize());
    }
    int c1 = d / 4;
    int c2 = d / 2;
    this.lastKernel = config.patchSize() / (POOL * POOL);
    this.weight1 = store.convolutionWeight(name + ".conv1.weight", c1, 1, FIRST_KERNEL);
    this.bias1 = store.constant(name + ".conv1.bias", new Shape(c1), 0f);
    this.weight2 = store.convolutionWeight(name + ".conv2.weight", c2, c1, SECOND_KERNEL);
    this.bias2 = store.constant(name + ".conv2.bias", new Shape(c2), 0f);
    this.weight3 = store.convolutionWeight(name + ".conv3.weight", d, c2, lastKernel);
    this.bias3 = store.constant(name + ".conv3.bias", new Shape(d), 0f);
  }

  /**
   * @param signal [B, 1, gridPoints] intensities
   * @return [B, numPatches, d] patch tokens
   */
  NDArray apply(NDArray signal) {
    NDArray x = convolve(signal, weight1, bias1, 1, FIRST_KERNEL / 2);
    x = Activation.gelu(x).getNDArrayInternal().maxPool(new Shape(POOL), new Shape(POOL), new Shape(0), false);
    x = convolve(x, weight2, bias2, 1, SECOND_KERNEL / 2);
    x = Activation.gelu(x).getNDArrayInternal().maxPool(new Shape(POOL), new Shape(POOL), new Shape(0), false);
    x = convolve(x, weight3, bias3, lastKernel, 0);
    return x.transpose(0, 2, 1);
  }

  private static NDArray convolve(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
    return x.getNDArrayInternal()
        .convolution(x, weight, bias, new Shape(stride), new Shape(padding), new Shape(1), 1)
        .singletonOrThrow();
  }
}
