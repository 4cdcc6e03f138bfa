package org.xxact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xxact.data.Batch;

/**
 * An {@link XxactModel} without prediction heads plus the heads of self-supervised pretraining (XxaCT-NN, Subramanian
 * et al., arXiv 2507.01054), all in one parameter store:
 *
 * <ul>
 *   <li>Masked XRD modelling (MXM): a fraction of the XRD patches is replaced by the learned [MASK] token
 *       ({@link ModelInputs}); a light decoder (pre-LN blocks, LayerNorm, a linear map to the patch size) reads the XRD
 *       tokens after fusion, so in the fused model the composition can help to fill the gaps, and the loss is the mean
 *       squared error over the masked patches only (He et al., "Masked autoencoders are scalable vision learners",
 *       CVPR 2022), of their raw or of their standardised values ({@link PretrainingConfig#mxmNormalizedTargets()}).
 *   <li>Contrastive alignment: two-layer projections of the pooled composition and pooled XRD encoder outputs,
 *       L2-normalised, scored by a symmetric InfoNCE loss with a learned temperature (CLIP, Radford et al. 2021), its
 *       logit scale clamped to [0, ln 100]. Pairs in a batch that share a reduced formula (polymorphs) are not
 *       negatives: they are masked out of the softmax denominators (all but the diagonal).
 *   <li>Masked element modelling, added to either ({@link PretrainingConfig#maskedElementWeight()}) or alone
 *       ({@link PretrainingObjective#ELEMENTS}, which needs no pattern): one element per composition replaced by the
 *       [MASK] element ({@link ElementMasking}), named again by a linear map of its token after the encoders and
 *       fusion, scored by cross-entropy over the elements.
 * </ul>
 *
 * With both objectives one forward pass over the masked pattern serves both losses: contrastive learning on masked
 * inputs works as well as on whole ones and costs a fraction (FLIP, Li et al., CVPR 2023). A hidden element is another
 * matter: it removes a third of a ternary's identity, and the monitored contrastive loss after 14 epochs stayed at 2.7
 * with it against 1.9 without it (docs/RESULTS.md). So with masked element modelling the composition side of the
 * contrastive pair is encoded a second time with nothing hidden (the composition encoder only, a few tokens, cheap
 * beside the XRD encoder): each objective sees the corruption meant for it and no other.
 *
 * <p>Every pretraining parameter is named under {@link XxactModel#HEAD_PREFIX}, so fine-tuning transfers the encoders,
 * fusion and pooling and starts new heads.
 */
public final class PretrainingModel implements AutoCloseable {
  /** Largest logit scale: temperature at least 1/100, as CLIP clamps it to keep training stable. */
  public static final double MAX_LOGIT_SCALE = Math.log(100);
  /** Prefix of the reconstruction decoder's parameters. */
  public static final String MXM_PREFIX = XxactModel.HEAD_PREFIX + "mxm.";
  /** Prefix of the projections and the logit scale. */
  public static final String CONTRASTIVE_PREFIX = XxactModel.HEAD_PREFIX + "contrastive.";
  /** Prefix of the masked-element classifier. */
  public static final String ELEMENT_PREFIX = XxactModel.HEAD_PREFIX + "elements.";
  /**
   * Added to each patch's variance before standardising it ({@link PretrainingConfig#mxmNormalizedTargets()}): a standard
   * deviation floor of 0.01 of the pattern maximum, so that the tails of a neighbouring peak or numerical noise in an
   * empty patch are not blown up to unit variance.
   */
  private static final double PATCH_VARIANCE_FLOOR = 1e-4;
  /** Added to the squared norm before the square root: keeps the normalisation of a zero vector finite. */
  private static final double NORMALISATION_EPS = 1e-12;

  private final XxactModel model;
  private final PretrainingConfig config;
  private final List<TransformerBlock> decoderBlocks = new ArrayList<>();
  private final LayerNorm decoderNorm;
  private final Linear decoderOutput;
  private final Linear compositionHidden;
  private final Linear compositionProjection;
  private final Linear xrdHidden;
  private final Linear xrdProjection;
  private final NDArray logitScale;
  private final Linear elementOutput;

