package org.xxact.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.xxact.crystal.InputException;
import org.xxact.data.AtomicFiles;
import org.xxact.model.ConfigTree;
import org.xxact.train.EvaluationRecord;
import org.xxact.train.RunConfig;
import org.xxact.train.RunDirectory;

/**
 * The convergence speedup between runs that already exist, by the measure of {@link ConvergenceExperiment}: the
 * optimiser steps the reference run needs to reach its best validation error, over the steps a compared run needs to
 * reach that error, per error (loss, each target's MAE or 1 - accuracy).
 *
 * <p>The convergence experiment trains its own arms at a budget chosen for it. A full-length training, such as the
 * 30-epoch stage of a committed model, is too long to repeat there; started once from random weights and once from a
 * pretrained model with the same settings and seed, the two runs answer the same question at the real budget. The
 * speedup means that only when the runs differ in their initialisation alone, so every setting that differs from the
 * reference's is listed next to the numbers.
 *
 * <p>Files: {@code results.json}, {@code results.md} and {@code curves-ERROR.png}.
 */
public final class SpeedupComparison {
  /** Label of the seed-mean column of {@link #runPaired}. */
  public static final String SEED_MEAN = "seed-mean";

  private SpeedupComparison() {}

  /**
   * What results.json says of each run.
   *
   * @param initialisedFrom where its weights came from ({@code --init}), or null for random initialisation
   * @param settingsDifferingFromReference as {@link #differences} gives them; empty for the reference
   */
  record RunSummary(
      String path, String initialisedFrom, int evaluations, long lastStep,
      List<String> settingsDifferingFromReference) {}

  /**
   * The runs by label ({@link #labels}), the reference first.
   *
   * @throws IllegalArgumentException when a run is given twice
   */
  public static Map<String, Path> labelled(Path reference, List<Path> runs) {
    List<Path> all = new ArrayList<>(List.of(reference));
    all.addAll(runs);
    List<String> names = labels(all);
    Map<String, Path> out = new LinkedHashMap<>();
    for (int i = 0; i < all.size(); i++) {
      out.put(names.get(i), all.get(i));
    }
    return out;
  }

  /**
   * Compares each run with the first (the reference) and writes the report into {@code outDir}; returns the
   * results.json content.
   *
   * @param runs by label, the reference first, as {@link #labelled} gives them
   * @throws InputException when a run has no evaluation yet
   */
  public static Map<String, Object> run(Path outDir, Map<String, Path> runs) throws IOException {
    String referenceName = runs.keySet().iterator().next();
    RunConfig referenceConfig = RunDirectory.open(runs.get(referenceName)).config();
    Map<String, List<List<EvaluationRecord>>> metrics = new LinkedHashMap<>();
    Map<String, RunSummary> summaries = new LinkedHashMap<>();
    for (Map.Entry<String, Path> e : runs.entrySet()) {
      RunDirectory run = RunDirectory.open(e.getValue());
      List<EvaluationRecord> records = evaluations(run);
      metrics.put(e.getKey(), List.of(records));
      summaries.put(e.getKey(), summary(run, records, referenceConfig));
    }
    List<String> compared = new ArrayList<>(runs.keySet()).subList(1, runs.size());
    Map<String, Map<String, ConvergenceExperiment.Curve>> curves = ConvergenceExperiment.curves(metrics);
    Map<String, Map<String, Object>> speedups =
        ConvergenceExperiment.speedupsAndPlots(outDir, curves, referenceName, compared, "");

    StringBuilder md =
        new StringBuilder(
            "Convergence speedup (" + referenceName + " steps to its best validation error / steps of each run to"
                + " reach it)\n\n");
    md.append(ConvergenceExperiment.speedupTable(speedups, compared)).append('\n');
    summaries.forEach((name, run) -> md.append(runLine(name, run, name.equals(referenceName) ? null : referenceName)));
    return write(outDir, "reference", referenceName, summaries, speedups, curves, md.toString());
  }

