package org.xxact.xrd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xxact.crystal.Lattice;
import org.xxact.crystal.Site;
import org.xxact.crystal.Species;
import org.xxact.crystal.Structure;
import org.xxact.crystal.io.RecordResult;
import org.xxact.crystal.io.RejectedRecord;
import org.xxact.crystal.io.StructureRecord;
import org.xxact.crystal.io.StructureSource;

class BatchSimulationTest {
  /** Rock-salt cells of growing size, every seventh record rejected by the reader, every eleventh made of Es. */
  static List<RecordResult> records(int n) {
    List<RecordResult> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = "r" + i;
      if (i % 7 == 3) {
        out.add(new RejectedRecord("in.csv", id, i + 2, "bad CIF"));
        continue;
      }
      String metal = i % 11 == 5 ? "Es" : "Na";
      double a = 4 + 0.01 * i;
      Structure s =
          new Structure(
              Lattice.fromParameters(a, a, a, 60, 60, 60),
              List.of(Site.of(Species.of(metal), 0, 0, 0), Site.of(Species.of("Cl"), 0.5, 0.5, 0.5)));
      out.add(new StructureRecord("in.csv", id, i + 2, s, Map.of()));
    }
    return out;
  }

  static StructureSource sourceOf(List<RecordResult> records) {
    Iterator<RecordResult> it = records.iterator();
    return new StructureSource() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public RecordResult next() {
        return it.next();
      }

      @Override
      public void close() {}
    };
  }

  static List<String> run(int threads, List<RecordResult> records) throws InterruptedException {
    List<String> events = new ArrayList<>();
    BatchSimulation.Summary summary =
        new BatchSimulation(XrdCalculator.builder().twoThetaRangeDeg(5, 90).build(), threads)
            .run(
                sourceOf(records),
                new BatchSimulation.Listener() {
                  @Override
                  public void simulated(StructureRecord record, DiffractionPattern pattern) {
                    events.add(record.id() + " " + pattern.size() + " " + pattern.peaks().get(0).twoThetaDeg());
                  }

                  @Override
                  public void rejected(RejectedRecord reject) {
                    events.add(reject.id() + " rejected: " + reject.reason());
                  }
                });
    events.add("summary " + summary.simulated() + " " + summary.rejected());
    return events;
  }

  @Test
  void resultsComeInInputOrderWhateverTheThreadCount() throws InterruptedException {
    List<RecordResult> records = records(150);
    List<String> one = run(1, records);
    List<String> three = run(3, records);
    assertThat(three).isEqualTo(one);
    assertThat(one).hasSize(151);
    assertThat(one.get(0)).startsWith("r0 ");
    assertThat(one.get(3)).isEqualTo("r3 rejected: bad CIF");
    assertThat(one.get(5)).isEqualTo("r5 rejected: no X-ray scattering coefficients for Es");
    long rejected = one.stream().filter(e -> e.contains("rejected")).count();
    assertThat(one.get(150)).isEqualTo("summary " + (150 - rejected) + " " + rejected);
  }
}