  private PretrainingModel(XxactModel model, PretrainingConfig config) {
    this.model = model;
    this.config = config;
    ModelConfig mc = model.config();
    ParameterStore store = model.store();
    int d = mc.dModel();
    if (config.objective().usesMxm()) {
      for (int i = 0; i < config.decoderLayers(); i++) {
        decoderBlocks.add(new TransformerBlock(store, MXM_PREFIX + "block" + i, mc));
      }
      decoderNorm = new LayerNorm(store, MXM_PREFIX + "norm", d, mc.layerNormEps());
      decoderOutput = new Linear(store, MXM_PREFIX + "output", d, mc.patchSize());
    } else {
      decoderNorm = null;
      decoderOutput = null;
    }
    if (config.objective().usesContrastive()) {
      compositionHidden = new Linear(store, CONTRASTIVE_PREFIX + "composition.hidden", d, d);
      compositionProjection = new Linear(store, CONTRASTIVE_PREFIX + "composition.output", d, config.projectionDim());
      xrdHidden = new Linear(store, CONTRASTIVE_PREFIX + "xrd.hidden", d, d);
      xrdProjection = new Linear(store, CONTRASTIVE_PREFIX + "xrd.output", d, config.projectionDim());
      logitScale =
          store.constant(
              CONTRASTIVE_PREFIX + "logit_scale", new Shape(1), (float) Math.log(1 / config.initialTemperature()));
    } else {
      compositionHidden = null;
      compositionProjection = null;
      xrdHidden = null;
      xrdProjection = null;
      logitScale = null;
    }
    elementOutput =
        config.usesMaskedElements()
            ? new Linear(store, ELEMENT_PREFIX + "output", d, mc.maxAtomicNumber() + 1)
            : null;
  }