  /**
   * Compares the seeds of one initialisation with the seeds of the reference, paired by position (run i against
   * reference i, usually the same seed): the speedup of each pair, and the speedup between the two seed-mean curves
   * (each evaluation's error averaged over the seeds), the number a convergence experiment with several seeds
   * reports. The mean curves are plotted. Returns the results.json content.
   *
   * @throws IllegalArgumentException as {@link #pairedLabels}
   * @throws InputException when a run has no evaluation yet
   */
  public static Map<String, Object> runPaired(Path outDir, List<Path> references, List<Path> runs)
      throws IOException {
    List<String> names = pairedLabels(references, runs);
    int n = references.size();
    List<List<EvaluationRecord>> referenceSeeds = new ArrayList<>();
    List<List<EvaluationRecord>> comparedSeeds = new ArrayList<>();
    Map<String, Map<String, Object>> perPair = new LinkedHashMap<>();
    List<String> columns = new ArrayList<>(List.of(SEED_MEAN));
    Map<String, RunSummary> summaries = new LinkedHashMap<>();
    StringBuilder runLines = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String referenceName = names.get(i);
      String name = names.get(n + i);
      RunDirectory reference = RunDirectory.open(references.get(i));
      RunDirectory run = RunDirectory.open(runs.get(i));
      List<EvaluationRecord> referenceRecords = evaluations(reference);
      List<EvaluationRecord> records = evaluations(run);
      referenceSeeds.add(referenceRecords);
      comparedSeeds.add(records);
      RunSummary referenceSummary = summary(reference, referenceRecords, reference.config());
      RunSummary summary = summary(run, records, reference.config());
      summaries.put(referenceName, referenceSummary);
      summaries.put(name, summary);
      runLines.append(runLine(referenceName, referenceSummary, null)).append(runLine(name, summary, referenceName));
      Map<String, List<List<EvaluationRecord>>> pair = new LinkedHashMap<>();
      pair.put(referenceName, List.of(referenceRecords));
      pair.put(name, List.of(records));
      ConvergenceExperiment.curves(pair)
          .forEach(
              (error, byRun) ->
                  perPair.computeIfAbsent(error, e -> new LinkedHashMap<>())
                      .put(name, ConvergenceExperiment.speedup(byRun.get(referenceName), byRun.get(name))));
      columns.add(name);
    }
    String referenceSide = sideName(references, "reference");
    String comparedSide = sideName(runs, "compared");
    boolean named = !referenceSide.equals(comparedSide);
    String referenceMean = (named ? referenceSide : "reference") + " (mean of " + n + ")";
    String comparedMean = (named ? comparedSide : "compared") + " (mean of " + n + ")";
    Map<String, List<List<EvaluationRecord>>> means = new LinkedHashMap<>();
    means.put(referenceMean, referenceSeeds);
    means.put(comparedMean, comparedSeeds);
    Map<String, Map<String, ConvergenceExperiment.Curve>> curves = ConvergenceExperiment.curves(means);
    // By error: the seed-mean speedup first, then each pair's.
    Map<String, Map<String, Object>> speedups = new LinkedHashMap<>();
    ConvergenceExperiment.speedupsAndPlots(outDir, curves, referenceMean, List.of(comparedMean), " (mean of " + n
        + " seeds)")
        .forEach(
            (error, row) -> {
              Map<String, Object> cells = new LinkedHashMap<>();
              cells.put(SEED_MEAN, row.get(comparedMean));
              cells.putAll(perPair.get(error));
              speedups.put(error, cells);
            });

