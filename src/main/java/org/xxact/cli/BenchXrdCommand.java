package org.xxact.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.xxact.crystal.InputException;
import org.xxact.crystal.Structure;
import org.xxact.crystal.io.RecordResult;
import org.xxact.crystal.io.RejectedRecord;
import org.xxact.crystal.io.StructureInputOptions;
import org.xxact.crystal.io.StructureInputs;
import org.xxact.crystal.io.StructureRecord;
import org.xxact.crystal.io.StructureSource;
import org.xxact.xrd.DiffractionPattern;
import org.xxact.xrd.PatternGrid;
import org.xxact.xrd.PatternRenderer;
import org.xxact.xrd.PeakShape;
import org.xxact.xrd.XrdCalculator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xxact bench xrd}: how fast the XRD calculator and the grid renderer are, on the project's data.
 *
 * <ul>
 *   <li>mean and median milliseconds per structure on one thread for the 280 reference structures (the set pymatgen's
 *       own timing refers to) and for every structure of the input;
 *   <li>structures per second with 1, 2, ... threads pulling from one shared queue (thread scaling);
 *   <li>4096-point patterns per second rendered on one thread from the reference patterns' peaks (the data loader's
 *       workload).
 * </ul>
 *
 * Reading the input is timed separately and excluded. Each timed part follows a warm-up so that the JIT has compiled
 * the hot code.
 */
