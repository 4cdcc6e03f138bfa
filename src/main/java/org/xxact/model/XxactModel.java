package org.xxact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xxact.data.Batch;
import org.xxact.data.TargetSpec;

/**
 * The multimodal property model of XxaCT-NN (Subramanian et al., arXiv 2507.01054): a composition encoder
 * ({@link CompositionEncoder}), an XRD encoder ({@link XrdEncoder}), gated bidirectional cross-attention fusion
 * ({@link CrossAttentionFusion}), pooling to one material embedding and one head per target ({@link PredictionHead}).
 *
 * <p>The three modalities run the same code: composition and XRD models bypass the fusion and pool their own tokens; the
 * fused model pools the fused composition tokens and adds the pooled fused XRD tokens through a per-channel gate
 * tanh(g) that starts at zero. With every gate at zero the fused model computes exactly what the composition model
 * computes, so fusion can only start from the composition baseline and must earn each use of the pattern. Because zero
 * gates pass no gradient to the XRD encoder, a fused model also trains auxiliary heads on the pooled XRD encoder output
 * ({@link ModelConfig#auxiliaryXrdWeight()}); they shape the XRD encoder and are not used for prediction.
 *
 * <p>A model may correct a trained {@link Baseline}: each regression target the baseline also predicts is then the
 * baseline's value plus this model's head output, and that head starts at zero.
 *
 * <p>Parameters live in the model's own manager; a forward pass runs in a caller's scope (an {@link NDScope} plus a
 * per-step sub-manager for the inputs), so nothing of a step outlives it.
 */
public final class XxactModel implements PropertyModel {
  /** Prefix of head parameters; everything else (encoders, fusion, pooling) transfers between runs. */
  public static final String HEAD_PREFIX = "head.";
  /** Name prefix of the attention pooling of the composition tokens. */
  public static final String COMPOSITION_POOL = "composition.pool";
  /** Name prefix of the element-fraction perceptron, added to the pooled composition. */
  public static final String COMPOSITION_FRACTION_MLP = "composition.fraction_mlp";
  /** Prefix of the auxiliary XRD heads of a fused model (see {@link ModelConfig#auxiliaryXrdWeight()}). */
  static final String AUXILIARY_XRD_HEAD_PREFIX = HEAD_PREFIX + "auxiliary_xrd.";

  private final ModelConfig config;
  private final List<TargetSpec> targets;
  private final ParameterStore store;
  private final CompositionEncoder compositionEncoder;
  private final XrdEncoder xrdEncoder;
  private final CrossAttentionFusion fusion;
  private final TokenPooling compositionPooling;
  private final ElementFractionMlp fractionMlp;
  private final TokenPooling xrdPooling;
  private final BinnedPatternMlp patternMlp;
  private final NDArray xrdEmbeddingGate;
  private final List<PredictionHead> heads = new ArrayList<>();
  private final List<PredictionHead> auxiliaryXrdHeads = new ArrayList<>();
  private final Baseline baseline;
  private final CrystalSystemConsensus crystalSystemConsensus;
  /** Output columns of each head, in target order (the shape of the baseline offsets). */
  private final int[] headColumns;