    String md =
        "Convergence speedup, paired (each reference run's steps to its best validation error / steps of the run"
            + " paired with it to reach it; " + SEED_MEAN + ": the same between the curves averaged over the "
            + n + " runs of each side)\n\n"
            + ConvergenceExperiment.speedupTable(speedups, columns) + '\n' + runLines;
    return write(outDir, "pairs", n, summaries, speedups, curves, md);
  }

  /**
   * The name of one side of a paired comparison in its plots: the folder that holds each of its seeds when they share
   * its name (the arm, as in {@code scratch/seed1}, {@code scratch/seed2}), else {@code fallback}.
   */
  private static String sideName(List<Path> seeds, String fallback) {
    List<String> parents =
        seeds.stream()
            .map(p -> p.toAbsolutePath().normalize().getParent())
            .map(p -> p == null || p.getFileName() == null ? "" : p.getFileName().toString())
            .distinct()
            .toList();
    return parents.size() == 1 && !parents.get(0).isEmpty() ? parents.get(0) : fallback;
  }

  /**
   * The labels of {@link #runPaired}'s runs ({@link #labels}), the references first.
   *
   * @throws IllegalArgumentException when the lists differ in length, hold fewer than two runs, or repeat a run
   */
  public static List<String> pairedLabels(List<Path> references, List<Path> runs) {
    if (references.size() != runs.size() || references.size() < 2) {
      throw new IllegalArgumentException(
          "a paired comparison needs as many reference runs as compared runs, two or more; got " + references.size()
              + " and " + runs.size());
    }
    List<Path> all = new ArrayList<>(references);
    all.addAll(runs);
    return labels(all);
  }

  private static List<EvaluationRecord> evaluations(RunDirectory run) throws IOException {
    List<EvaluationRecord> records = run.readMetrics();
    if (records.isEmpty()) {
      throw new InputException(
          run.path().resolve(RunDirectory.METRICS).toString(), 0, "no evaluation yet: the run has not reached one");
    }
    return records;
  }

  private static RunSummary summary(RunDirectory run, List<EvaluationRecord> records, RunConfig referenceConfig)
      throws IOException {
    return new RunSummary(
        run.path().toString(), run.info().initialisedFrom(), records.size(), records.get(records.size() - 1).step(),
        differences(referenceConfig, run.config()));
  }

  /**
   * One line of the report on a run's initialisation and the settings in which it differs from its reference.
   *
   * @param referenceName the run it is compared with, or null for a reference
   */
  private static String runLine(String name, RunSummary run, String referenceName) {
    String from = run.initialisedFrom();
    List<String> settings = run.settingsDifferingFromReference();
    return "- " + name + ": " + (from == null ? "random initialisation" : "initialised from " + from)
        + (referenceName == null ? " (reference)"
            : settings.isEmpty() ? ", same settings as " + referenceName
            : ", settings differ from " + referenceName + ": " + String.join("; ", settings))
        + '\n';
  }

  /**
   * Writes results.json (the comparison's kind as its first field, the runs, the speedups and the curves) and
   * results.md; returns the JSON content.
   */
  private static Map<String, Object> write(
      Path outDir,
      String kindField,
      Object kindValue,
      Map<String, RunSummary> summaries,
      Map<String, Map<String, Object>> speedups,
      Map<String, Map<String, ConvergenceExperiment.Curve>> curves,
      String markdown)
      throws IOException {
    Map<String, Object> results = new LinkedHashMap<>();
    results.put(kindField, kindValue);
    results.put("runs", summaries);
    results.put("speedup", speedups);
    results.put("curves", curves);
    AtomicFiles.writeString(outDir.resolve("results.json"), Json.MAPPER.writeValueAsString(results));
    AtomicFiles.writeString(outDir.resolve("results.md"), markdown);
    return results;
  }

  /**
   * A label per run: the shortest tail of the directory paths that tells them apart, e.g. {@code seed1} for runs in
   * different folders, {@code scratch/seed1} and {@code both/seed1} for the arms of a convergence experiment.
   *
   * @throws IllegalArgumentException when a run is given twice
   */
  static List<String> labels(List<Path> runs) {
    List<Path> paths = runs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    if (paths.stream().distinct().count() < paths.size()) {
      throw new IllegalArgumentException("a run is given twice: " + runs);
    }
    for (int depth = 1; ; depth++) {
      List<String> labels = new ArrayList<>();
      for (Path p : paths) {
        int n = p.getNameCount();
        labels.add(n == 0 ? p.toString() : p.subpath(Math.max(0, n - depth), n).toString());
      }
      if (labels.stream().distinct().count() == labels.size()) {
        return labels;
      }
    }
  }

  /** Every setting (dotted path) whose value differs between two run configurations, as "path: a vs b". */
  static List<String> differences(RunConfig reference, RunConfig other) {
    List<String> out = new ArrayList<>();
    diff("", ConfigTree.mapper().valueToTree(reference), ConfigTree.mapper().valueToTree(other), out);
    return out;
  }

  private static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
    if (a.isObject() && b.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      a.fieldNames().forEachRemaining(names::add);
      b.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        diff(path.isEmpty() ? name : path + "." + name, a.path(name), b.path(name), out);
      }
    } else if (!a.equals(b)) {
      out.add(path + ": " + text(a) + " vs " + text(b));
    }
  }

  private static String text(JsonNode node) {
    return node instanceof MissingNode ? "(absent)" : node.toString();
  }
}