  /**
   * Builds the model: encoders (and fusion) of {@code modelConfig} without prediction heads, and the pretraining heads
   * of {@code config}.
   *
   * @throws IllegalArgumentException when the modality lacks an input an objective needs (MXM needs the XRD encoder,
   *     contrastive alignment both encoders, masked element modelling the composition encoder)
   */
  public static PretrainingModel create(
      ModelConfig modelConfig, PretrainingConfig config, long seed, Map<String, float[]> initialValues) {
    Modality m = modelConfig.modality();
    if (config.objective().usesMxm() && !m.usesXrd()) {
      throw new IllegalArgumentException("masked XRD modelling needs a model with the XRD encoder, not " + m);
    }
    if (config.objective().usesContrastive() && m != Modality.FUSED) {
      throw new IllegalArgumentException("contrastive pretraining needs both encoders (modality FUSED), not " + m);
    }
    if (config.usesMaskedElements() && !m.usesComposition()) {
      throw new IllegalArgumentException("masked element modelling needs a model with the composition encoder, not " + m);
    }
    XxactModel model = XxactModel.create(modelConfig, List.of(), seed, initialValues);
    try {
      return new PretrainingModel(model, config);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * The losses of one batch.
   *
   * @param total weighted sum (scalar)
   * @param mxm masked-patch MSE (scalar), or null when the objective has none
   * @param contrastive symmetric InfoNCE (scalar), or null when the objective has none
   * @param elements masked-element cross-entropy (scalar), or null without masked element modelling or when no
   *     composition of the batch had an element hidden
   */
  public record Losses(NDArray total, NDArray mxm, NDArray contrastive, NDArray elements) {}

  /**
   * One forward pass and the pretraining losses.
   *
   * @param masks the hidden patches (ignored without MXM) and elements (needed with masked element modelling)
   */
  public Losses losses(NDManager manager, Batch batch, PretrainingMasks masks, ForwardContext ctx) {
    boolean mxm = config.objective().usesMxm();
    float[] patchMask = masks.patches();
    if (elementOutput != null && masks.elementSlots() == null) {
      throw new IllegalArgumentException("masked element modelling needs the hidden element of each sample");
    }
    ModelInputs inputs = model.inputs(manager, batch, mxm ? patchMask : null, masks.elementSlots());
    ModelOutput out = model.forward(inputs, ctx);
    NDArray total = null;
    NDArray reconstruction = null;
    NDArray alignment = null;
    if (mxm) {
      NDArray targets = inputs.reconstructionTargets;
      if (config.mxmNormalizedTargets()) {
        NDArray[] statistics = patchStatistics(targets, ctx);
        targets = targets.sub(statistics[0]).div(statistics[1]);
      }
      NDArray error = decode(out.xrdTokens(), ctx).sub(targets).square().mul(inputs.patchMask);
      double maskedValues = 0;
      for (float v : patchMask) {
        maskedValues += v;
      }
      reconstruction = error.sum().mul(ctx.scalar(1.0 / (maskedValues * model.config().patchSize())));
      total = reconstruction.mul(ctx.scalar(config.mxmWeight()));
    }
    if (config.objective().usesContrastive()) {
      NDArray composition =
          masks.elementSlots() == null
              ? out.compositionPooled()
              : model.pooledComposition(model.inputs(manager, batch, null, null), ctx);
      NDArray zc = normalise(compositionProjection.apply(Activation.gelu(compositionHidden.apply(composition))), ctx);
      NDArray zx = normalise(xrdProjection.apply(Activation.gelu(xrdHidden.apply(out.xrdPooled()))), ctx);
      alignment = symmetricInfoNce(zc, zx, logitScale, batch.formulaKeys(), ctx);
      NDArray weighted = alignment.mul(ctx.scalar(config.contrastiveWeight()));
      total = total == null ? weighted : total.add(weighted);
    }
    NDArray naming = elementOutput == null ? null : maskedElementLoss(out.compositionTokens(), batch, masks, ctx);
    if (naming != null) {
      NDArray weighted = naming.mul(ctx.scalar(config.elementWeight()));
      total = total == null ? weighted : total.add(weighted);
    } else if (total == null) {
      // Masked element modelling alone and no composition of two or more elements in the batch: nothing to learn
      // from it, a zero loss that still depends on the parameters, so the step is taken with zero gradients.
      total = out.compositionTokens().sum().mul(ctx.scalar(0));
    }
    return new Losses(total, reconstruction, alignment, naming);
  }

  /**
   * Mean cross-entropy of naming each hidden element from its token: [B, E, d] tokens, the hidden slot's picked out by a
   * one-hot [B, E, 1], mapped to logits over element ids; null when no sample had an element hidden.
   */
  private NDArray maskedElementLoss(NDArray tokens, Batch batch, PretrainingMasks masks, ForwardContext ctx) {
    int b = batch.size();
    int e = batch.maxElements();
    int vocabulary = model.config().maxAtomicNumber() + 1;
    float[] pick = new float[b * e];
    float[] truth = new float[b * vocabulary];
    int hidden = 0;
    for (int i = 0; i < b; i++) {
      int slot = masks.elementSlots()[i];
      if (slot != ElementMasking.NONE) {
        pick[i * e + slot] = 1f;
        truth[i * vocabulary + batch.elementIds()[i * e + slot]] = 1f;
        hidden++;
      }
    }
    if (hidden == 0) {
      return null;
    }
    NDManager manager = ctx.manager();
    NDArray token = tokens.mul(manager.create(pick, new Shape(b, e, 1))).sum(new int[] {1});
    NDArray logProbabilities = elementOutput.apply(token).logSoftmax(1);
    NDArray truthArray = manager.create(truth, new Shape(b, vocabulary));
    return logProbabilities.mul(truthArray).sum().neg().mul(ctx.scalar(1.0 / hidden));
  }

  /**
   * [B, P, patch] reconstruction of every patch from the XRD tokens. The decoder blocks read the peak tokens too (found
   * on the visible patches only); only the patch tokens are mapped to patches.
   */
  private NDArray decode(NDArray xrdTokens, ForwardContext ctx) {
    NDArray x = xrdTokens;
    for (TransformerBlock block : decoderBlocks) {
      x = block.apply(x, null, ctx);
    }
    if (model.config().peakTokens() > 0) {
      x = x.get(new NDIndex(":, :{}, :", model.config().numPatches()));
    }
    return decoderOutput.apply(decoderNorm.apply(x));
  }

  /** {mean, standard deviation with the variance floor} of each patch of [B, P, patch] values, both [B, P, 1]. */
  private static NDArray[] patchStatistics(NDArray patches, ForwardContext ctx) {
    NDArray mean = patches.mean(new int[] {2}, true);
    NDArray std = patches.sub(mean).square().mean(new int[] {2}, true).add(ctx.scalar(PATCH_VARIANCE_FLOOR)).sqrt();
    return new NDArray[] {mean, std};
  }

  /** Rows scaled to unit L2 norm. */
  private static NDArray normalise(NDArray x, ForwardContext ctx) {
    return x.div(x.square().sum(new int[] {-1}, true).add(ctx.scalar(NORMALISATION_EPS)).sqrt());
  }

  /**
   * Symmetric InfoNCE of aligned rows: the mean of the cross-entropies of each composition row over the XRD rows and of
   * each XRD row over the composition rows, the matching row (same index) being the positive. Off-diagonal pairs with
   * equal {@code formulaKeys} are removed from the denominators.
   *
   * @param zc [B, k] L2-normalised composition projections
   * @param zx [B, k] L2-normalised XRD projections
   * @param logitScale [1] log of the inverse temperature, clamped to [0, {@link #MAX_LOGIT_SCALE}]
   * @return scalar loss; at least 0, and ln(B) for uninformative projections
   */
  static NDArray symmetricInfoNce(NDArray zc, NDArray zx, NDArray logitScale, long[] formulaKeys, ForwardContext ctx) {
    int b = formulaKeys.length;
    float[] bias = new float[b * b];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < b; j++) {
        if (i != j && formulaKeys[i] == formulaKeys[j]) {
          bias[i * b + j] = MultiHeadAttention.MASKED_KEY_BIAS;
        }
      }
    }
    NDManager manager = ctx.manager();
    NDArray scale = logitScale.clip(0, MAX_LOGIT_SCALE).exp();
    NDArray logits = zc.matMul(zx.transpose()).mul(scale).add(manager.create(bias, new Shape(b, b)));
    NDArray diagonal = manager.eye(b);
    NDArray rows = logits.logSoftmax(1).mul(diagonal).sum();
    NDArray columns = logits.logSoftmax(0).mul(diagonal).sum();
    return rows.add(columns).neg().mul(ctx.scalar(0.5 / b));
  }

