package org.xxact.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.crystal.InputException;

class ShardFormatTest {
  @TempDir Path tmp;

  private static Sample sample(String id, Split split, float target) {
    return new Sample(id, "NaCl", split, new int[] {11, 17}, new float[] {4, 4},
        new float[] {3.25f, 2.82f, 1.99f}, new float[] {12.5f, 100f, 57.3f}, new float[] {target, Float.NaN});
  }

  @Test
  void writtenShardReadsBackThroughTheMemoryMap() throws Exception {
    List<Sample> samples = List.of(sample("mp-22862", Split.TRAIN, -2.1f), sample("Ångström-1", Split.TEST, 0f),
        new Sample("empty", "Cs", Split.VAL, new int[] {55}, new float[] {1}, new float[0], new float[0],
            new float[] {1f, 2f}));
    Path file = tmp.resolve("s.bin");
    AtomicFiles.write(file, ShardFormat.encode(samples, 2));
    Shard shard = Shard.open(file);
    assertThat(shard.size()).isEqualTo(3);
    assertThat(shard.numTargets()).isEqualTo(2);
    for (int i = 0; i < samples.size(); i++) {
      assertSameSample(shard.sample(i), samples.get(i));
    }
    assertThat(shard.target(0, 1)).isNaN();
    assertThat(shard.numPeaks(2)).isZero();
  }

  @Test
  void emptyShardIsValid() throws Exception {
    assertThat(write("empty.bin", List.of(), 3).size()).isZero();
  }

  private Shard write(String name, List<Sample> samples, int targets) throws java.io.IOException {
    Path file = tmp.resolve(name);
    AtomicFiles.write(file, ShardFormat.encode(samples, targets));
    return Shard.open(file);
  }

  @Test
  void truncatedOrForeignFilesAreRefusedWithTheirName() throws Exception {
    ByteBuffer bytes = ShardFormat.encode(List.of(sample("a", Split.TRAIN, 1f)), 2);
    byte[] all = new byte[bytes.remaining()];
    bytes.get(all);
    Path cut = tmp.resolve("cut.bin");
    Files.write(cut, java.util.Arrays.copyOf(all, all.length - 3));
    assertThatThrownBy(() -> Shard.open(cut)).isInstanceOf(InputException.class)
        .hasMessageContaining("cut.bin").hasMessageContaining("truncated");
    Path text = tmp.resolve("text.bin");
    Files.writeString(text, "id,split\nmp-1,train\n and more text");
    assertThatThrownBy(() -> Shard.open(text)).isInstanceOf(InputException.class).hasMessageContaining("bad magic");
  }

  @Property(tries = 50)
  void anySamplesRoundTrip(@ForAll("samples") List<Sample> samples) throws Exception {
    Path file = Files.createTempFile("shard", ".bin");
    AtomicFiles.write(file, ShardFormat.encode(samples, 3));
    Shard shard = Shard.open(file);
    Files.delete(file);
    assertThat(shard.size()).isEqualTo(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      assertSameSample(shard.sample(i), samples.get(i));
    }
  }

  @Provide
  Arbitrary<List<Sample>> samples() {
    Arbitrary<String> text = Arbitraries.strings().ofMaxLength(30);
    Arbitrary<Split> split = Arbitraries.of(Split.class);
    Arbitrary<Integer> elements = Arbitraries.integers().between(1, 12);
    Arbitrary<Integer> peaks = Arbitraries.integers().between(0, 300);
    Arbitrary<Long> seed = Arbitraries.longs();
    return Combinators.combine(text, text, split, elements, peaks, seed)
        .as((id, formula, s, ne, np, sd) -> {
          java.util.SplittableRandom r = new java.util.SplittableRandom(sd);
          int[] z = new int[ne];
          float[] a = new float[ne];
          for (int e = 0; e < ne; e++) {
            z[e] = 1 + r.nextInt(103);
            a[e] = (float) (0.1 + 20 * r.nextDouble());
          }
          float[] d = new float[np];
          float[] in = new float[np];
          for (int p = 0; p < np; p++) {
            d[p] = (float) (0.8 + 10 * r.nextDouble());
            in[p] = (float) (100 * r.nextDouble());
          }
          float[] t = {(float) r.nextGaussian(), r.nextBoolean() ? Float.NaN : 3f, r.nextInt(7)};
          return new Sample(id, formula, s, z, a, d, in, t);
        })
        .list()
        .ofMaxSize(20)
        .map(ArrayList::new);
  }

  static void assertSameSample(Sample actual, Sample expected) {
    assertThat(actual.id()).isEqualTo(expected.id());
    assertThat(actual.reducedFormula()).isEqualTo(expected.reducedFormula());
    assertThat(actual.split()).isEqualTo(expected.split());
    assertThat(actual.atomicNumbers()).containsExactly(expected.atomicNumbers());
    assertThat(actual.amounts()).containsExactly(expected.amounts());
    assertThat(actual.dSpacingAngstrom()).containsExactly(expected.dSpacingAngstrom());
    assertThat(actual.intensities()).containsExactly(expected.intensities());
    assertThat(actual.targets()).usingElementComparator(Float::compare).containsExactly(
        box(expected.targets()));
  }

  private static Float[] box(float[] a) {
    Float[] b = new Float[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = a[i];
    }
    return b;
  }
}
