package org.xxact.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.xxact.crystal.Composition;
import org.xxact.crystal.Lattice;
import org.xxact.crystal.Structure;
import org.xxact.crystal.io.LatticeJson;
import org.xxact.crystal.io.RecordResult;
import org.xxact.crystal.io.RejectedRecord;
import org.xxact.crystal.io.StructureInputOptions;
import org.xxact.crystal.io.StructureInputs;
import org.xxact.crystal.io.StructureRecord;
import org.xxact.crystal.io.StructureSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xxact inspect}: reads structure files and folders and prints one line per structure (id, formulas, number of
 * sites, volume, density, cell), or one JSON object per line with {@code --json}. It is the quickest way to check that
 * xxact reads a data set before building anything from it.
 *
 * <p>Unreadable records are never dropped: with {@code --rejects FILE} they go to that file as JSON lines (source, id,
 * line, reason) and the exit code is 1; without it each is printed on stderr as one line and the exit code is 3. The
 * summary on stderr counts what was read and rejected.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Read structures (CIF, CSV with a CIF column, pymatgen/Alexandria JSON; .gz/.bz2/.xz; folders) and print one"
          + " line per structure: id, formula, reduced formula, sites, volume (A^3), density (g/cm3), cell.",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every record was read",
      "1:some records were rejected and written to the --rejects file",
      "2:wrong command line",
      "3:a record could not be read (no --rejects file given)",
    })
public final class InspectCommand implements Callable<Integer> {
  private static final JsonFactory JSON = new JsonFactory();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Structure files or folders.")
  List<Path> inputs;

  @Option(names = "--json", description = "One JSON object per line instead of text.")
  boolean json;

  @Option(
      names = "--rejects",
      paramLabel = "FILE",
      description = "Write unreadable records here (JSON lines: source, id, line, reason) and go on.")
  Path rejectsFile;

  @Option(
      names = "--id-column",
      paramLabel = "C",
      description = "CSV column with the record id (default: material_id, else id, else the row number).")
  String idColumn;

  @Option(
      names = "--cif-column",
      paramLabel = "C",
      defaultValue = StructureInputOptions.DEFAULT_CIF_COLUMN,
      description = "CSV column with the CIF text (default: ${DEFAULT-VALUE}).")
  String cifColumn;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = new PrintWriter(new BufferedWriter(spec.commandLine().getOut(), 1 << 16));
    StructureInputOptions options = new StructureInputOptions(idColumn, cifColumn, null);
    long start = System.nanoTime();
    long read = 0;
    long rejected = 0;
    try (RejectFile rejects = rejectsFile == null ? null : new RejectFile(rejectsFile);
        StructureSource source = StructureInputs.open(inputs, options);
        JsonGenerator gen = json ? jsonGenerator(out) : null) {
      while (source.hasNext()) {
        RecordResult r = source.next();
        if (r instanceof StructureRecord rec) {
          read++;
          if (gen != null) {
            writeJson(gen, rec);
          } else {
            out.println(textLine(rec));
          }
        } else if (r instanceof RejectedRecord rej) {
          rejected++;
          if (rejects != null) {
            rejects.write(rej);
          } else if (rejected <= RejectFile.MAX_SHOWN) {
            err.println("xxact: " + RejectFile.describe(rej));
          }
        }
      }
      if (gen != null) {
        gen.flush();
      }
      if (rejects != null) {
        rejects.commit();
      }
    } finally {
      out.flush();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (rejectsFile == null && rejected > RejectFile.MAX_SHOWN) {
      err.println("xxact: ... " + (rejected - RejectFile.MAX_SHOWN) + " more rejected records not shown");
    }
    err.printf(
        Locale.ROOT,
        "inspect: %d structures read, %d rejected%s in %.1f s (%.0f records/s)%n",
        read,
        rejected,
        rejectsFile != null && rejected > 0 ? " (see " + rejectsFile + ")" : "",
        seconds,
        (read + rejected) / Math.max(seconds, 1e-9));
    err.flush();
    if (rejected == 0) {
      return ExitCode.OK;
    }
    return rejectsFile != null ? ExitCode.SOME_REJECTED : ExitCode.INPUT_ERROR;
  }

  private static String textLine(StructureRecord rec) {
    Structure s = rec.structure();
    Lattice l = s.lattice();
    Composition c = s.composition();
    return String.format(
        Locale.ROOT,
        "%s\t%s\t%s\t%d sites\tV=%.4f A^3\trho=%.4f g/cm3\ta=%.5f b=%.5f c=%.5f alpha=%.3f beta=%.3f gamma=%.3f",
        rec.id(),
        c.reducedFormula(),
        c.formula(),
        s.numberOfSites(),
        l.volumeAngstrom3(),
        s.densityGramsPerCm3(),
        l.a(),
        l.b(),
        l.c(),
        l.alpha(),
        l.beta(),
        l.gamma());
  }

  private static JsonGenerator jsonGenerator(Writer out) throws IOException {
    JsonGenerator g = JSON.createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.setRootValueSeparator(null);
    return g;
  }

  private static void writeJson(JsonGenerator g, StructureRecord rec) throws IOException {
    Structure s = rec.structure();
    Lattice l = s.lattice();
    Composition c = s.composition();
    g.writeStartObject();
    g.writeStringField("id", rec.id());
    g.writeStringField("source", rec.source());
    g.writeNumberField("line", rec.line());
    g.writeStringField("formula", c.formula());
    g.writeStringField("reduced_formula", c.reducedFormula());
    g.writeNumberField("n_sites", s.numberOfSites());
    g.writeNumberField("volume", l.volumeAngstrom3());
    g.writeNumberField("density", s.densityGramsPerCm3());
    g.writeObjectFieldStart("lattice");
    LatticeJson.writeParameters(g, l);
    g.writeEndObject();
    g.writeEndObject();
    g.writeRaw('\n');
  }
}
