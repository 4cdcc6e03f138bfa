package org.xxact.data;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.xxact.crystal.Composition;
import org.xxact.crystal.Element;
import org.xxact.crystal.Elements;
import org.xxact.crystal.InputException;
import org.xxact.crystal.Lattice;
import org.xxact.crystal.Site;
import org.xxact.crystal.Species;
import org.xxact.crystal.SpeciesOccupancy;
import org.xxact.crystal.Structure;
import org.xxact.crystal.io.StructureInputOptions;
import org.xxact.crystal.io.StructureInputs;
import org.xxact.crystal.io.StructureRecord;
import org.xxact.crystal.io.StructureSource;

/**
 * Writes Alexandria-format inputs of any size from real structures, for scale tests and benchmarks: bzip2-compressed
 * JSON files {@code {"entries": [...]}} of pymatgen {@code ComputedStructureEntry} dicts, 100,000 entries per file as
 * in Alexandria's own {@code alexandria_NNN.json.bz2} (Schmidt et al., Sci. Data 9, 64, 2022;
 * alexandria.icams.rub.de), with the data fields the dataset build reads ({@code e_form}, {@code e_above_hull},
 * {@code band_gap_ind}, {@code band_gap_dir}, {@code spg}).
 *
 * <p>Entry k is made from structure k mod n of the source (n structures): the first pass copies the structures as they
 * are; every later pass scales each cell vector by a random factor in [0.97, 1.03] and replaces each element, with
 * probability 0.3, by another element of its group (so the copies have new compositions and new patterns), and adds
 * noise of 0.05 eV/atom to the formation energy. The space group and band gaps are copied: the values are realistic in
 * range, not physically right for the modified structures. Deterministic given the seed.
 */
public final class SyntheticAlexandria {
  /** Entries per file, as in Alexandria's own files. */
  public static final int ENTRIES_PER_FILE = 100_000;
  /** Largest relative change of a cell vector length in a modified copy. */
  static final double MAX_STRAIN = 0.03;
  /** Probability that an element is substituted in a modified copy. */
  static final double SUBSTITUTION_PROBABILITY = 0.3;
  /** Standard deviation of the noise added to the formation energy of a modified copy, eV/atom. */
  static final double ENERGY_NOISE_EV_PER_ATOM = 0.05;
  /** Heaviest substitute: the scattering-factor table covers Z up to 98; stay within the common elements. */
  static final int MAX_SUBSTITUTE_Z = 94;

  private SyntheticAlexandria() {}

  /**
   * Writes {@code entries} entries into {@code dir} as {@code alexandria_000.json.bz2}, {@code alexandria_001...},
   * {@code entriesPerFile} entries per file, one file per thread at a time.
   *
   * @param source structure input with {@code formation_energy_per_atom}, {@code band_gap} and
   *     {@code spacegroup_number_spglib} columns (the bundled mp_cgcnn36k)
   * @param written called with the number of entries written so far, from several threads
   * @return the files written, in order
   */
  public static List<Path> write(
      Path source, Path dir, long entries, int entriesPerFile, long seed, int threads, AtomicLong written)
      throws IOException {
    long n = countStructures(source);
    return AlexandriaFiles.write(dir, entries, entriesPerFile, threads,
        (g, from, to) -> writeEntries(g, source, n, from, to, seed, written));
  }

  /** Number of structures the source holds (records that cannot be read are not counted). */
  static long countStructures(Path source) {
    long n = 0;
    try (StructureSource src = StructureInputs.open(List.of(source), StructureInputOptions.defaults())) {
      while (src.hasNext()) {
        if (src.next() instanceof StructureRecord) {
          n++;
        }
      }
    }
    if (n == 0) {
      throw new InputException(source.toString(), 0, "holds no structure to copy");
    }
    return n;
  }

  /** Writes entries [from, to) of the sequence. */
  private static void writeEntries(
      JsonGenerator g, Path source, long n, long from, long to, long seed, AtomicLong written) throws IOException {
    long k = from;
    while (k < to) {
      long index = 0;
      try (StructureSource src = StructureInputs.open(List.of(source), StructureInputOptions.defaults())) {
        while (k < to && src.hasNext()) {
          if (!(src.next() instanceof StructureRecord s)) {
            continue;
          }
          if (index++ < k % n) {
            continue;
          }
          entry(g, s, k, k >= n, seed);
          k++;
          written.incrementAndGet();
        }
      }
    }
  }