  private XxactModel(ModelConfig config, List<TargetSpec> targets, ParameterStore store, Baseline baseline) {
    this.config = config;
    this.targets = List.copyOf(targets);
    this.crystalSystemConsensus = CrystalSystemConsensus.forTargets(this.targets);
    this.store = store;
    this.baseline = baseline;
    Modality m = config.modality();
    this.compositionEncoder = m.usesComposition() ? new CompositionEncoder(store, config) : null;
    this.compositionPooling = m.usesComposition() ? new TokenPooling(store, COMPOSITION_POOL, config) : null;
    this.fractionMlp =
        m.usesComposition() && config.fractionMlpDim() > 0
            ? new ElementFractionMlp(store, COMPOSITION_FRACTION_MLP, config)
            : null;
    this.xrdEncoder = m.usesXrd() ? new XrdEncoder(store, config) : null;
    this.xrdPooling = m.usesXrd() ? new TokenPooling(store, "xrd.pool", config) : null;
    this.patternMlp =
        m.usesXrd() && config.patternMlpDim() > 0 ? new BinnedPatternMlp(store, "xrd.pattern_mlp", config) : null;
    this.fusion = m == Modality.FUSED ? new CrossAttentionFusion(store, config) : null;
    this.xrdEmbeddingGate =
        m == Modality.FUSED ? store.constant("fusion.xrd_embedding_gate", new Shape(config.dModel()), 0f) : null;
    for (int t = 0; t < targets.size(); t++) {
      heads.add(new PredictionHead(store, HEAD_PREFIX, targets.get(t), config, corrects(t)));
    }
    if (m == Modality.FUSED && config.auxiliaryXrdWeight() > 0) {
      for (int t = 0; t < targets.size(); t++) {
        auxiliaryXrdHeads.add(new PredictionHead(store, AUXILIARY_XRD_HEAD_PREFIX, targets.get(t), config, corrects(t)));
      }
    }
    this.headColumns = heads.stream().mapToInt(PredictionHead::outputs).toArray();
  }

  /** Whether target {@code t} is a correction of the baseline's prediction. */
  private boolean corrects(int t) {
    return baseline != null && baseline.corrects(t);
  }

  /**
   * Builds a model with seeded random initialisation, except for the parameters named in {@code initialValues}.
   *
   * @param initialValues parameter values by name (a checkpoint, or transferred encoders); may be empty
   */
  public static XxactModel create(
      ModelConfig config, List<TargetSpec> targets, long seed, Map<String, float[]> initialValues) {
    return create(config, targets, seed, initialValues, null);
  }

  /**
   * Builds a model that corrects {@code baselineModel} (see {@link Baseline}), which it owns and closes from then on,
   * also when this method fails.
   *
   * @param baselineModel a trained model, never updated; null for none
   * @throws IllegalArgumentException when the baseline shares no regression target with the model or reads inputs the
   *     model's data does not carry
   */
  public static XxactModel create(
      ModelConfig config,
      List<TargetSpec> targets,
      long seed,
      Map<String, float[]> initialValues,
      XxactModel baselineModel) {
    NDManager manager = null;
    try {
      Baseline baseline = baselineModel == null ? null : Baseline.of(baselineModel, config, targets);
      manager = DjlRuntime.engine(0).newBaseManager();
      return new XxactModel(config, targets, new ParameterStore(manager, seed, initialValues), baseline);
    } catch (RuntimeException e) {
      if (manager != null) {
        manager.close();
      }
      if (baselineModel != null) {
        baselineModel.close();
      }
      throw e;
    }
  }

  /**
   * {@code initialValues} without the parameters of the heads that correct {@code baselineModel} for {@code targets}.
   * Such a head predicts a correction and must start at zero; a head transferred from another run predicts the whole
   * target, so starting from it would count the baseline twice.
   */
  public static Map<String, float[]> withoutCorrectionHeads(
      Map<String, float[]> initialValues, List<TargetSpec> targets, XxactModel baselineModel) {
    List<String> prefixes = new ArrayList<>();
    for (TargetSpec t : targets) {
      if (Baseline.indexIn(baselineModel, t) >= 0) {
        prefixes.add(HEAD_PREFIX + t.name() + ".");
        prefixes.add(AUXILIARY_XRD_HEAD_PREFIX + t.name() + ".");
      }
    }
    Map<String, float[]> kept = new LinkedHashMap<>(initialValues);
    kept.keySet().removeIf(name -> prefixes.stream().anyMatch(name::startsWith));
    return kept;
  }

