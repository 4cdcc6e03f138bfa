package org.xxact.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xxact.crystal.Element;
import org.xxact.crystal.Elements;
import org.xxact.crystal.io.RejectedRecord;
import org.xxact.crystal.io.StructureInputOptions;
import org.xxact.crystal.io.StructureInputs;
import org.xxact.crystal.io.StructureRecord;
import org.xxact.crystal.io.StructureSource;
import org.xxact.data.AtomicFiles;
import org.xxact.xrd.BatchSimulation;
import org.xxact.xrd.Broadening;
import org.xxact.xrd.DiffractionPattern;
import org.xxact.xrd.DiffractionPeak;
import org.xxact.xrd.HklFamily;
import org.xxact.xrd.PatternGrid;
import org.xxact.xrd.PatternRenderer;
import org.xxact.xrd.PatternRenderer.PatternNormalisation;
import org.xxact.xrd.PatternRenderer.PeakNormalisation;
import org.xxact.xrd.PeakShape;
import org.xxact.xrd.Radiation;
import org.xxact.xrd.XrdCalculator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xxact simulate}: powder XRD patterns of structures (pymatgen-compatible peaks, optionally rendered onto a
 * grid), as a readable table or JSON lines, on all cores. Records that cannot be read or simulated go to the reject file
 * (JSON lines, as for {@code xxact inspect}) or, without one, to stderr.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Simulate powder X-ray diffraction patterns of crystal structures: peaks as pymatgen's XRDCalculator computes"
          + " them, optionally broadened onto a 2-theta grid.",
      "Inputs: CIF files, CSV files with a CIF column, pymatgen/Alexandria JSON, folders of them; .gz/.bz2/.xz too.",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every structure was simulated",
      "1:some records were rejected and written to the reject file",
      "2:wrong command line",
      "3:a record could not be read or simulated (no reject file given)",
    })
public final class SimulateCommand implements Callable<Integer> {
  /** File names written under --out. */
  static final String PATTERNS_FILE = "patterns.jsonl";

  static final String REJECTS_FILE = "rejects.jsonl";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Structure files or folders.")
  List<Path> inputs;

  @Option(
      names = "--wavelength",
      paramLabel = "W",
      defaultValue = "CuKa",
      description =
          "Radiation: CuKa, CuKa1, MoKa, CrKa, FeKa, CoKa, AgKa (Ka1/Ka2/Kb1 too) or angstrom"
              + " (default: ${DEFAULT-VALUE}).")
  String wavelength;

  @Option(
      names = "--two-theta-min",
      paramLabel = "DEG",
      defaultValue = "5",
      description = "Lowest 2-theta (default: ${DEFAULT-VALUE}).")
  double twoThetaMinDeg;

  @Option(
      names = "--two-theta-max",
      paramLabel = "DEG",
      defaultValue = "90",
      description = "Highest 2-theta (default: ${DEFAULT-VALUE}).")
  double twoThetaMaxDeg;

  @Option(
      names = "--debye-waller",
      paramLabel = "EL=B,...",
      description = "Debye-Waller factors B in A^2 per element, e.g. \"Na=1.2,Cl=0.9\" (default: none).")
  String debyeWaller;

  @Option(
      names = "--id-column",
      paramLabel = "NAME",
      description = "CSV column with the record id (default: material_id, else id).")
  String idColumn;

  @Option(
      names = "--cif-column",
      paramLabel = "NAME",
      defaultValue = StructureInputOptions.DEFAULT_CIF_COLUMN,
      description = "CSV column with the CIF text (default: ${DEFAULT-VALUE}).")
  String cifColumn;

  @Option(
      names = "--grid-points",
      paramLabel = "N",
      description = "Also render the pattern onto N points from --two-theta-min to --two-theta-max.")
  Integer gridPoints;

  @Option(
      names = "--profile",
      paramLabel = "SHAPE",
      defaultValue = "gaussian",
      description = "Peak shape: gaussian, lorentzian or pseudo-voigt (default: ${DEFAULT-VALUE}).")
  String profile;

  @Option(
      names = "--fwhm",
      paramLabel = "DEG",
      description = "Constant peak FWHM in degrees (default: 0.1 unless --caglioti).")
  Double fwhmDeg;

