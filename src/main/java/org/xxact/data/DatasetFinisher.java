package org.xxact.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xxact.XxactVersion;
import org.xxact.crystal.InputException;

/**
 * The last step of a build, run once every shard is on disk: one pass over the shards computes the train-split
 * statistics of each target, the split and formula counts and the largest sample, then {@code splits.csv},
 * {@code rejects.jsonl} and finally {@code manifest.json} are written (each atomically). Everything here is derived
 * from the shards, so a resumed build ends with the same files as an uninterrupted one (only the creation time
 * differs).
 */
final class DatasetFinisher {
  private final Path dir;
  private final Manifest.BuildParameters params;
  private final List<TargetDefinition> targets;
  private final PeakSettings peakSettings;
  private final long inputRecords;
  private final int numShards;

  DatasetFinisher(
      Path dir,
      Manifest.BuildParameters params,
      List<TargetDefinition> targets,
      PeakSettings peakSettings,
      long inputRecords,
      int shardSize) {
    this.dir = dir;
    this.params = params;
    this.targets = targets;
    this.peakSettings = peakSettings;
    this.inputRecords = inputRecords;
    this.numShards = (int) ((inputRecords + shardSize - 1) / shardSize);
  }

  Manifest finish() throws IOException {
    List<Shard> shards = new ArrayList<>();
    List<Manifest.ShardInfo> infos = new ArrayList<>();
    for (int n = 0; n < numShards; n++) {
      Path p = DatasetLayout.shard(dir, n);
      if (!Files.isRegularFile(p)) {
        throw new IllegalStateException("shard " + p + " is missing after the build");
      }
      Shard s = Shard.open(p);
      shards.add(s);
      infos.add(new Manifest.ShardInfo(DatasetLayout.shardFile(n), s.size(), Files.size(p)));
    }
    Statistics stats = new Statistics(targets);
    AtomicFiles.write(dir.resolve(DatasetLayout.SPLITS), out -> writeSplits(shards, stats, out));
    long rejected = writeRejects();
    Manifest manifest = stats.manifest(infos, rejected);
    ManifestIo.write(dir.resolve(DatasetLayout.MANIFEST), manifest);
    cleanUp(dir);
    return manifest;
  }

  /** Removes what only an unfinished build needs: per-shard reject lists and the build parameters. */
  static void cleanUp(Path dir) throws IOException {
    Path shards = dir.resolve(DatasetLayout.SHARDS);
    if (Files.isDirectory(shards)) {
      try (var entries = Files.list(shards)) {
        for (Path p : (Iterable<Path>) entries::iterator) {
          if (p.getFileName().toString().endsWith(".rejects.jsonl")) {
            Files.delete(p);
          }
        }
      }
    }
    Files.deleteIfExists(dir.resolve(DatasetLayout.BUILD_PARAMS));
  }

  private void writeSplits(List<Shard> shards, Statistics stats, OutputStream out) throws IOException {
    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    w.write("id,split\n");
    float[] values = new float[targets.size()];
    for (Shard s : shards) {
      for (int i = 0; i < s.size(); i++) {
        Split split = s.split(i);
        w.write(CsvText.field(s.id(i)));
        w.write(',');
        w.write(split.label());
        w.write('\n');
        s.targets(i, values, 0);
        stats.add(split, s.reducedFormula(i), s.numElements(i), s.numPeaks(i), values);
      }
    }
    w.flush();
  }

  /** Concatenates the per-shard reject lists in shard order; returns the number of rejects. */
  private long writeRejects() throws IOException {
    long[] count = {0};
    AtomicFiles.write(
        dir.resolve(DatasetLayout.REJECTS),
        out -> {
          for (int n = 0; n < numShards; n++) {
            Path part = DatasetLayout.shardRejects(dir, n);
            try (InputStream in = Files.newInputStream(part)) {
              byte[] bytes = in.readAllBytes();
              out.write(bytes);
              for (byte b : bytes) {
                if (b == '\n') {
                  count[0]++;
                }
              }
            }
          }
        });
    return count[0];
  }

  /** Accumulates counts and train statistics over all samples in shard order. */
  private final class Statistics {
    final List<TargetDefinition> defs;
    final long[][] known;
    final long[] trainCount;
    final double[] mean;
    final double[] m2;
    final double[] min;
    final double[] max;
    final long[][] classCounts;
    final long[] perSplit = new long[Split.values().length];
    final long[][] formulaHashes = new long[Split.values().length][];
    final int[] formulaCount = new int[Split.values().length];
    int maxElements;
    int maxPeaks;

    Statistics(List<TargetDefinition> defs) {
      this.defs = defs;
      int t = defs.size();
      known = new long[t][Split.values().length];
      trainCount = new long[t];
      mean = new double[t];
      m2 = new double[t];
      min = new double[t];
      max = new double[t];
      Arrays.fill(min, Double.POSITIVE_INFINITY);
      Arrays.fill(max, Double.NEGATIVE_INFINITY);
      classCounts = new long[t][];
      for (int k = 0; k < t; k++) {
        classCounts[k] = new long[defs.get(k).classNames().size()];
      }
      for (int s = 0; s < formulaHashes.length; s++) {
        formulaHashes[s] = new long[1024];
      }
    }

