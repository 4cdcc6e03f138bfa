package org.xxact.train;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A run whose trained parameters start a new model ({@code train --init}), and which parts of it to take.
 *
 * <p>Taking parts lets one fused model start from the best trained piece of each kind: the composition encoder of a
 * model that learned formation energy alone and the XRD encoder and fusion of a fused model, for example. Without a
 * part list every transferable parameter (all but the heads) is taken.
 *
 * <p>Written {@code RUN} or {@code RUN:PART[,PART...]} with parts {@code composition}, {@code xrd} and {@code fusion}.
 *
 * @param run the run directory
 * @param parts the model parts whose parameters are taken
 */
public record InitSource(Path run, Set<Part> parts) {

  /** The parameter groups of a model by the prefix of their names; heads never transfer. */
  public enum Part {
    /** Element embedding, fraction encoding, self-attention blocks and fraction perceptron. */
    COMPOSITION,
    /** Pattern stem or patch embedding, positions, mask token, self-attention blocks and pattern perceptron. */
    XRD,
    /** The cross-attention blocks and gates between the two encoders. */
    FUSION;

    /** Whether parameter {@code name} belongs to this part. */
    boolean owns(String name) {
      return name.startsWith(label() + ".");
    }

    /** The part's name on the command line and the prefix of its parameter names. */
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

  /** Every transferable part of {@code run}. */
  public static InitSource whole(Path run) {
    return new InitSource(run, EnumSet.allOf(Part.class));
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
    if (!Arrays.stream(names).allMatch(n -> n.matches("[A-Za-z]+")) || Part.named(names[0]).isEmpty()) {
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
   * Whether parameter {@code name} is taken from this source: any transferable parameter when every part is named
   * (so nothing outside the three parts is lost), otherwise those of the named parts.
   */
  public boolean takes(String name) {
    return isWhole() || parts.stream().anyMatch(p -> p.owns(name));
  }

  /** Whether every part is taken, as with a plain {@code RUN}. */
  public boolean isWhole() {
    return parts.size() == Part.values().length;
  }

  @Override
  public String toString() {
    return isWhole()
        ? run.toString()
        : run + ":" + parts.stream().map(Part::label).collect(Collectors.joining(","));
  }

  private static String partList() {
    return Arrays.stream(Part.values()).map(Part::label).collect(Collectors.joining(", "));
  }
}
