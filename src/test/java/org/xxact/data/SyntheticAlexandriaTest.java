package org.xxact.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.crystal.io.RecordResult;
import org.xxact.crystal.io.StructureInputOptions;
import org.xxact.crystal.io.StructureInputs;
import org.xxact.crystal.io.StructureRecord;
import org.xxact.crystal.io.StructureSource;

class SyntheticAlexandriaTest {
  @TempDir Path tmp;

  @Test
  void writesAlexandriaEntriesThatTheReadersAndTheBuildAccept() throws Exception {
    Path source = TestInputs.sample(tmp);
    AtomicLong written = new AtomicLong();
    List<Path> files = SyntheticAlexandria.write(source, tmp.resolve("alex"), 450, 200, 7, 2, written);
    assertThat(files).extracting(p -> p.getFileName().toString())
        .containsExactly("alexandria_000.json.bz2", "alexandria_001.json.bz2", "alexandria_002.json.bz2");
    assertThat(written.get()).isEqualTo(450);

    List<StructureRecord> entries = new ArrayList<>();
    List<StructureRecord> originals = new ArrayList<>();
    try (StructureSource src = StructureInputs.open(files, StructureInputOptions.defaults());
        StructureSource orig = StructureInputs.open(List.of(source), StructureInputOptions.defaults())) {
      while (src.hasNext()) {
        RecordResult r = src.next();
        assertThat(r).isInstanceOf(StructureRecord.class);
        entries.add((StructureRecord) r);
      }
      orig.forEachRemaining(r -> originals.add((StructureRecord) r));
    }
    assertThat(entries).hasSize(450);
    assertThat(entries.get(0).id()).isEqualTo("agm000000000");
    assertThat(entries.get(449).id()).isEqualTo("agm000000449");
    assertThat(entries.get(0).properties()).containsKeys("e_form", "e_above_hull", "band_gap_ind", "band_gap_dir",
        "spg");
    // The first pass copies the structures; entry 300 is a strained (and maybe substituted) copy of structure 0.
    StructureRecord first = originals.get(0);
    assertThat(entries.get(0).structure().lattice().volumeAngstrom3())
        .isCloseTo(first.structure().lattice().volumeAngstrom3(), org.assertj.core.data.Offset.offset(1e-6));
    assertThat(Double.parseDouble(entries.get(0).properties().get("e_form")))
        .isEqualTo(Double.parseDouble(first.properties().get("formation_energy_per_atom")));
    assertThat(entries.get(300).structure().lattice().volumeAngstrom3())
        .isNotEqualTo(first.structure().lattice().volumeAngstrom3());
    assertThat(entries.get(300).structure().numberOfSites()).isEqualTo(first.structure().numberOfSites());

    Path out = tmp.resolve("ds");
    Manifest m = new DatasetBuilder(
            TestInputs.options(List.of(tmp.resolve("alex")), "e_form,e_above_hull,band_gap_ind,crystal_system,is_metal",
                out, 2, 128),
            new DatasetBuilder.Listener() {})
        .build()
        .manifest();
    assertThat(m.counts().samples()).isEqualTo(450);
    assertThat(m.build().inputs().get(0).sizeBytes())
        .isEqualTo(files.stream().mapToLong(f -> f.toFile().length()).sum());
    assertThat(m.targets().get(0).unit()).isEqualTo("eV/atom");
    assertThat(m.targets().get(3).source()).contains("spg");
  }
}