@Command(
    name = "xrd",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Time the XRD calculator (ms per structure, structures/s per thread count) and the grid renderer.")
public final class BenchXrdCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--input",
      paramLabel = "FILE",
      defaultValue = "data/mp_cgcnn36k/mp_cgcnn36k.csv.gz",
      description = "Structures to time (default: ${DEFAULT-VALUE}).")
  Path input;

  @Option(
      names = "--reference",
      paramLabel = "FILE",
      defaultValue = "data/mp_cgcnn36k/xrd_reference_pymatgen_CuKa.jsonl.gz",
      description = "Gzipped JSON lines whose \"id\" values pick the reference subset (default: ${DEFAULT-VALUE}).")
  Path reference;

  @Option(
      names = "--id-column",
      paramLabel = "NAME",
      defaultValue = "id",
      description = "Input column holding those ids (default: ${DEFAULT-VALUE}).")
  String idColumn;

  @Option(
      names = "--threads",
      paramLabel = "N,...",
      split = ",",
      description = "Thread counts for the throughput runs (default: 1, 2 and all cores).")
  List<Integer> threadCounts;

  @Option(
      names = "--repeats",
      paramLabel = "N",
      defaultValue = "10",
      description = "Timed passes over the reference subset (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(
      names = "--warmup-seconds",
      paramLabel = "S",
      defaultValue = "5",
      description = "Warm-up before timing (default: ${DEFAULT-VALUE}).")
  double warmupSeconds;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Use only the first N structures of the input (quick runs).")
  Integer limit;

  @Option(names = "--out", paramLabel = "DIR", description = "Also write bench-xrd.json and bench-xrd.md into DIR.")
  Path outDir;

  /** Two-theta range and radiation of every timed calculation: the model grid's, as in the reference patterns. */
  private static final double TWO_THETA_MIN_DEG = 5;

  private static final double TWO_THETA_MAX_DEG = 90;

  /** FWHM of the rendered peaks, degrees: a typical laboratory width. */
  private static final double RENDER_FWHM_DEG = 0.1;

  /** Minimum duration of each renderer timing, so that a rate rests on many calls. */
  private static final double RENDER_SECONDS = 2;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("environment", BenchEnvironment.describe(spec));
    int cores = Runtime.getRuntime().availableProcessors();
    List<Integer> threads = threadCounts;
    if (threads == null) {
      threads = cores > 2 ? List.of(1, 2, cores) : List.of(1, 2);
    }
    for (int t : threads) {
      if (t < 1) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--threads values must be at least 1");
      }
    }
    if (repeats < 1 || (limit != null && limit < 1) || !(warmupSeconds >= 0)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--repeats and --limit must be at least 1, --warmup-seconds not negative");
    }

    err.println("reading " + input + " ...");
    long t0 = System.nanoTime();
    List<String> ids = new ArrayList<>();
    long[] rejected = new long[1];
    List<Structure> all = read(ids, rejected);
    double readSeconds = (System.nanoTime() - t0) / 1e9;
    Set<String> refIds = referenceIds();
    List<Structure> refs = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (refIds.contains(ids.get(i))) {
        refs.add(all.get(i));
      }
    }
    if (refs.isEmpty()) {
      throw new InputException(
          reference.toString(), 0, "none of its ids is in " + input + " (column " + idColumn + ")");
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("input", input.toString());
    data.put("structures", all.size());
    data.put("rejected_records", rejected[0]);
    data.put("reference_structures", refs.size());
    data.put("median_sites", medianSites(all));
    data.put("reference_median_sites", medianSites(refs));
    data.put("read_seconds", round(readSeconds, 2));
    result.put("data", data);

    XrdCalculator calc =
        XrdCalculator.builder().twoThetaRangeDeg(TWO_THETA_MIN_DEG, TWO_THETA_MAX_DEG).build();
    err.printf(Locale.ROOT, "warm-up %.0f s ...%n", warmupSeconds);
    warmUp(calc, all, warmupSeconds);

    err.println("one thread, reference structures ...");
    double[] refTimes = new double[refs.size() * repeats];
    long refCpu = 0;
    for (int r = 0; r < repeats; r++) {
      refCpu += time(calc, refs, refTimes, r * refs.size());
    }
    result.put("reference_one_thread", stats(refTimes, refCpu));

    err.println("one thread, all structures ...");
    double[] allTimes = new double[all.size()];
    long allCpu = time(calc, all, allTimes, 0);
    result.put("all_one_thread", stats(allTimes, allCpu));

    List<Map<String, Object>> scaling = new ArrayList<>();
    double oneThreadRate = Double.NaN;
    for (int t : threads) {
      err.println(t + " thread(s), all structures ...");
      double[] times = throughput(calc, all, t);
      double seconds = times[0];
      double rate = all.size() / seconds;
      if (t == 1) {
        oneThreadRate = rate;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("threads", t);
      row.put("seconds", round(seconds, 3));
      row.put("structures_per_second", round(rate, 1));
      row.put("speedup_vs_one_thread", Double.isNaN(oneThreadRate) ? null : round(rate / oneThreadRate, 2));
      row.put("cores_used", round(times[1] / seconds, 2));
      row.put("structures_per_cpu_second", round(all.size() / times[1], 1));
      scaling.add(row);
    }
    result.put("thread_scaling", scaling);

    err.println("rendering ...");
    result.put("render_one_thread", renderRates(calc, refs));
    @SuppressWarnings("unchecked")
    Map<String, Object> env = (Map<String, Object>) result.get("environment");
    env.put("load_average_at_end", BenchEnvironment.loadAverage());

    String markdown = markdown(result);
    BenchOutput.report(spec, outDir, "xrd", result, markdown);
    return ExitCode.OK;
  }

  private List<Structure> read(List<String> ids, long[] rejected) {
    List<Structure> out = new ArrayList<>();
    RejectedRecord firstReject = null;
    StructureInputOptions options = StructureInputOptions.defaults().withIdColumn(idColumn);
    try (StructureSource source = StructureInputs.open(List.of(input), options)) {
      while (source.hasNext() && (limit == null || out.size() < limit)) {
        RecordResult r = source.next();
        if (r instanceof StructureRecord s) {
          ids.add(s.id());
          out.add(s.structure());
        } else if (r instanceof RejectedRecord rej) {
          rejected[0]++;
          firstReject = firstReject == null ? rej : firstReject;
        }
      }
    }
    if (out.isEmpty()) {
      throw firstReject == null
          ? new InputException(input.toString(), 0, "no structure in the file")
          : new InputException(firstReject.source(), firstReject.line(), firstReject.reason());
    }
    return out;
  }

  private Set<String> referenceIds() throws IOException {
    Set<String> ids = new HashSet<>();
    ObjectMapper json = new ObjectMapper();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(new GZIPInputStream(Files.newInputStream(reference)), StandardCharsets.UTF_8))) {
      String line;
      long n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode id = json.readTree(line).get("id");
        if (id == null) {
          throw new InputException(reference.toString(), n, "no \"id\" field");
        }
        ids.add(id.asText());
      }
    }
    return ids;
  }

  private static int medianSites(List<Structure> structures) {
    int[] n = new int[structures.size()];
    for (int i = 0; i < n.length; i++) {
      n[i] = structures.get(i).numberOfSites();
    }
    Arrays.sort(n);
    return n[n.length / 2];
  }

  /** Keeps the results reachable so that the JIT cannot drop the work. */
  private static volatile int sink;

  private static void warmUp(XrdCalculator calc, List<Structure> structures, double seconds) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    int i = 0;
    int acc = 0;
    while (System.nanoTime() < end) {
      acc += calc.calculate(structures.get(i++ % structures.size())).size();
    }
    sink = acc;
  }

  /**
   * Per-structure wall times in ms into times[offset...].
   *
   * @return CPU time of the calling thread over the whole pass, ns (-1 where the JVM cannot measure it); unlike wall
   *     time it does not count time the thread waited for a core on a busy machine
   */
  private static long time(XrdCalculator calc, List<Structure> structures, double[] times, int offset) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    boolean cpu = threads.isCurrentThreadCpuTimeSupported();
    long cpuStart = cpu ? threads.getCurrentThreadCpuTime() : 0;
    int acc = 0;
    for (int i = 0; i < structures.size(); i++) {
      long s = System.nanoTime();
      DiffractionPattern p = calc.calculate(structures.get(i));
      times[offset + i] = (System.nanoTime() - s) / 1e6;
      acc += p.size();
    }
    sink = acc;
    return cpu ? threads.getCurrentThreadCpuTime() - cpuStart : -1;
  }

  /**
   * Simulates every structure once with {@code threads} workers taking the next index from a shared counter.
   *
   * @return {wall seconds, CPU seconds summed over the workers}; their ratio is the number of cores the run actually
   *     got, which on a shared machine can be fewer than the threads
   */
  private static double[] throughput(XrdCalculator calc, List<Structure> structures, int threads)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    long[] cpuNanos = new long[threads];
    Thread[] workers = new Thread[threads];
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int slot = t;
      workers[t] =
          new Thread(
              () -> {
                long c0 = mx.getCurrentThreadCpuTime();
                int acc = 0;
                int i;
                while ((i = next.getAndIncrement()) < structures.size()) {
                  acc += calc.calculate(structures.get(i)).size();
                }
                sink = acc;
                cpuNanos[slot] = mx.getCurrentThreadCpuTime() - c0;
              },
              "bench-xrd-" + t);
      workers[t].start();
    }
    for (Thread w : workers) {
      w.join();
    }
    double wall = (System.nanoTime() - start) / 1e9;
    long cpu = 0;
    for (long c : cpuNanos) {
      cpu += c;
    }
    return new double[] {wall, cpu / 1e9};
  }

  private Map<String, Object> renderRates(XrdCalculator calc, List<Structure> refs) {
    List<double[]> positions = new ArrayList<>();
    List<double[]> intensities = new ArrayList<>();
    int maxPeaks = 0;
    long totalPeaks = 0;
    for (Structure s : refs) {
      DiffractionPattern p = calc.calculate(s);
      positions.add(p.twoThetasDeg());
      intensities.add(p.intensities());
      maxPeaks = Math.max(maxPeaks, p.size());
      totalPeaks += p.size();
    }
    PatternGrid grid = PatternGrid.MODEL;
    float[] out = new float[grid.points()];
    double[] fwhm = new double[maxPeaks];
    Arrays.fill(fwhm, RENDER_FWHM_DEG);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("grid_points", grid.points());
    m.put("fwhm_deg", RENDER_FWHM_DEG);
    m.put("mean_peaks", round((double) totalPeaks / refs.size(), 1));
    for (PeakShape shape : PeakShape.values()) {
      PatternRenderer r = new PatternRenderer(grid, shape);
      renderFor(r, positions, intensities, fwhm, out, RENDER_SECONDS / 4);
      double rate = renderFor(r, positions, intensities, fwhm, out, RENDER_SECONDS);
      m.put(shape.label() + "_patterns_per_second", round(rate, 0));
    }
    return m;
  }

  private static double renderFor(
      PatternRenderer r, List<double[]> tt, List<double[]> in, double[] fwhm, float[] out, double seconds) {
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long n = 0;
    while (System.nanoTime() < end) {
      for (int i = 0; i < tt.size(); i++) {
        r.render(tt.get(i), in.get(i), tt.get(i).length, fwhm, null, out);
      }
      n += tt.size();
    }
    sink = Float.floatToIntBits(out[0]);
    return n / ((System.nanoTime() - start) / 1e9);
  }

  private static Map<String, Object> stats(double[] ms, long cpuNanos) {
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (double v : ms) {
      sum += v;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("calls", ms.length);
    m.put("mean_ms", round(sum / ms.length, 4));
    m.put("mean_cpu_ms", cpuNanos < 0 ? null : round(cpuNanos / 1e6 / ms.length, 4));
    m.put("median_ms", round(sorted[sorted.length / 2], 4));
    m.put("p99_ms", round(sorted[(int) Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))], 4));
    m.put("max_ms", round(sorted[sorted.length - 1], 3));
    m.put("total_seconds", round(sum / 1000, 3));
    return m;
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  @SuppressWarnings("unchecked")
  private static String markdown(Map<String, Object> r) {
    Map<String, Object> env = (Map<String, Object>) r.get("environment");
    Map<String, Object> data = (Map<String, Object>) r.get("data");
    Map<String, Object> ref = (Map<String, Object>) r.get("reference_one_thread");
    Map<String, Object> all = (Map<String, Object>) r.get("all_one_thread");
    Map<String, Object> render = (Map<String, Object>) r.get("render_one_thread");
    StringBuilder sb = new StringBuilder();
    sb.append("`").append(env.get("command")).append("`  \n");
    sb.append(env.get("date")).append(", ").append(env.get("cpu")).append(", ").append(env.get("cores"))
        .append(" cores, ").append(env.get("java")).append(", load average ").append(env.get("load_average_at_start"))
        .append(" at start, ").append(env.get("load_average_at_end")).append(" at end\n\n");
    sb.append("| XRD peaks, Cu K-alpha, 5-90 deg | structures | median sites | mean ms | mean CPU ms | median ms"
        + " | p99 ms |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
    sb.append(String.format(Locale.ROOT, "| reference set, 1 thread (%s passes) | %s | %s | %s | %s | %s | %s |%n",
        (Integer) ref.get("calls") / (Integer) data.get("reference_structures"), data.get("reference_structures"),
        data.get("reference_median_sites"), ref.get("mean_ms"), ref.get("mean_cpu_ms"), ref.get("median_ms"),
        ref.get("p99_ms")));
    sb.append(String.format(Locale.ROOT, "| all structures, 1 thread | %s | %s | %s | %s | %s | %s |%n",
        data.get("structures"), data.get("median_sites"), all.get("mean_ms"), all.get("mean_cpu_ms"),
        all.get("median_ms"), all.get("p99_ms")));
    sb.append("\n| threads | structures/s | speedup | cores actually used (CPU s / wall s) | structures per CPU s |\n");
    sb.append("|---:|---:|---:|---:|---:|\n");
    for (Map<String, Object> row : (List<Map<String, Object>>) r.get("thread_scaling")) {
      sb.append("| ").append(row.get("threads")).append(" | ").append(row.get("structures_per_second"))
          .append(" | ").append(row.get("speedup_vs_one_thread")).append(" | ").append(row.get("cores_used"))
          .append(" | ").append(row.get("structures_per_cpu_second")).append(" |\n");
    }
    sb.append(String.format(Locale.ROOT,
        "%n| rendering, 1 thread, %s points, FWHM %s deg, %s peaks on average | patterns/s |%n|---|---:|%n",
        render.get("grid_points"), render.get("fwhm_deg"), render.get("mean_peaks")));
    for (PeakShape s : PeakShape.values()) {
      sb.append("| ").append(s.label()).append(" | ").append(render.get(s.label() + "_patterns_per_second"))
          .append(" |\n");
    }
    sb.append(String.format(Locale.ROOT, "%nReading the %s structures (not timed above) took %s s.%n",
        data.get("structures"), data.get("read_seconds")));
    return sb.toString();
  }
}
