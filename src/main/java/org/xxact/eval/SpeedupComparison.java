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
   * Compares {@code runs} with {@code reference} and writes the report into {@code outDir}; returns the results.json
   * content.
   *
   * @throws IllegalArgumentException when a run is given twice
   * @throws InputException when a run has no evaluation yet
   */
  public static Map<String, Object> run(Path outDir, Path reference, List<Path> runs) throws IOException {
    List<Path> all = new ArrayList<>(List.of(reference));
    all.addAll(runs);
    List<String> names = labels(all);
    Map<String, RunDirectory> byName = new LinkedHashMap<>();
    for (int i = 0; i < all.size(); i++) {
      byName.put(names.get(i), RunDirectory.open(all.get(i)));
    }
    String referenceName = byName.keySet().iterator().next();
    RunDirectory referenceRun = byName.get(referenceName);
    Map<String, List<List<EvaluationRecord>>> metrics = new LinkedHashMap<>();
    Map<String, Object> described = new LinkedHashMap<>();
    Map<String, List<String>> differing = new LinkedHashMap<>();
    Map<String, String> initialisedFrom = new LinkedHashMap<>();
    for (Map.Entry<String, RunDirectory> e : byName.entrySet()) {
      RunDirectory run = e.getValue();
      List<EvaluationRecord> records = run.readMetrics();
      if (records.isEmpty()) {
        throw new InputException(
            run.path().resolve(RunDirectory.METRICS).toString(), 0, "no evaluation yet: the run has not reached one");
      }
      metrics.put(e.getKey(), List.of(records));
      Map<String, Object> about = new LinkedHashMap<>();
      about.put("path", run.path().toString());
      initialisedFrom.put(e.getKey(), run.info().initialisedFrom());
      about.put("initialisedFrom", initialisedFrom.get(e.getKey()));
      about.put("evaluations", records.size());
      about.put("lastStep", records.get(records.size() - 1).step());
      differing.put(e.getKey(), differences(referenceRun.config(), run.config()));
      about.put("settingsDifferingFromReference", differing.get(e.getKey()));
      described.put(e.getKey(), about);
    }
    List<String> compared = new ArrayList<>(byName.keySet()).subList(1, byName.size());
    Map<String, Map<String, ConvergenceExperiment.Curve>> curves = ConvergenceExperiment.curves(metrics);
    Map<String, Map<String, Object>> speedups =
        ConvergenceExperiment.speedupsAndPlots(outDir, curves, referenceName, compared, "");

    Map<String, Object> results = new LinkedHashMap<>();
    results.put("reference", referenceName);
    results.put("runs", described);
    results.put("speedup", speedups);
    results.put("curves", curves);
    AtomicFiles.writeString(outDir.resolve("results.json"), Json.MAPPER.writeValueAsString(results));
    AtomicFiles.writeString(
        outDir.resolve("results.md"), report(referenceName, initialisedFrom, compared, speedups, differing));
    return results;
  }

  /**
   * The Markdown report: the speedup table, then one line per run on its initialisation and differing settings.
   *
   * @param initialisedFrom by run label, in order, the reference first: where its weights came from (null: random)
   */
  private static String report(
      String referenceName, Map<String, String> initialisedFrom, List<String> compared,
      Map<String, Map<String, Object>> speedups, Map<String, List<String>> differing) {
    StringBuilder md =
        new StringBuilder(
            "Convergence speedup (" + referenceName + " steps to its best validation error / steps of each run to"
                + " reach it)\n\n");
    md.append(ConvergenceExperiment.speedupTable(speedups, compared)).append('\n');
    for (Map.Entry<String, String> e : initialisedFrom.entrySet()) {
      String from = e.getValue();
      List<String> settings = differing.get(e.getKey());
      md.append("- ").append(e.getKey()).append(": ")
          .append(from == null ? "random initialisation" : "initialised from " + from)
          .append(e.getKey().equals(referenceName) ? " (reference)"
              : settings.isEmpty() ? ", same settings as " + referenceName
              : ", settings differ: " + String.join("; ", settings))
          .append('\n');
    }
    return md.toString();
  }

  /**
   * A label per run: the shortest tail of the directory paths that tells them apart, e.g. {@code seed1} for runs in
   * different folders, {@code scratch/seed1} and {@code both/seed1} for the arms of a convergence experiment.
   *
   * @throws IllegalArgumentException when a run is given twice
   */
  public static List<String> labels(List<Path> runs) {
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
