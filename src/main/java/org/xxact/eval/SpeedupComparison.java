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
    Map<String, RunDirectory> opened = new LinkedHashMap<>();
    for (Map.Entry<String, Path> e : runs.entrySet()) {
      opened.put(e.getKey(), RunDirectory.open(e.getValue()));
    }
    RunConfig referenceConfig = opened.get(referenceName).config();
    Map<String, List<List<EvaluationRecord>>> metrics = new LinkedHashMap<>();
    Map<String, RunSummary> summaries = new LinkedHashMap<>();
    for (Map.Entry<String, RunDirectory> e : opened.entrySet()) {
      RunDirectory run = e.getValue();
      List<EvaluationRecord> records = run.readMetrics();
      if (records.isEmpty()) {
        throw new InputException(
            run.path().resolve(RunDirectory.METRICS).toString(), 0, "no evaluation yet: the run has not reached one");
      }
      metrics.put(e.getKey(), List.of(records));
      summaries.put(
          e.getKey(),
          new RunSummary(
              run.path().toString(), run.info().initialisedFrom(), records.size(),
              records.get(records.size() - 1).step(), differences(referenceConfig, run.config())));
    }
    List<String> compared = new ArrayList<>(runs.keySet()).subList(1, runs.size());
    Map<String, Map<String, ConvergenceExperiment.Curve>> curves = ConvergenceExperiment.curves(metrics);
    Map<String, Map<String, Object>> speedups =
        ConvergenceExperiment.speedupsAndPlots(outDir, curves, referenceName, compared, "");

    Map<String, Object> results = new LinkedHashMap<>();
    results.put("reference", referenceName);
    results.put("runs", summaries);
    results.put("speedup", speedups);
    results.put("curves", curves);
    AtomicFiles.writeString(outDir.resolve("results.json"), Json.MAPPER.writeValueAsString(results));
    AtomicFiles.writeString(outDir.resolve("results.md"), report(referenceName, summaries, compared, speedups));
    return results;
  }

  /** The Markdown report: the speedup table, then one line per run on its initialisation and differing settings. */
  private static String report(
      String referenceName, Map<String, RunSummary> summaries, List<String> compared,
      Map<String, Map<String, Object>> speedups) {
    StringBuilder md =
        new StringBuilder(
            "Convergence speedup (" + referenceName + " steps to its best validation error / steps of each run to"
                + " reach it)\n\n");
    md.append(ConvergenceExperiment.speedupTable(speedups, compared)).append('\n');
    summaries.forEach(
        (name, run) -> {
          String from = run.initialisedFrom();
          List<String> settings = run.settingsDifferingFromReference();
          md.append("- ").append(name).append(": ")
              .append(from == null ? "random initialisation" : "initialised from " + from)
              .append(name.equals(referenceName) ? " (reference)"
                  : settings.isEmpty() ? ", same settings as " + referenceName
                  : ", settings differ: " + String.join("; ", settings))
              .append('\n');
        });
    return md.toString();
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
