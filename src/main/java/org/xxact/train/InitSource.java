package org.xxact.train;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.xxact.model.XxactModel;

/**
 * A run whose trained parameters start a new model ({@code train --init}), and which parts of it to take.
 *
 * <p>Taking parts lets one fused model start from the best trained piece of each kind: the composition encoder of a
 * model that learned formation energy alone and the XRD encoder and fusion of a fused model, for example. Without a
 * part list every transferable parameter (all but the heads) is taken.
 *
 * <p>Written {@code RUN} or {@code RUN:PART[,PART...]} with parts {@code composition} (or its two halves
 * {@code composition_tokens} and {@code composition_pooling}), {@code xrd}, {@code fusion} and {@code heads}. Heads
 * transfer only when named: they predict the targets in the normalisation of the run they come from, so they fit a
 * model of the same targets on the same dataset (continuing a model, for instance with a baseline), not a new task.
 *
 * @param run the run directory
 * @param parts the model parts whose parameters are taken
 */
public record InitSource(Path run, Set<Part> parts) {

  /** The parameter groups of a model by the prefix of their names. */
  public enum Part {
    /** Element embedding, fraction encoding, self-attention blocks, pooling and fraction perceptron. */
    COMPOSITION,
    /**
     * The composition's token encoder alone: element embedding, fraction encoding and self-attention blocks, which
     * masked element modelling trains. Its complement {@link #COMPOSITION_POOLING} is trained only by objectives that
     * read the pooled composition (contrastive alignment, supervised heads), so the two may come from different runs.
     */
    COMPOSITION_TOKENS,
    /** The pooling of the composition tokens and the element-fraction perceptron added to it. */
    COMPOSITION_POOLING,
    /** Pattern stem or patch embedding, positions, mask token, self-attention blocks and pattern perceptron. */
    XRD,
    /** The cross-attention blocks and gates between the two encoders. */
    FUSION,
    /** The prediction heads (and a fused model's auxiliary XRD heads); taken only when named. */
    HEADS;

    /** Whether parameter {@code name} belongs to this part. */
    boolean owns(String name) {
      return switch (this) {
        case HEADS -> name.startsWith(XxactModel.HEAD_PREFIX);
        case COMPOSITION_TOKENS -> COMPOSITION.owns(name) && !COMPOSITION_POOLING.owns(name);
        case COMPOSITION_POOLING ->
            name.startsWith(XxactModel.COMPOSITION_POOL + ".")
                || name.startsWith(XxactModel.COMPOSITION_FRACTION_MLP + ".");
        default -> name.startsWith(label() + ".");
      };
    }

    /**
     * The part's name on the command line; for composition, XRD and fusion also the prefix of its parameter names.
     */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The part labelled {@code text}, in any case. */
    static Optional<Part> named(String text) {
      return Arrays.stream(values()).filter(p -> p.label().equalsIgnoreCase(text)).findFirst();
    }
  }

  public InitSource {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("no model part to take from " + run);
    }
    parts = EnumSet.copyOf(parts);
  }

  /** The parts a plain {@code RUN} names: everything but the heads. */
  private static final Set<Part> ENCODERS_AND_FUSION = EnumSet.of(Part.COMPOSITION, Part.XRD, Part.FUSION);

  /** Everything of {@code run} but its heads. */
  public static InitSource whole(Path run) {
    return new InitSource(run, ENCODERS_AND_FUSION);
  }

  /**
   * Parses {@code RUN} or {@code RUN:PART[,PART...]}. A text whose part after the last colon is not a list of part
   * names is read as a plain path, so a directory name containing a colon still works.
   *
   * @throws IllegalArgumentException for a part list with an unknown or repeated part
   */
  public static InitSource parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      return whole(Path.of(text));
    }
    String[] names = text.substring(colon + 1).split(",", -1);
    if (!Arrays.stream(names).allMatch(n -> n.matches("[A-Za-z_]+")) || Part.named(names[0]).isEmpty()) {
      return whole(Path.of(text));
    }
    Set<Part> parts = EnumSet.noneOf(Part.class);
    for (String name : names) {
      Part part =
          Part.named(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown model part '" + name + "' in --init " + text + "; parts are " + partList()));
      if (!parts.add(part)) {
        throw new IllegalArgumentException("model part '" + name + "' given twice in --init " + text);
      }
    }
    return new InitSource(Path.of(text.substring(0, colon)), parts);
  }

  /**
   * Whether parameter {@code name} is taken from this source: any parameter outside the heads when composition, XRD
   * and fusion are all named (so nothing outside the named parts is lost), otherwise those of the named parts; heads
   * only when named.
   */
  public boolean takes(String name) {
    return (isWhole() && !Part.HEADS.owns(name)) || parts.stream().anyMatch(p -> p.owns(name));
  }

  /** Whether composition, XRD and fusion are all taken, as with a plain {@code RUN}. */
  public boolean isWhole() {
    return parts.containsAll(ENCODERS_AND_FUSION);
  }

  /** The sources as run.json records them ({@code initialisedFrom}), or null for none. */
  public static String describe(List<InitSource> sources) {
    return sources.isEmpty() ? null : String.join(", ", sources.stream().map(InitSource::toString).toList());
  }

  @Override
  public String toString() {
    return parts.equals(ENCODERS_AND_FUSION)
        ? run.toString()
        : run + ":" + parts.stream().map(Part::label).collect(Collectors.joining(","));
  }

  private static String partList() {
    return Arrays.stream(Part.values()).map(Part::label).collect(Collectors.joining(", "));
  }
}
