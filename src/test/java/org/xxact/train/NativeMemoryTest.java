package org.xxact.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xxact.data.Batch;
import org.xxact.model.DjlRuntime;
import org.xxact.model.Modality;
import org.xxact.model.XxactModel;

/**
 * Training must not leak native memory: every step's tensors are closed by its scope. A child JVM (fixed, pre-touched
 * heap, so that heap pages touched late do not look like native growth; one PyTorch thread) trains a fused model and
 * reports resident memory (VmRSS) averaged over a window after warm-up and over a window {@link #GAP_STEPS} steps later.
 * The later window may not be higher by more than {@link #RSS_GROWTH_TOLERANCE_MB}: one leaked activation per step
 * ([32, 32, 64] floats, 256 kB) would add about 90 MB. The arrays the model's manager holds may not grow at all.
 */
class NativeMemoryTest {
  /**
   * Allocator growth after warm-up: measured 0-15 MB between such windows of a leak-free run (PyTorch's CPU allocator
   * and glibc settle within about 400 steps).
   */
  private static final double RSS_GROWTH_TOLERANCE_MB = 30;

  private static final int WARMUP_STEPS = 400;
  private static final int WINDOW_STEPS = 50;
  private static final int GAP_STEPS = 300;
  /** Generous bound for the child on a loaded 2-core machine; a free one needs about half a minute. */
  private static final long CHILD_TIMEOUT_MINUTES = 5;

  @Test
  void residentMemoryStaysFlatOverHundredsOfSteps() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(), "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", "-cp", System.getProperty("java.class.path"),
                NativeMemoryTest.class.getName())
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(CHILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)).isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    String[] fields = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow().split(" ");
    double early = Double.parseDouble(fields[1]);
    double late = Double.parseDouble(fields[2]);
    int managedEarly = Integer.parseInt(fields[3]);
    int managedLate = Integer.parseInt(fields[4]);
    assertThat(managedLate).isEqualTo(managedEarly);
    assertThat(late - early)
        .as("VmRSS grew from %.1f MB to %.1f MB", early, late)
        .isLessThan(RSS_GROWTH_TOLERANCE_MB);
  }

  /** The child: trains and prints "RESULT earlyMb lateMb managedEarly managedLate". */
  public static void main(String[] args) throws IOException {
    RunConfig config =
        TinyConfigs.tiny(
            Modality.FUSED, "model.dModel=64", "model.numHeads=4", "model.gridPoints=1024", "train.threads=1");
    TrainingData data = SyntheticMaterials.data(640, 8, 1024, 3);
    Engine engine = DjlRuntime.engine(config.train().threads());
    double[] weights = Trainer.lossWeights(data.targets(), config.train());
    int batchSize = config.train().batchSize();
    try (XxactModel model = XxactModel.create(config.model(), data.targets(), 1)) {
      AdamW optimizer = new AdamW(model.parameters(), model.manager(), config.train(), Map.of(), 0);
      List<Double> rss = new ArrayList<>();
      int managedEarly = -1;
      Iterator<Batch> batches = data.trainBatches(1, 0, batchSize, 0);
      int epoch = 0;
      int total = WARMUP_STEPS + WINDOW_STEPS + GAP_STEPS;
      for (int step = 0; step < total; step++) {
        if (!batches.hasNext()) {
          batches = data.trainBatches(1, ++epoch, batchSize, 0);
        }
        SupervisedStep.Outcome outcome =
            SupervisedStep.run(
                model, optimizer, engine, batches.next(), weights, 1.0, 1e-3, 0.1f, 1.0, step, name -> true);
        if (!outcome.applied()) {
          throw new IllegalStateException("step " + step + " was skipped");
        }
        if (step == WARMUP_STEPS) {
          managedEarly = model.manager().getManagedArrays().size();
        }
        rss.add(residentMb());
      }
      double early = mean(rss.subList(WARMUP_STEPS, WARMUP_STEPS + WINDOW_STEPS));
      double late = mean(rss.subList(total - WINDOW_STEPS, total));
      System.out.println(
          "RESULT " + early + " " + late + " " + managedEarly + " " + model.manager().getManagedArrays().size());
    }
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  /** VmRSS of this process in MB, from /proc/self/status (Linux). */
  private static double residentMb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
