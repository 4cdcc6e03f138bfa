package org.xxact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Owns the model's parameters in one long-lived {@link NDManager}. Each parameter is initialised from a generator
 * seeded by (model seed, parameter name), so a parameter's initial value does not depend on which other parameters the
 * model has: a fused and a composition-only model built with the same seed start with identical composition encoders
 * and heads. Initial values may instead come from a map (a checkpoint, or encoders of another run).
 */
public final class ParameterStore implements AutoCloseable {
  private final NDManager manager;
  private final long seed;
  private final Map<String, float[]> initialValues;
  private final Map<String, Parameter> parameters = new LinkedHashMap<>();

  /**
   * @param manager long-lived manager that will own the parameters (closed with this store)
   * @param seed initialisation seed
   * @param initialValues values by parameter name that replace the random initialisation (may be empty)
   */
  public ParameterStore(NDManager manager, long seed, Map<String, float[]> initialValues) {
    this.manager = manager;
    this.seed = seed;
    this.initialValues = Map.copyOf(initialValues);
  }

  /** Weight matrix [out, in] of a linear map, LeCun normal (std 1/sqrt(in)), decayed. */
  NDArray linearWeight(String name, int out, int in) {
    return add(name, new Shape(out, in), normal(name, out * in, 1.0 / Math.sqrt(in)), true);
  }

  /**
   * Weight [out, in] of a linear map that starts at zero, decayed: the output layer of a head that corrects a
   * {@link Baseline}, so that the corrected model starts exactly at the baseline.
   */
  NDArray zeroLinearWeight(String name, int out, int in) {
    return add(name, new Shape(out, in), new float[out * in], true);
  }

  /** Kernel [out, in, width] of a 1-D convolution, LeCun normal over its fan-in (std 1/sqrt(in * width)), decayed. */
  NDArray convolutionWeight(String name, int out, int in, int width) {
    return add(name, new Shape(out, in, width), normal(name, out * in * width, 1.0 / Math.sqrt(in * width)), true);
  }

  /** A parameter filled with {@code value}, not decayed (biases, norm gains and shifts, gates, scalers). */
  NDArray constant(String name, Shape shape, float value) {
    float[] v = new float[Math.toIntExact(shape.size())];
    java.util.Arrays.fill(v, value);
    return add(name, shape, v, false);
  }

  /** A normally distributed parameter, not decayed (embeddings, positions, learned tokens and queries). */
  NDArray normalNoDecay(String name, Shape shape, double std) {
    return add(name, shape, normal(name, Math.toIntExact(shape.size()), std), false);
  }

  private NDArray add(String name, Shape shape, float[] randomInit, boolean decay) {
    if (parameters.containsKey(name)) {
      throw new IllegalStateException("duplicate parameter " + name);
    }
    float[] values = initialValues.getOrDefault(name, randomInit);
    if (values.length != shape.size()) {
      throw new IllegalArgumentException(
          "parameter " + name + " has " + values.length + " values, the model needs shape " + shape);
    }
    NDArray array = manager.create(values, shape);
    array.setRequiresGradient(true);
    parameters.put(name, new Parameter(name, array, decay));
    return array;
  }

  private float[] normal(String name, int n, double std) {
    SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (rng.nextGaussian() * std);
    }
    return v;
  }

  /** All parameters in creation order. */
  public List<Parameter> parameters() {
    return Collections.unmodifiableList(new ArrayList<>(parameters.values()));
  }

  /** Number of scalar parameters. */
  public long count() {
    return parameters.values().stream().mapToLong(p -> p.array().size()).sum();
  }

  /** Current values by name (copies), in creation order. */
  public Map<String, float[]> values() {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Parameter p : parameters.values()) {
      out.put(p.name(), p.array().toFloatArray());
    }
    return out;
  }

  /** Current shapes by name, in creation order. */
  public Map<String, long[]> shapes() {
    Map<String, long[]> out = new LinkedHashMap<>();
    for (Parameter p : parameters.values()) {
      out.put(p.name(), p.array().getShape().getShape());
    }
    return out;
  }

  /** The long-lived manager (for optimizer state that must live as long as the parameters). */
  public NDManager manager() {
    return manager;
  }

  @Override
  public void close() {
    manager.close();
  }
}