  /** Builds a model with seeded random initialisation. */
  public static XxactModel create(ModelConfig config, List<TargetSpec> targets, long seed) {
    return create(config, targets, seed, Map.of());
  }

  /**
   * One forward pass. Every tensor it creates belongs to the current {@link NDScope} (or {@code inputs}' manager); the
   * caller reads what it needs before the scope closes.
   */
  public ModelOutput forward(ModelInputs inputs, ForwardContext ctx) {
    NDArray compositionTokens = null;
    NDArray xrdTokens = null;
    NDArray compositionPooled = null;
    NDArray xrdPooled = null;
    NDArray fractionPath = fractionMlp == null ? null : fractionMlp.apply(inputs.fractionVector);
    NDArray patternPath = patternMlp == null ? null : patternMlp.apply(inputs.patternBins);
    if (compositionEncoder != null) {
      compositionTokens = compositionEncoder.apply(inputs, ctx);
      compositionPooled = poolComposition(compositionTokens, inputs, fractionPath, ctx);
    }
    if (xrdEncoder != null) {
      xrdTokens = xrdEncoder.apply(inputs, ctx);
      xrdPooled = poolXrd(xrdTokens, patternPath, ctx);
    }
    NDArray embedding;
    switch (config.modality()) {
      case COMPOSITION -> embedding = compositionPooled;
      case XRD -> embedding = xrdPooled;
      case FUSED -> {
        NDArray[] fused = fusion.apply(compositionTokens, xrdTokens, inputs, ctx);
        compositionTokens = fused[0];
        xrdTokens = fused[1];
        embedding =
            poolComposition(compositionTokens, inputs, fractionPath, ctx)
                .add(poolXrd(xrdTokens, patternPath, ctx).mul(xrdEmbeddingGate.tanh()));
      }
      default -> throw new IllegalStateException("unknown modality " + config.modality());
    }
    List<NDArray> headOutputs = new ArrayList<>(heads.size());
    for (int t = 0; t < heads.size(); t++) {
      headOutputs.add(withBaseline(heads.get(t).apply(embedding), inputs, t));
    }
    List<NDArray> auxiliaryOutputs = new ArrayList<>(auxiliaryXrdHeads.size());
    if (ctx.training()) {
      for (int t = 0; t < auxiliaryXrdHeads.size(); t++) {
        auxiliaryOutputs.add(withBaseline(auxiliaryXrdHeads.get(t).apply(xrdPooled), inputs, t));
      }
    }
    return new ModelOutput(
        compositionTokens, xrdTokens, compositionPooled, xrdPooled, embedding, headOutputs, auxiliaryOutputs);
  }

  /**
   * The pooled composition of {@code inputs} as {@link #forward} computes it before fusion, without running the XRD
   * encoder: the contrastive partner of a pattern whose composition another pretraining objective has partly hidden
   * ({@link PretrainingModel}).
   */
  NDArray pooledComposition(ModelInputs inputs, ForwardContext ctx) {
    NDArray fractionPath = fractionMlp == null ? null : fractionMlp.apply(inputs.fractionVector);
    return poolComposition(compositionEncoder.apply(inputs, ctx), inputs, fractionPath, ctx);
  }

  /** A head's output plus the baseline's offset for target {@code t}, when the target corrects a baseline. */
  private static NDArray withBaseline(NDArray headOutput, ModelInputs inputs, int t) {
    NDArray[] offsets = inputs.baselineOffsets;
    return offsets == null || offsets[t] == null ? headOutput : headOutput.add(offsets[t]);
  }

  /**
   * Pooled composition tokens, plus the element-fraction perceptron's output when the model has one ({@code fractionPath},
   * computed once per forward pass: a fused model pools its composition twice, before and after fusion).
   */
  private NDArray poolComposition(NDArray tokens, ModelInputs inputs, NDArray fractionPath, ForwardContext ctx) {
    NDArray pooled =
        compositionPooling.apply(
            tokens, inputs.compositionMask, inputs.inverseElementCount, inputs.compositionPoolBias, ctx);
    return fractionPath == null ? pooled : pooled.add(fractionPath);
  }