  @Option(
      names = "--caglioti",
      paramLabel = "U,V,W",
      description = "Caglioti FWHM^2 = U tan^2(theta) + V tan(theta) + W, in deg^2 (instead of --fwhm).")
  String caglioti;

  @Option(
      names = "--crystallite-size",
      paramLabel = "ANGSTROM",
      description = "Add Scherrer broadening for crystallites of this size (K = 0.9).")
  Double crystalliteSizeAngstrom;

  @Option(
      names = "--eta",
      paramLabel = "ETA",
      defaultValue = "0.5",
      description = "Lorentzian fraction of pseudo-Voigt peaks (default: ${DEFAULT-VALUE}).")
  double eta;

  @Option(names = "--doublet", description = "Render the K-alpha1/K-alpha2 doublet (2:1) of the named tube.")
  boolean doublet;

  @Option(
      names = "--normalise",
      paramLabel = "MODE",
      defaultValue = "max",
      description = "Grid normalisation: max, sum or none (default: ${DEFAULT-VALUE}).")
  String normalise;

  @Option(names = "--unit-area", description = "Scale each peak to unit area instead of unit height.")
  boolean unitArea;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
  Integer threads;

  @Option(names = "--json", description = "One JSON object per structure per line instead of a table.")
  boolean json;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Write " + PATTERNS_FILE + " (JSON lines) and " + REJECTS_FILE + " into DIR instead of stdout.")
  Path outDir;

  @Option(
      names = "--rejects",
      paramLabel = "FILE",
      description =
          "Write records that cannot be read or simulated here (JSON lines: source, id, line, reason) and go on"
              + " (default with --out: DIR/" + REJECTS_FILE + ").")
  Path rejectsFile;

  @Option(
      names = "--plot",
      paramLabel = "FILE.png",
      description = "Plot the first structure's peaks (and profile) as PNG.")
  Path plotFile;

  /** Settings of the optional grid, resolved from the options. */
  private record GridSettings(PatternRenderer renderer, Broadening broadening, Radiation doubletSource) {}

  @Override
  public Integer call() throws Exception {
    CommandLine cl = spec.commandLine();
    Radiation radiation = parse(() -> Radiation.parse(wavelength), "--wavelength");
    XrdCalculator.Builder builder = XrdCalculator.builder().radiation(radiation);
    parse(() -> builder.twoThetaRangeDeg(twoThetaMinDeg, twoThetaMaxDeg), "--two-theta-min/--two-theta-max");
    builder.debyeWaller(parse(() -> debyeWallerFactors(debyeWaller), "--debye-waller"));
    XrdCalculator calculator = builder.build();
    GridSettings grid = gridSettings(radiation);
    int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (nThreads < 1) {
      throw new CommandLine.ParameterException(cl, "--threads must be at least 1");
    }
    StructureInputOptions options =
        parse(() -> StructureInputOptions.defaults().withIdColumn(idColumn).withCifColumn(cifColumn), "--cif-column");

    PrintWriter err = cl.getErr();
    Path rejectsPath = rejectsFile != null ? rejectsFile : outDir == null ? null : outDir.resolve(REJECTS_FILE);
    BatchSimulation.Summary summary;
    try (AtomicFiles.Output dataFile = outDir == null ? null : AtomicFiles.open(outDir.resolve(PATTERNS_FILE));
        RejectFile rejects = rejectsPath == null ? null : new RejectFile(rejectsPath);
        StructureSource source = StructureInputs.open(inputs, options);
        ConsoleProgress progress = new ConsoleProgress(err, "simulate")) {
      PrintWriter data =
          dataFile == null
              ? new PrintWriter(new BufferedWriter(cl.getOut(), 1 << 16))
              : new PrintWriter(new BufferedWriter(new OutputStreamWriter(dataFile.stream(), StandardCharsets.UTF_8)));
      Sink sink = new Sink(data, dataFile != null, rejects, err, grid, progress);
      summary = new BatchSimulation(calculator, nThreads).run(source, sink);
      data.flush();
      if (dataFile != null) {
        data.close();
        dataFile.commit();
      }
      if (rejects != null) {
        rejects.commit();
      }
    }
    if (rejectsPath == null && summary.rejected() > RejectFile.MAX_SHOWN) {
      err.println("xxact: ... " + (summary.rejected() - RejectFile.MAX_SHOWN) + " more rejected records not shown");
    }
    err.printf(Locale.ROOT, "simulate: %d structures simulated, %d rejected%s%n", summary.simulated(),
        summary.rejected(), summary.rejected() > 0 && rejectsPath != null ? " (see " + rejectsPath + ")" : "");
    err.flush();
    if (summary.rejected() == 0) {
      return ExitCode.OK;
    }
    return rejectsPath != null ? ExitCode.SOME_REJECTED : ExitCode.INPUT_ERROR;
  }

