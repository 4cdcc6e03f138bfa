package org.xxact.data;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.xxact.crystal.Lattice;
import org.xxact.crystal.Site;
import org.xxact.crystal.SpeciesOccupancy;
import org.xxact.crystal.Structure;
import org.xxact.crystal.io.LatticeJson;

/**
 * Writes generated structures in Alexandria's file layout (Schmidt et al., Sci. Data 9, 64, 2022): bzip2-compressed
 * JSON files {@code {"entries": [...]}}, named {@code alexandria_000.json.bz2}, {@code alexandria_001...}, each entry a
 * pymatgen {@code ComputedStructureEntry} dict, which {@code xxact dataset build} reads like the real files.
 */
final class AlexandriaFiles {
  /** Writes the entries [from, to) of one file into its open {@code entries} array. */
  @FunctionalInterface
  interface Entries {
    void write(JsonGenerator g, long from, long to) throws IOException;
  }

  private AlexandriaFiles() {}

  /**
   * Writes {@code entries} entries into {@code dir}, {@code entriesPerFile} per file, one file per thread at a time,
   * each file atomically (a killed writer leaves no partial file).
   *
   * @return the files, in order
   */
  static List<Path> write(Path dir, long entries, int entriesPerFile, int threads, Entries content)
      throws IOException {
    Files.createDirectories(dir);
    int files = (int) ((entries + entriesPerFile - 1) / entriesPerFile);
    List<Path> paths = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> jobs = new ArrayList<>();
      for (int f = 0; f < files; f++) {
        Path p = dir.resolve(String.format(Locale.ROOT, "alexandria_%03d.json.bz2", f));
        paths.add(p);
        long from = (long) f * entriesPerFile;
        long to = Math.min(entries, from + entriesPerFile);
        jobs.add(pool.submit(() -> {
          writeFile(p, from, to, content);
          return null;
        }));
      }
      for (Future<?> j : jobs) {
        j.get();
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", ex);
    } catch (ExecutionException ex) {
      if (ex.getCause() instanceof IOException io) {
        throw io;
      }
      if (ex.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(ex.getCause());
    } finally {
      pool.shutdownNow();
    }
    return paths;
  }

  private static void writeFile(Path file, long from, long to, Entries content) throws IOException {
    AtomicFiles.write(file, out -> {
      BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(out);
      JsonGenerator g = new JsonFactory().createGenerator(new BufferedOutputStream(bz, 1 << 16), JsonEncoding.UTF8);
      g.writeStartObject();
      g.writeArrayFieldStart("entries");
      content.write(g, from, to);
      g.writeEndArray();
      g.writeEndObject();
      g.flush();
      bz.finish();
    });
  }

  /** The {@code "structure"} field of an entry: a pymatgen {@code Structure} dict. */
  static void structure(JsonGenerator g, Structure s) throws IOException {
    Lattice l = s.lattice();
    g.writeObjectFieldStart("structure");
    g.writeStringField("@module", "pymatgen.core.structure");
    g.writeStringField("@class", "Structure");
    g.writeNumberField("charge", 0);
    g.writeObjectFieldStart("lattice");
    g.writeArrayFieldStart("matrix");
    for (double[] row : l.matrix()) {
      g.writeArray(row, 0, 3);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("pbc");
    g.writeBoolean(true);
    g.writeBoolean(true);
    g.writeBoolean(true);
    g.writeEndArray();
    LatticeJson.writeParameters(g, l);
    g.writeNumberField("volume", l.volumeAngstrom3());
    g.writeEndObject();
    g.writeArrayFieldStart("sites");
    for (Site site : s.sites()) {
      g.writeStartObject();
      g.writeArrayFieldStart("species");
      for (SpeciesOccupancy so : site.species()) {
        g.writeStartObject();
        g.writeStringField("element", so.species().element().symbol());
        g.writeNumberField("occu", so.occupancy());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("abc");
      g.writeNumber(site.x());
      g.writeNumber(site.y());
      g.writeNumber(site.z());
      g.writeEndArray();
      g.writeFieldName("xyz");
      g.writeArray(l.toCartesian(site.x(), site.y(), site.z()), 0, 3);
      g.writeStringField("label", site.species().get(0).species().element().symbol());
      g.writeObjectFieldStart("properties");
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }
}
