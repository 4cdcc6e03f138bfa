package org.xxact.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xxact.crystal.CrystalSystem;
import org.xxact.crystal.Lattice;
import org.xxact.crystal.Site;
import org.xxact.crystal.io.SpaceGroup;
import org.xxact.crystal.io.StructureInputOptions;
import org.xxact.crystal.io.StructureInputs;
import org.xxact.crystal.io.StructureRecord;
import org.xxact.crystal.io.StructureSource;
import org.xxact.xrd.DiffractionPeak;
import org.xxact.xrd.HklFamily;
import org.xxact.xrd.XrdCalculator;

class RandomCrystalsTest {
  @TempDir Path tmp;

  @Test
  void theSameSeedAndIndexGiveTheSameCrystal() {
    RandomCrystals.Crystal a = RandomCrystals.generate(3, 17);
    RandomCrystals.Crystal b = RandomCrystals.generate(3, 17);
    assertThat(a.spaceGroupNumber()).isEqualTo(b.spaceGroupNumber());
    assertThat(a.structure().lattice().matrix()).isDeepEqualTo(b.structure().lattice().matrix());
    assertThat(a.structure().sites()).isEqualTo(b.structure().sites());
    assertThat(RandomCrystals.generate(3, 18).structure().lattice().matrix())
        .isNotEqualTo(a.structure().lattice().matrix());
  }

  @Test
  void everyCrystalHasTheSymmetryAndMetricOfItsGroupAndKeepsItsAtomsApart() {
    Map<CrystalSystem, Integer> perSystem = new EnumMap<>(CrystalSystem.class);
    for (int k = 0; k < 350; k++) {
      RandomCrystals.Crystal c = RandomCrystals.generate(11, k);
      SpaceGroup g = SpaceGroup.of(c.spaceGroupNumber());
      perSystem.merge(g.crystalSystem(), 1, Integer::sum);
      List<Site> sites = c.structure().sites();
      assertThat(sites.size()).isBetween(1, RandomCrystals.MAX_ATOMS_PER_CELL);
      // Every image of every atom under the group is an atom of the same element.
      for (Site s : sites) {
        for (double[] p : g.orbit(s.x(), s.y(), s.z())) {
          assertThat(sites.stream().anyMatch(o -> o.species().equals(s.species()) && same(o, p)))
              .as("crystal %d (group %d): image of %s", k, g.number(), s).isTrue();
        }
      }
      assertMetric(g.crystalSystem(), c.structure().lattice(), k);
      assertThat(RandomCrystals.closestRelativeDistance(c.structure().lattice(), sites))
          .as("crystal %d", k).isGreaterThanOrEqualTo(RandomCrystals.MIN_DISTANCE_RADII - 1e-9);
    }
    // Crystal systems are drawn uniformly: 50 expected of each.
    assertThat(perSystem).hasSize(7);
    assertThat(perSystem.values()).allSatisfy(n -> assertThat(n).isBetween(25, 80));
  }

  @Test
  void patternsOfBodyCentredCrystalsHaveNoReflectionWithAnOddIndexSum() {
    XrdCalculator calculator = XrdCalculator.pymatgenDefaults();
    int checked = 0;
    for (int k = 0; checked < 5 && k < 2000; k++) {
      RandomCrystals.Crystal c = RandomCrystals.generate(5, k);
      if (!SpaceGroup.of(c.spaceGroupNumber()).symbol().startsWith("I")) {
        continue;
      }
      checked++;
      for (DiffractionPeak peak : calculator.calculate(c.structure()).peaks()) {
        for (HklFamily f : peak.families()) {
          int[] hkl = f.hkl();
          assertThat(Math.floorMod(hkl[0] + hkl[1] + hkl[2], 2))
              .as("group %d reflection %s", c.spaceGroupNumber(), f).isZero();
        }
      }
    }
    assertThat(checked).isEqualTo(5);
  }

  @Test
  void writtenCrystalsReadBackWithTheirSpaceGroups() throws Exception {
    AtomicLong written = new AtomicLong();
    List<Path> files = RandomCrystals.write(tmp.resolve("rc"), 25, 10, 4, 2, written);
    assertThat(files).hasSize(3);
    assertThat(written.get()).isEqualTo(25);
    List<StructureRecord> records = new ArrayList<>();
    try (StructureSource src = StructureInputs.open(files, StructureInputOptions.defaults())) {
      src.forEachRemaining(r -> records.add((StructureRecord) r));
    }
    assertThat(records).hasSize(25);
    for (int k = 0; k < 25; k++) {
      RandomCrystals.Crystal c = RandomCrystals.generate(4, k);
      assertThat(records.get(k).id()).isEqualTo(String.format("random%09d", k));
      assertThat(records.get(k).properties()).containsEntry("spg", Integer.toString(c.spaceGroupNumber()));
      assertThat(records.get(k).structure().numberOfSites()).isEqualTo(c.structure().numberOfSites());
    }
  }

  private static boolean same(Site s, double[] p) {
    double[] d = {s.x() - p[0], s.y() - p[1], s.z() - p[2]};
    for (double v : d) {
      if (Math.abs(v - Math.rint(v)) > 1e-6) {
        return false;
      }
    }
    return true;
  }

  private static void assertMetric(CrystalSystem system, Lattice l, int k) {
    double tol = 1e-6;
    switch (system) {
      case TRICLINIC -> { }
      case MONOCLINIC -> {
        assertThat(l.alpha()).as("crystal %d", k).isCloseTo(90, offset(tol));
        assertThat(l.gamma()).isCloseTo(90, offset(tol));
      }
      case ORTHORHOMBIC -> assertThat(new double[] {l.alpha(), l.beta(), l.gamma()})
          .containsExactly(new double[] {90, 90, 90}, offset(tol));
      case TETRAGONAL -> {
        assertThat(l.b()).isCloseTo(l.a(), offset(tol));
        assertThat(l.gamma()).isCloseTo(90, offset(tol));
      }
      case TRIGONAL, HEXAGONAL -> {
        assertThat(l.b()).isCloseTo(l.a(), offset(tol));
        assertThat(l.gamma()).isCloseTo(120, offset(tol));
      }
      case CUBIC -> {
        assertThat(l.b()).isCloseTo(l.a(), offset(tol));
        assertThat(l.c()).isCloseTo(l.a(), offset(tol));
        assertThat(l.beta()).isCloseTo(90, offset(tol));
      }
    }
  }
}