  /**
   * The reconstruction of masked patterns, without gradients.
   *
   * @param original [B * G] the pattern as the encoder sees it (after the model's intensity scaling), before masking
   * @param reconstructed [B * G] the decoder's output on the same grid (meaningful where masked); a decoder trained on
   *     standardised patches has its output mapped back with each patch's own mean and standard deviation, as masked
   *     autoencoders show their reconstructions, so the plot shows the predicted shape at the true scale
   */
  public record Reconstruction(float[] original, float[] reconstructed) {}

  /** Reconstructs {@code batch} with {@code patchMask} (needs the MXM objective). */
  public Reconstruction reconstruct(Batch batch, float[] patchMask) {
    if (!config.objective().usesMxm()) {
      throw new IllegalStateException("a model pretrained without masked XRD modelling has no decoder");
    }
    try (NDScope scope = new NDScope();
        NDManager manager = model.manager().newSubManager()) {
      scope.suppressNotUsedWarning();
      ForwardContext ctx = ForwardContext.inference(manager);
      ModelInputs inputs = model.inputs(manager, batch, patchMask, null);
      NDArray decoded = decode(model.forward(inputs, ctx).xrdTokens(), ctx);
      if (config.mxmNormalizedTargets()) {
        NDArray[] statistics = patchStatistics(inputs.reconstructionTargets, ctx);
        decoded = decoded.mul(statistics[1]).add(statistics[0]);
      }
      return new Reconstruction(inputs.reconstructionTargets.toFloatArray(), decoded.toFloatArray());
    }
  }

  /** The encoders, fusion and pooling (no prediction heads). */
  public XxactModel model() {
    return model;
  }

  public PretrainingConfig config() {
    return config;
  }

  /** Every trainable parameter, the pretraining heads included. */
  public List<Parameter> parameters() {
    return model.parameters();
  }

  @Override
  public void close() {
    model.close();
  }
}
