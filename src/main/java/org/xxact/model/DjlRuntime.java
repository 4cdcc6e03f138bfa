package org.xxact.model;

import ai.djl.engine.Engine;

/**
 * The one place that starts the PyTorch engine: thread counts are fixed before the engine loads (PyTorch reads them
 * once), so that runs are reproducible on CPU and do not oversubscribe small machines.
 *
 * <p>What is reproducible: with the same thread count, seed and data, training on CPU gives bit-identical parameters
 * (PyTorch's CPU kernels are deterministic for a fixed thread count); a resumed run continues identically because every
 * random draw (initialisation, dropout, data order) is derived from the seed and the step or epoch, never from a hidden
 * generator state.
 */
public final class DjlRuntime {
  /** System property DJL reads for PyTorch intra-op threads. */
  public static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";
  /** System property DJL reads for PyTorch inter-op threads. */
  public static final String INTEROP_THREADS_PROPERTY = "ai.djl.pytorch.num_interop_threads";

  private DjlRuntime() {}

  /**
   * Starts the engine with {@code threads} intra-op threads (unless the property was already set, for example on the
   * command line) and one inter-op thread. Later calls return the running engine; the first call decides the threads.
   */
  public static synchronized Engine engine(int threads) {
    if (threads > 0 && System.getProperty(THREADS_PROPERTY) == null) {
      System.setProperty(THREADS_PROPERTY, Integer.toString(threads));
    }
    if (System.getProperty(INTEROP_THREADS_PROPERTY) == null) {
      System.setProperty(INTEROP_THREADS_PROPERTY, "1");
    }
    return Engine.getEngine("PyTorch");
  }

  /** Threads of the running engine's intra-op pool. */
  public static int threads() {
    return ai.djl.pytorch.jni.JniUtils.getNumThreads();
  }

  /** Seeds the engine's generator (dropout masks); called with a per-step seed so that a resumed run draws the same. */
  public static void seed(long seed) {
    engine(0).setRandomSeed((int) (seed ^ (seed >>> 32)));
  }
}