  /** One ComputedStructureEntry dict, as pymatgen's {@code as_dict()} writes it. */
  private static void entry(JsonGenerator g, StructureRecord r, long k, boolean modified, long seed)
      throws IOException {
    SplittableRandom rng = new SplittableRandom(StableHash.combine(seed, k, 0));
    Structure s = modified ? modify(r.structure(), rng) : r.structure();
    Map<String, String> p = r.properties();
    double eForm = number(p, "formation_energy_per_atom") + (modified ? ENERGY_NOISE_EV_PER_ATOM * rng.nextGaussian() : 0);
    double gap = number(p, "band_gap");
    double atoms = s.composition().totalAtoms();
    String id = String.format(Locale.ROOT, "agm%09d", k);
    g.writeStartObject();
    g.writeStringField("@module", "pymatgen.entries.computed_entries");
    g.writeStringField("@class", "ComputedStructureEntry");
    g.writeNumberField("energy", eForm * atoms);
    g.writeObjectFieldStart("composition");
    for (Map.Entry<Element, Double> e : s.composition().amounts().entrySet()) {
      g.writeNumberField(e.getKey().symbol(), e.getValue());
    }
    g.writeEndObject();
    g.writeStringField("entry_id", id);
    g.writeNumberField("correction", 0.0);
    g.writeArrayFieldStart("energy_adjustments");
    g.writeEndArray();
    g.writeObjectFieldStart("parameters");
    g.writeEndObject();
    g.writeObjectFieldStart("data");
    g.writeStringField("mat_id", id);
    g.writeNumberField("e_form", eForm);
    g.writeNumberField("e_above_hull", Math.abs(ENERGY_NOISE_EV_PER_ATOM * rng.nextGaussian()));
    g.writeNumberField("band_gap_ind", gap);
    g.writeNumberField("band_gap_dir", gap);
    g.writeNumberField("spg", (int) number(p, "spacegroup_number_spglib"));
    g.writeEndObject();
    AlexandriaFiles.structure(g, s);
    g.writeEndObject();
  }

  private static double number(Map<String, String> p, String column) {
    String v = p.get(column);
    if (v == null) {
      throw new IllegalArgumentException("the source needs a '" + column + "' column");
    }
    return Double.parseDouble(v);
  }

  /** A strained copy with some elements replaced by others of their group. */
  static Structure modify(Structure s, SplittableRandom rng) {
    double[][] m = s.lattice().matrix();
    double[][] strained = new double[3][3];
    for (int i = 0; i < 3; i++) {
      double f = 1 + MAX_STRAIN * (2 * rng.nextDouble() - 1);
      for (int j = 0; j < 3; j++) {
        strained[i][j] = m[i][j] * f;
      }
    }
    Map<Element, Element> swap = new HashMap<>();
    Composition c = s.composition();
    for (Element e : c.amounts().keySet()) {
      if (rng.nextDouble() < SUBSTITUTION_PROBABILITY) {
        List<Element> group = new ArrayList<>();
        for (Element o : Elements.all()) {
          if (o != e && o.group() == e.group() && o.block().equals(e.block()) && o.atomicNumber() <= MAX_SUBSTITUTE_Z
              && !c.amounts().containsKey(o) && !swap.containsValue(o)) {
            group.add(o);
          }
        }
        if (!group.isEmpty()) {
          swap.put(e, group.get(rng.nextInt(group.size())));
        }
      }
    }
    List<Site> sites = new ArrayList<>(s.numberOfSites());
    for (Site site : s.sites()) {
      List<SpeciesOccupancy> species = new ArrayList<>();
      for (SpeciesOccupancy so : site.species()) {
        Element e = swap.getOrDefault(so.species().element(), so.species().element());
        species.add(new SpeciesOccupancy(Species.of(e), so.occupancy()));
      }
      sites.add(new Site(species, site.x(), site.y(), site.z(), ""));
    }
    return new Structure(Lattice.fromMatrix(strained), sites);
  }
}