  private GridSettings gridSettings(Radiation radiation) {
    CommandLine cl = spec.commandLine();
    boolean wanted = gridPoints != null || plotFile != null;
    if (!wanted) {
      return null;
    }
    if (fwhmDeg != null && caglioti != null) {
      throw new CommandLine.ParameterException(cl, "give either --fwhm or --caglioti, not both");
    }
    if (doublet && !radiation.hasDoublet()) {
      throw new CommandLine.ParameterException(cl, "--doublet needs a named tube such as CuKa, not " + wavelength);
    }
    PatternGrid g =
        parse(
            () -> new PatternGrid(twoThetaMinDeg, twoThetaMaxDeg, gridPoints == null ? 4096 : gridPoints),
            "--grid-points");
    PeakShape shape = parse(() -> PeakShape.parse(profile), "--profile");
    PatternNormalisation norm =
        parse(() -> PatternNormalisation.valueOf(normalise.trim().toUpperCase(Locale.ROOT)), "--normalise");
    PatternRenderer renderer =
        parse(
            () ->
                new PatternRenderer(
                    g, shape, eta, unitArea ? PeakNormalisation.UNIT_AREA : PeakNormalisation.UNIT_HEIGHT, norm),
            "--eta");
    Broadening b =
        parse(
            () -> {
              Broadening base;
              if (caglioti != null) {
                String[] f = caglioti.split(",");
                if (f.length != 3) {
                  throw new IllegalArgumentException("expected U,V,W, got '" + caglioti + "'");
                }
                base =
                    Broadening.caglioti(
                        Double.parseDouble(f[0].trim()),
                        Double.parseDouble(f[1].trim()),
                        Double.parseDouble(f[2].trim()));
              } else {
                double f = fwhmDeg == null ? 0.1 : fwhmDeg;
                if (!(f > 0)) {
                  throw new IllegalArgumentException("FWHM must be positive, got " + f);
                }
                base = Broadening.constant(f);
              }
              return crystalliteSizeAngstrom == null ? base : base.withCrystalliteSize(crystalliteSizeAngstrom);
            },
            caglioti != null ? "--caglioti" : "--fwhm/--crystallite-size");
    return new GridSettings(renderer, b, doublet ? radiation : null);
  }