    void add(Split split, String formula, int elements, int peaks, float[] values) {
      int sp = split.code();
      perSplit[sp]++;
      if (formulaCount[sp] == formulaHashes[sp].length) {
        formulaHashes[sp] = Arrays.copyOf(formulaHashes[sp], formulaHashes[sp].length * 2);
      }
      formulaHashes[sp][formulaCount[sp]++] = Dataset.formulaKey(formula);
      maxElements = Math.max(maxElements, elements);
      maxPeaks = Math.max(maxPeaks, peaks);
      for (int t = 0; t < values.length; t++) {
        float v = values[t];
        if (Float.isNaN(v)) {
          continue;
        }
        known[t][sp]++;
        if (split != Split.TRAIN) {
          continue;
        }
        if (defs.get(t).kind() == TargetKind.CLASSIFICATION) {
          classCounts[t][(int) v]++;
        } else {
          long n = ++trainCount[t];
          double delta = v - mean[t];
          mean[t] += delta / n;
          m2[t] += delta * (v - mean[t]);
          min[t] = Math.min(min[t], v);
          max[t] = Math.max(max[t], v);
        }
      }
    }

    Manifest manifest(List<Manifest.ShardInfo> shards, long rejected) {
      List<Manifest.TargetInfo> infos = new ArrayList<>();
      for (int t = 0; t < defs.size(); t++) {
        TargetDefinition d = defs.get(t);
        Map<String, Long> k = new LinkedHashMap<>();
        for (Split s : Split.values()) {
          k.put(s.label(), known[t][s.code()]);
        }
        if (d.kind() == TargetKind.CLASSIFICATION) {
          List<Long> counts = new ArrayList<>();
          for (long c : classCounts[t]) {
            counts.add(c);
          }
          infos.add(new Manifest.TargetInfo(
              d.name(), d.kind(), d.unit(), d.sourceColumns(), k, null, null, null, null, d.classNames(), counts));
        } else {
          boolean any = trainCount[t] > 0;
          infos.add(new Manifest.TargetInfo(
              d.name(), d.kind(), d.unit(), d.sourceColumns(), k,
              any ? mean[t] : null,
              any ? Math.sqrt(m2[t] / trainCount[t]) : null,
              any ? min[t] : null,
              any ? max[t] : null,
              null, null));
        }
      }
      Map<String, Long> splitCounts = new LinkedHashMap<>();
      Map<String, Long> formulas = new LinkedHashMap<>();
      long samples = 0;
      for (Split s : Split.values()) {
        splitCounts.put(s.label(), perSplit[s.code()]);
        samples += perSplit[s.code()];
        long[] h = Arrays.copyOf(formulaHashes[s.code()], formulaCount[s.code()]);
        Arrays.sort(h);
        formulaHashes[s.code()] = h;
        formulas.put(s.label(), (long) distinct(h));
      }
      if (samples + rejected != inputRecords) {
        throw new IllegalStateException(
            "the shards hold " + samples + " samples and " + rejected + " rejects, but " + inputRecords
                + " records were read");
      }
      Manifest.Counts counts =
          new Manifest.Counts(inputRecords, samples, rejected, splitCounts, formulas, sharedFormulas());
      return new Manifest(
          Manifest.FORMAT,
          DatasetLayout.FORMAT_VERSION,
          XxactVersion.get(),
          Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
          params,
          params.hasPatterns() ? peakSettings.describe() : null,
          infos,
          counts,
          maxElements,
          maxPeaks,
          shards);
    }

    /** Distinct formulas that occur in more than one split. */
    private long sharedFormulas() {
      long shared = 0;
      long[] train = formulaHashes[Split.TRAIN.code()];
      long[] val = formulaHashes[Split.VAL.code()];
      long[] test = formulaHashes[Split.TEST.code()];
      long[] all = new long[train.length + val.length + test.length];
      int n = 0;
      for (long[] h : List.of(train, val, test)) {
        int u = 0;
        for (int i = 0; i < h.length; i++) {
          if (i == 0 || h[i] != h[i - 1]) {
            all[n + u++] = h[i];
          }
        }
        n += u;
      }
      long[] distinctPerSplit = Arrays.copyOf(all, n);
      Arrays.sort(distinctPerSplit);
      for (int i = 1; i < distinctPerSplit.length; i++) {
        if (distinctPerSplit[i] == distinctPerSplit[i - 1] && (i < 2 || distinctPerSplit[i - 2] != distinctPerSplit[i])) {
          shared++;
        }
      }
      return shared;
    }
  }

  private static int distinct(long[] sorted) {
    int n = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        n++;
      }
    }
    return n;
  }
}
