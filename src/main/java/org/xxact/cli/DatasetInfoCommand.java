package org.xxact.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xxact.data.DatasetLayout;
import org.xxact.data.Manifest;
import org.xxact.data.ManifestIo;
import org.xxact.data.TargetKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code xxact dataset info DIR}: the manifest of a dataset, readable (default) or as JSON. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Describe a dataset: inputs, splits, targets with train statistics, diffraction settings, files.")
public final class DatasetInfoCommand implements Callable<Integer> {
  /** Class counts shown per classification target before "...". */
  private static final int MAX_CLASSES_SHOWN = 8;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "Dataset directory.")
  Path dir;

  @Option(names = "--json", description = "Print the manifest as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Manifest m = ManifestIo.readManifest(dir);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.print(Files.readString(dir.resolve(DatasetLayout.MANIFEST)));
    } else {
      print(m, out);
    }
    out.flush();
    return ExitCode.OK;
  }

  private void print(Manifest m, PrintWriter out) {
    Manifest.BuildParameters b = m.build();
    Manifest.Counts c = m.counts();
    out.printf(Locale.ROOT, "dataset    %s (%s v%d, built %s by xxact %s)%n",
        dir, m.format(), m.formatVersion(), m.createdAt(), m.xxactVersion());
    for (Manifest.InputFile f : b.inputs()) {
      out.printf(Locale.ROOT, "input      %s (%s, sha256 %s)%n", f.path(), bytes(f.sizeBytes()), f.sha256());
    }
    for (Manifest.InputFile f : b.trainOnlyInputs()) {
      out.printf(Locale.ROOT, "train-only %s (%s, sha256 %s)%n", f.path(), bytes(f.sizeBytes()), f.sha256());
    }
    out.printf(Locale.ROOT, "records    %,d read: %,d samples, %,d rejected%s%s%n",
        c.inputRecords(), c.samples(), c.rejected(),
        c.rejected() > 0 ? " (see " + DatasetLayout.REJECTS + ")" : "",
        b.limit() == null ? "" : String.format(Locale.ROOT, "; --limit %,d", b.limit()));
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Long> e : c.splits().entrySet()) {
      parts.add(String.format(Locale.ROOT, "%s %,d (%.1f%%)", e.getKey(), e.getValue(),
          c.samples() == 0 ? 0.0 : 100.0 * e.getValue() / c.samples()));
    }
    out.printf(Locale.ROOT, "splits     %s%n", String.join(", ", parts));
    out.printf(Locale.ROOT, "           by %s, fractions %s, seed %d%n", b.splitBy(),
        String.join("/", b.splitFractions().stream().map(f -> String.format(Locale.ROOT, "%.3g", f)).toList()),
        b.seed());
    parts.clear();
    for (Map.Entry<String, Long> e : c.formulas().entrySet()) {
      parts.add(String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()));
    }
    out.printf(Locale.ROOT, "formulas   %s; in more than one split: %,d%n", String.join(", ", parts),
        c.sharedFormulas());
    if (b.hasPatterns()) {
      Manifest.XrdSettings x = m.xrd();
      out.printf(Locale.ROOT, "peaks      %s (%.5f A), 2theta %.1f-%.1f deg (d >= %.3f A); %s%n",
          x.radiation(), x.wavelengthAngstrom(), x.twoThetaMinDeg(), x.twoThetaMaxDeg(), x.minDSpacingAngstrom(),
          x.intensityScale());
      out.printf(Locale.ROOT, "           at most %,d peaks and %d elements per sample%n", m.maxPeaks(), m.maxElements());
    } else {
      out.printf(Locale.ROOT, "peaks      none: compositions read from column '%s' (composition models only)%n",
          b.compositionColumn());
      out.printf(Locale.ROOT, "           at most %d elements per sample%n", m.maxElements());
    }
    if (b.holdOut() != null) {
      out.printf(Locale.ROOT, "held out   the validation and test formulas of %s (manifest sha256 %s)%n",
          Path.of(b.holdOut().path()).getParent(), b.holdOut().sha256());
    }
    long total = m.shards().stream().mapToLong(Manifest.ShardInfo::sizeBytes).sum();
    out.printf(Locale.ROOT, "shards     %d files, %s (%s per sample), %,d input records per shard%n",
        m.shards().size(), bytes(total), c.samples() == 0 ? "-" : bytes(total / c.samples()), b.shardSize());
    out.println("targets");
    for (Manifest.TargetInfo t : m.targets()) {
      String known = String.format(Locale.ROOT, "known train %,d, val %,d, test %,d",
          t.known().get("train"), t.known().get("val"), t.known().get("test"));
      if (t.kind() == TargetKind.REGRESSION) {
        String unit = t.unit().isEmpty() ? "" : " " + t.unit();
        String stats = t.mean() == null ? "no train values"
            : String.format(Locale.ROOT, "train mean %.4g, std %.4g, min %.4g, max %.4g%s",
                t.mean(), t.std(), t.min(), t.max(), unit);
        out.printf(Locale.ROOT, "  %-26s regression      %s; %s%n", t.name(), stats, known);
      } else {
        List<String> classes = new ArrayList<>();
        for (int k = 0; k < t.classNames().size(); k++) {
          long n = t.trainClassCounts().get(k);
          if (n > 0 && classes.size() < MAX_CLASSES_SHOWN) {
            classes.add(t.classNames().get(k) + " " + n);
          }
        }
        long present = t.trainClassCounts().stream().filter(n -> n > 0).count();
        out.printf(Locale.ROOT, "  %-26s classification  %d classes (%d in train): %s%s; %s%n", t.name(),
            t.classNames().size(), present, String.join(", ", classes), present > MAX_CLASSES_SHOWN ? ", ..." : "",
            known);
      }
      out.printf(Locale.ROOT, "  %-26s from %s%n", "", String.join(" or ", t.source()));
    }
  }

  private static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f kB", n / 1024.0);
    }
    if (n < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.2f GB", n / (1024.0 * 1024 * 1024));
  }
}