  /** "Na=1.2,Cl=0.9" to a map; blank or null gives none. */
  static Map<Element, Double> debyeWallerFactors(String text) {
    Map<Element, Double> out = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String item : text.split(",")) {
      String[] kv = item.split("=");
      if (kv.length != 2) {
        throw new IllegalArgumentException("expected ELEMENT=B, got '" + item.trim() + "'");
      }
      Element e = Elements.of(kv[0].trim());
      try {
        out.put(e, Double.parseDouble(kv[1].trim()));
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException("'" + kv[1].trim() + "' is not a number");
      }
    }
    return out;
  }

  private interface Parse<T> {
    T get();
  }

  /** Runs an option parser and turns its IllegalArgumentException into a usage error naming the option. */
  private <T> T parse(Parse<T> p, String option) {
    try {
      return p.get();
    } catch (IllegalArgumentException ex) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + ex.getMessage());
    }
  }

  /** Writes each outcome as it arrives (in input order). */
  private final class Sink implements BatchSimulation.Listener {
    private final PrintWriter data;
    private final boolean toFile;
    private final RejectFile rejects;
    private final PrintWriter err;
    private final GridSettings grid;
    private final ConsoleProgress progress;
    private final JsonFactory jsonFactory =
        new JsonFactory()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
    private long shownRejects;
    private boolean plotted;

    Sink(PrintWriter data, boolean toFile, RejectFile rejects, PrintWriter err, GridSettings grid,
        ConsoleProgress progress) {
      this.data = data;
      this.toFile = toFile;
      this.rejects = rejects;
      this.err = err;
      this.grid = grid;
      this.progress = progress;
    }

    @Override
    public void simulated(StructureRecord record, DiffractionPattern pattern) {
      String formula = record.structure().composition().reducedFormula();
      double[] y =
          grid == null ? null : grid.renderer().render(pattern, grid.broadening(), grid.doubletSource());
      try {
        if (json || toFile) {
          writeJson(data, record.id(), formula, pattern, gridPoints == null ? null : y);
        } else {
          writeTable(data, record.id(), formula, pattern, gridPoints == null ? null : y);
        }
        if (plotFile != null && !plotted) {
          plotted = true;
          PatternPlot.write(plotFile, record.id() + "  " + formula, pattern, grid.renderer().grid(), y);
        }
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }

    @Override
    public void rejected(RejectedRecord reject) {
      if (rejects != null) {
        rejects.write(reject);
      } else if (++shownRejects <= RejectFile.MAX_SHOWN) {
        data.flush();
        err.println("xxact: " + RejectFile.describe(reject));
      }
    }

    @Override
    public void progress(long simulated, long rejected) {
      progress.update(simulated, rejected);
    }

    private void writeJson(Writer w, String id, String formula, DiffractionPattern p, double[] y) throws IOException {
      JsonGenerator g = jsonFactory.createGenerator(w);
      g.writeStartObject();
      g.writeStringField("id", id);
      g.writeStringField("formula", formula);
      g.writeNumberField("wavelength_angstrom", p.wavelengthAngstrom());
      g.writeArrayFieldStart("peaks");
      for (DiffractionPeak peak : p.peaks()) {
        g.writeStartObject();
        g.writeNumberField("two_theta", peak.twoThetaDeg());
        g.writeNumberField("intensity", peak.intensity());
        g.writeNumberField("d", peak.dSpacingAngstrom());
        g.writeArrayFieldStart("hkls");
        for (HklFamily f : peak.families()) {
          g.writeStartObject();
          g.writeFieldName("hkl");
          int[] hkl = f.hkl();
          g.writeArray(hkl, 0, hkl.length);
          g.writeNumberField("multiplicity", f.multiplicity());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      if (y != null) {
        g.writeObjectFieldStart("grid");
        g.writeNumberField("two_theta_min", twoThetaMinDeg);
        g.writeNumberField("two_theta_max", twoThetaMaxDeg);
        g.writeArrayFieldStart("y");
        for (double v : y) {
          g.writeNumber((float) v);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndObject();
      g.close();
      w.write('\n');
    }

    private void writeTable(PrintWriter w, String id, String formula, DiffractionPattern p, double[] y) {
      w.printf(
          Locale.ROOT,
          "# %s  %s  (wavelength %.5f A, 2theta %s-%s deg, %d peaks)%n",
          id,
          formula,
          p.wavelengthAngstrom(),
          fmt(p.twoThetaMinDeg()),
          fmt(p.twoThetaMaxDeg()),
          p.size());
      w.printf(Locale.ROOT, "%12s %10s %10s  %s%n", "2theta_deg", "intensity", "d_A", "hkl x multiplicity");
      for (DiffractionPeak peak : p.peaks()) {
        StringBuilder fams = new StringBuilder();
        for (HklFamily f : peak.families()) {
          fams.append(fams.length() == 0 ? "" : ", ").append(f);
        }
        w.printf(
            Locale.ROOT, "%12.5f %10.4f %10.6f  %s%n", peak.twoThetaDeg(), peak.intensity(), peak.dSpacingAngstrom(),
            fams);
      }
      if (y != null) {
        w.printf(Locale.ROOT, "# grid of %d points%n%12s %12s%n", y.length, "2theta_deg", "y");
        PatternGrid g = grid.renderer().grid();
        for (int i = 0; i < y.length; i++) {
          w.printf(Locale.ROOT, "%12.5f %12.6g%n", g.twoThetaDeg(i), y[i]);
        }
      }
      w.println();
    }

    private String fmt(double v) {
      return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
  }
}
