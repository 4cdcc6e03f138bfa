package org.xxact.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.train.Pretrainer;
import org.xxact.train.RunDirectory;
import picocli.CommandLine;

/**
 * A tiny end-to-end pipeline through the command line: dataset build, pretraining (both objectives, span masks), resume
 * of the finished run, fine-tuning from it with {@code train --init} (predicting or scoring with the pretraining run
 * itself is refused: it has no heads), embeddings with maps, a probe experiment, a convergence experiment and the
 * speedup between its runs.
 */
class PretrainCommandTest {
  @TempDir Path tmp;

  /** A model small enough for seconds per command; the same sizes for pretraining and fine-tuning. */
  private static final List<String> TINY =
      List.of(
          "--set", "model.dModel=32", "--set", "model.numHeads=2", "--set", "model.ffnDim=64",
          "--set", "model.compositionLayers=1", "--set", "model.xrdLayers=1", "--set", "model.headHiddenDim=16",
          "--set", "train.batchSize=16", "--set", "train.threads=1", "--set", "train.evalEverySteps=2");

  private record Run(int exit, String out, String err) {}

  private static Run run(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = XxactCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args.toArray(new String[0]));
    return new Run(exit, out.toString(), err.toString());
  }

  private static List<String> args(List<String> head, List<String> tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(tail);
    return all;
  }

  @Test
  void pretrainThenFineTuneEmbedAndProbe() throws Exception {
    Path input = tmp.resolve("mp_sample300.csv.gz");
    try (InputStream in = getClass().getResourceAsStream("/org/xxact/data/mp_sample300.csv.gz")) {
      Files.copy(in, input);
    }
    Path ds = tmp.resolve("ds");
    Run build = run(List.of("dataset", "build", "--input", input.toString(), "--targets",
        "formation_energy_per_atom,crystal_system", "--out", ds.toString(), "--limit", "150", "--threads", "1"));
    assertThat(build.exit()).as(build.err()).isEqualTo(ExitCode.OK);

    Path pre = tmp.resolve("pre");
    Run pretrain = run(args(List.of("pretrain", "--data", ds.toString(), "--objective", "both", "--mask-ratio", "0.7",
        "--mask-mode", "span", "--out", pre.toString(), "--set", "train.maxSteps=4"), TINY));
    assertThat(pretrain.exit()).as(pretrain.err()).isEqualTo(ExitCode.OK);
    assertThat(pretrain.err()).contains("both pretraining").contains("stopped (max_steps) after 4 steps");
    assertThat(Pretrainer.pretrainingConfig(pre).maskRatio()).isEqualTo(0.7);
    assertThat(RunDirectory.open(pre).readMetrics()).hasSize(2);

    Run again = run(List.of("pretrain", "--data", ds.toString(), "--out", pre.toString(), "--resume"));
    assertThat(again.exit()).as(again.err()).isEqualTo(ExitCode.OK);
    assertThat(again.err()).contains("resuming").contains("after 4 steps");
    Run clash = run(List.of("pretrain", "--data", ds.toString(), "--out", pre.toString()));
    assertThat(clash.exit()).isEqualTo(ExitCode.USAGE);
    Run resumeInit = run(List.of("pretrain", "--data", ds.toString(), "--out", pre.toString(), "--resume", "--init",
        pre.toString()));
    assertThat(resumeInit.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(resumeInit.err()).contains("--init");

    Path continued = tmp.resolve("continued");
    Run continuedRun = run(args(List.of("pretrain", "--data", ds.toString(), "--objective", "mxm", "--init",
        pre + ":xrd,fusion", "--out", continued.toString(), "--set", "train.maxSteps=2"), TINY));
    assertThat(continuedRun.exit()).as(continuedRun.err()).isEqualTo(ExitCode.OK);
    assertThat(RunDirectory.open(continued).info().initialisedFrom()).isEqualTo(pre + ":xrd,fusion");
    Run badObjective = run(List.of("pretrain", "--data", ds.toString(), "--objective", "mim", "--out",
        tmp.resolve("x").toString()));
    assertThat(badObjective.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(badObjective.err()).contains("--objective").contains("MXM, CONTRASTIVE, BOTH").contains("mim");

    Path tuned = tmp.resolve("tuned");
    Run train = run(args(List.of("train", "--data", ds.toString(), "--init", pre.toString(), "--out",
        tuned.toString(), "--set", "train.maxSteps=4"), TINY));
    assertThat(train.exit()).as(train.err()).isEqualTo(ExitCode.OK);
    assertThat(RunDirectory.open(tuned).info().initialisedFrom()).isEqualTo(pre.toString());
    for (List<String> headless : List.of(
        List.of("predict", "--model", pre.toString(), "--formula", "TiO2"),
        List.of("evaluate", "--model", pre.toString(), "--data", ds.toString()))) {
      Run refused = run(headless);
      assertThat(refused.exit()).as(refused.err()).isEqualTo(ExitCode.INPUT_ERROR);
      assertThat(refused.err()).contains(pre.toString()).contains("no prediction heads").contains("train --init");
    }

    Path csv = tmp.resolve("emb").resolve("tuned-test.csv");
    Run embed = run(List.of("embed", "--model", tuned.toString(), "--data", ds.toString(), "--out", csv.toString()));
    assertThat(embed.exit()).as(embed.err()).isEqualTo(ExitCode.OK);
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).startsWith("id,split,v0,v1,").endsWith(",v31");
    assertThat(lines.get(1)).contains(",test,");
    assertThat(tmp.resolve("emb").resolve("tuned-test-tsne-crystal_system.png")).isRegularFile();
    assertThat(tmp.resolve("emb").resolve("tuned-test-pca-formation_energy_per_atom.png")).isRegularFile();

    Path probe = tmp.resolve("probe");
    Run probeRun = run(List.of("experiment", "probe", "--data", ds.toString(), "--models", pre.toString(),
        "--out", probe.toString()));
    assertThat(probeRun.exit()).as(probeRun.err()).isEqualTo(ExitCode.OK);
    assertThat(probeRun.out()).contains("| pre ").contains("| pre-random-init ");
    assertThat(probe.resolve("results.json")).isRegularFile();
    Run probeAgain = run(List.of("experiment", "probe", "--data", ds.toString(), "--models", pre.toString(),
        "--out", probe.toString()));
    assertThat(probeAgain.err()).contains("pre: reused");
    Run probeUnknownOption = run(List.of("experiment", "probe", "--data", ds.toString(), "--models", pre.toString(),
        "--set", "train.threads=1", "--out", tmp.resolve("probe-unknown-option").toString()));
    assertThat(probeUnknownOption.exit()).isNotEqualTo(ExitCode.OK);
    assertThat(probeUnknownOption.err()).contains("--set: not a run directory").doesNotContain("embedding and probing");

    Path convergence = tmp.resolve("convergence");
    List<String> tinyPretraining = TINY.stream().map(a -> a.equals("--set") ? "--pretrain-set" : a).toList();
    Run converge = run(args(List.of("experiment", "convergence", "--data", ds.toString(), "--objectives",
        "Contrastive", "--seeds", "1", "--out", convergence.toString(), "--pretrain-set", "train.maxSteps=2",
        "--set", "train.maxSteps=4", "--set", "train.threads=1", "--set", "train.batchSize=16"), tinyPretraining));
    assertThat(converge.exit()).as(converge.err()).isEqualTo(ExitCode.OK);
    assertThat(converge.out()).contains("contrastive speedup").doesNotContain("mxm").doesNotContain("both");
    assertThat(convergence.resolve("finetune").resolve("scratch").resolve("seed1")).isDirectory();
    assertThat(convergence.resolve("pretrain")).isDirectoryContaining(p -> p.endsWith("contrastive"))
        .isDirectoryNotContaining(p -> p.endsWith("mxm"));
    assertThat(convergence.resolve("mxm-reconstruction-1.png")).doesNotExist();

    Path finetune = convergence.resolve("finetune");
    Path speedup = tmp.resolve("speedup");
    Run compare = run(List.of("experiment", "speedup", "--reference", finetune.resolve("scratch").resolve("seed1")
        .toString(), "--runs", finetune.resolve("contrastive").resolve("seed1").toString(), tuned.toString(), "--out",
        speedup.toString()));
    assertThat(compare.exit()).as(compare.err()).isEqualTo(ExitCode.OK);
    assertThat(compare.out()).contains("scratch/seed1 steps to its best").contains("| crystal_system ")
        .contains("- scratch/seed1: random initialisation (reference)")
        .contains("- contrastive/seed1: initialised from ").contains("same settings as scratch/seed1")
        .contains("/tuned: initialised from " + pre + ", settings differ from scratch/seed1: ").contains("train.seed: 1 vs 42");
    assertThat(speedup.resolve("curves-formation_energy_per_atom.png")).isRegularFile();
    Run sameRun = run(List.of("experiment", "speedup", "--reference", tuned.toString(), "--runs", tuned.toString(),
        "--out", tmp.resolve("twice").toString()));
    assertThat(sameRun.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(sameRun.err()).contains("a run is given twice");
    Run twoReferences = run(List.of("experiment", "speedup", "--reference", tuned.toString(), pre.toString(),
        "--runs", finetune.resolve("contrastive").resolve("seed1").toString(), "--out", tmp.resolve("two").toString()));
    assertThat(twoReferences.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(twoReferences.err()).contains("several with --paired");
    Run onePair = run(List.of("experiment", "speedup", "--paired", "--reference", tuned.toString(),
        "--runs", finetune.resolve("contrastive").resolve("seed1").toString(), "--out", tmp.resolve("one").toString()));
    assertThat(onePair.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(onePair.err()).contains("two or more");
    Run badObjectives = run(List.of("experiment", "convergence", "--data", ds.toString(), "--objectives", "mim",
        "--out", tmp.resolve("y").toString()));
    assertThat(badObjectives.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(badObjectives.err()).contains("--objectives").contains("MXM, CONTRASTIVE, BOTH");
    Run twice = run(List.of("experiment", "convergence", "--data", ds.toString(), "--objectives", "both,BOTH",
        "--out", tmp.resolve("z").toString()));
    assertThat(twice.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(twice.err()).contains("--objectives names an objective twice");
  }
}
