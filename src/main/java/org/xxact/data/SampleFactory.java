package org.xxact.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xxact.crystal.Composition;
import org.xxact.crystal.Element;
import org.xxact.crystal.InputException;
import org.xxact.crystal.io.CompositionRecord;
import org.xxact.crystal.io.MaterialRecord;
import org.xxact.crystal.io.RecordResult;
import org.xxact.crystal.io.RejectedRecord;
import org.xxact.crystal.io.StructureRecord;
import org.xxact.xrd.DiffractionPattern;
import org.xxact.xrd.DiffractionPeak;
import org.xxact.xrd.XrdCalculator;

/**
 * Turns one input record into a {@link Sample} (composition, diffraction peaks, targets, split) or, when that is not
 * possible, into a {@link RejectedRecord} with the reason. A {@link CompositionRecord} (a table without structures)
 * gives a sample without peaks. Safe to use from several threads.
 */
final class SampleFactory {
  private final List<TargetDefinition> targets;
  private final SplitAssigner splits;
  private final String splitBy;
  private final PeakSettings peakSettings;
  private final XrdCalculator calculator;
  private final HeldOutFormulas heldOut;
  private final List<Path> trainOnly;

  /**
   * @param trainOnly inputs (files or folders) whose records go into the train split whatever their group
   */
  SampleFactory(
      List<TargetDefinition> targets,
      SplitAssigner splits,
      String splitBy,
      PeakSettings peakSettings,
      HeldOutFormulas heldOut,
      List<Path> trainOnly) {
    this.targets = List.copyOf(targets);
    this.splits = splits;
    this.splitBy = splitBy;
    this.peakSettings = peakSettings;
    this.calculator = peakSettings.calculator();
    this.heldOut = heldOut;
    this.trainOnly = List.copyOf(trainOnly);
  }

  int numTargets() {
    return targets.size();
  }

  /**
   * Checks the first structure record of each input for what the build needs: a column for every target, numbers in
   * numeric targets, the split column. A mistake here (a misspelt target, a text column given as a target) would
   * otherwise reject every record, so it stops the build with a one-line error instead.
   *
   * @throws InputException naming the input, the line and what is wrong
   */
  void checkFirstRecord(MaterialRecord r) {
    Map<String, String> props = r.properties();
    for (TargetDefinition t : targets) {
      if (t.sourceColumnIn(props.keySet()) == null) {
        throw new InputException(r.source(), r.line(),
            "target '" + t.name() + "' needs " + t.describeSource() + ", which this input does not have"
                + available(props));
      }
      try {
        t.value(props);
      } catch (IllegalArgumentException ex) {
        throw new InputException(r.source(), r.line(), "target '" + t.name() + "': " + ex.getMessage()
            + (t.kind() == TargetKind.REGRESSION ? " (targets must be numeric; class targets are crystal_system,"
                + " spacegroup_number, is_metal)" : ""));
      }
    }
    if (!splitBy.equals(BuildOptions.SPLIT_BY_FORMULA) && !splitBy.equals(BuildOptions.SPLIT_BY_ID)
        && !props.containsKey(splitBy) && !isTrainOnly(r.source())) {
      throw new InputException(r.source(), r.line(),
          "--split-by " + splitBy + ": this input has no such column" + available(props));
    }
  }

  private static String available(Map<String, String> props) {
    return props.isEmpty() ? " (it has no property columns)" : " (it has: " + String.join(", ", props.keySet()) + ")";
  }

  /** The {@link Sample} of a record, or the {@link RejectedRecord} that says why it cannot be one. */
  Object convert(RecordResult input) {
    if (!(input instanceof MaterialRecord r)) {
      return input;
    }
    try {
      return sample(r);
    } catch (IllegalArgumentException | InputException ex) {
      return new RejectedRecord(r.source(), r.id(), r.line(), ex.getMessage());
    }
  }

  private Object sample(MaterialRecord r) {
    Composition composition = r.composition();
    String formula = composition.reducedFormula();
    String heldOutReason = heldOut.reasonToReject(formula);
    if (heldOutReason != null) {
      return reject(r, heldOutReason);
    }
    float[] values = new float[targets.size()];
    for (int t = 0; t < values.length; t++) {
      try {
        values[t] = targets.get(t).value(r.properties());
      } catch (IllegalArgumentException ex) {
        return reject(r, "target '" + targets.get(t).name() + "': " + ex.getMessage());
      }
    }
    Split split = isTrainOnly(r.source()) ? Split.TRAIN : null;
    String group = split != null ? r.id() : switch (splitBy) {
      case BuildOptions.SPLIT_BY_FORMULA -> formula;
      case BuildOptions.SPLIT_BY_ID -> r.id();
      default -> r.properties().get(splitBy);
    };
    if (group == null || group.isBlank()) {
      return reject(r, "no value in the --split-by column '" + splitBy + "'");
    }
    List<Map.Entry<Element, Double>> amounts = new ArrayList<>(composition.amounts().entrySet());
    int[] z = new int[amounts.size()];
    float[] n = new float[amounts.size()];
    for (int e = 0; e < z.length; e++) {
      z[e] = amounts.get(e).getKey().atomicNumber();
      n[e] = amounts.get(e).getValue().floatValue();
    }
    float[] d = new float[0];
    float[] intensity = new float[0];
    if (r instanceof StructureRecord sr) {
      DiffractionPattern pattern = calculator.calculate(sr.structure());
      if (pattern.isEmpty()) {
        return reject(r, "no diffraction peak with d >= " + peakSettings.minDSpacingAngstrom() + " angstrom");
      }
      d = new float[pattern.size()];
      intensity = new float[pattern.size()];
      for (int k = 0; k < d.length; k++) {
        DiffractionPeak p = pattern.peaks().get(k);
        d[k] = (float) p.dSpacingAngstrom();
        intensity[k] = (float) p.intensity();
      }
    }
    Sample s = new Sample(r.id(), formula, split != null ? split : splits.assign(group), z, n, d, intensity, values);
    String tooBig = ShardFormat.checkFits(s);
    return tooBig == null ? s : reject(r, tooBig);
  }

  /** True when {@code source} (a file an input record came from) is, or lies in, a train-only input. */
  private boolean isTrainOnly(String source) {
    if (trainOnly.isEmpty()) {
      return false;
    }
    Path p = Path.of(source);
    for (Path t : trainOnly) {
      if (p.startsWith(t)) {
        return true;
      }
    }
    return false;
  }

  private static RejectedRecord reject(MaterialRecord r, String reason) {
    return new RejectedRecord(r.source(), r.id(), r.line(), reason);
  }
}