  /** Pooled XRD tokens, plus the binned-pattern perceptron's output when the model has one (computed once per pass). */
  private NDArray poolXrd(NDArray tokens, NDArray patternPath, ForwardContext ctx) {
    NDArray pooled = xrdPooling.apply(tokens, null, null, null, ctx);
    return patternPath == null ? pooled : pooled.add(patternPath);
  }

  /** Tensors of {@code batch} for this model (no patch mask), in {@code manager}, with the baseline's offsets. */
  public ModelInputs inputs(NDManager manager, Batch batch) {
    ModelInputs inputs = ModelInputs.of(manager, batch, config, null, null);
    return baseline == null ? inputs : inputs.withBaselineOffsets(baseline.offsets(manager, batch, targets, headColumns));
  }

  /**
   * Tensors of {@code batch} with the XRD patches where {@code patchMask} is 1 replaced by the learned [MASK] token (masked
   * XRD modelling) and the elements in {@code elementSlots} by the [MASK] element (masked element modelling).
   * Pretraining reads no head, so these inputs carry no baseline offsets.
   *
   * @param patchMask [B * numPatches] 1 = masked, 0 = kept; null: every patch kept
   * @param elementSlots [B] hidden element slot per sample ({@link ElementMasking}); null: every element kept
   */
  public ModelInputs inputs(NDManager manager, Batch batch, float[] patchMask, int[] elementSlots) {
    return ModelInputs.of(manager, batch, config, patchMask, elementSlots);
  }

  /**
   * Computed in a scope of its own. The crystal system is the average of its head and the space-group head where the
   * model has both ({@link CrystalSystemConsensus}).
   */
  @Override
  public List<TargetPrediction> predict(Batch batch) {
    try (NDScope scope = new NDScope();
        NDManager manager = store.manager().newSubManager()) {
      scope.suppressNotUsedWarning();
      ModelOutput out = forward(inputs(manager, batch), ForwardContext.inference(manager));
      List<TargetPrediction> result = new ArrayList<>(heads.size());
      for (int t = 0; t < heads.size(); t++) {
        result.add(TargetPrediction.of(heads.get(t), out.headOutputs().get(t), batch.size()));
      }
      return crystalSystemConsensus.apply(result, batch.size());
    }
  }

  /** Material embeddings [B * d] of a batch, without gradients. */
  public float[] embed(Batch batch) {
    try (NDScope scope = new NDScope();
        NDManager manager = store.manager().newSubManager()) {
      scope.suppressNotUsedWarning();
      return forward(inputs(manager, batch), ForwardContext.inference(manager)).embedding().toFloatArray();
    }
  }

  /** Whether head {@code t} predicts a log-variance next to its mean. */
  public boolean headHasVariance(int t) {
    return heads.get(t).withVariance();
  }

  @Override
  public ModelConfig config() {
    return config;
  }

  @Override
  public List<TargetSpec> targets() {
    return targets;
  }

  /** The trainable parameters (the optimizer reads and updates them). */
  public List<Parameter> parameters() {
    return store.parameters();
  }

  /** Current parameter values by name (copies). */
  public Map<String, float[]> parameterValues() {
    return store.values();
  }

  /** Current parameter shapes by name. */
  public Map<String, long[]> parameterShapes() {
    return store.shapes();
  }

  /** Number of scalar parameters. */
  public long parameterCount() {
    return store.count();
  }

  /** The parameter store, for heads that other model classes add (pretraining). */
  ParameterStore store() {
    return store;
  }

  /** The long-lived manager of the parameters. */
  public NDManager manager() {
    return store.manager();
  }

  @Override
  public void close() {
    store.close();
    if (baseline != null) {
      baseline.close();
    }
  }
}
