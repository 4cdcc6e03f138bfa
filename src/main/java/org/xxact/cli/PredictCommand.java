package org.xxact.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.xxact.crystal.Composition;
import org.xxact.crystal.InputException;
import org.xxact.crystal.io.CompressedFiles;
import org.xxact.crystal.io.CsvRecords;
import org.xxact.crystal.io.RecordResult;
import org.xxact.crystal.io.RejectedRecord;
import org.xxact.crystal.io.StructureInputOptions;
import org.xxact.crystal.io.StructureInputs;
import org.xxact.crystal.io.StructureRecord;
import org.xxact.crystal.io.StructureSource;
import org.xxact.data.TargetKind;
import org.xxact.eval.plot.PlotSeries;
import org.xxact.eval.plot.Plots;
import org.xxact.eval.predict.IndexedCrystalSystem;
import org.xxact.eval.predict.Prediction;
import org.xxact.eval.predict.PredictionInput;
import org.xxact.eval.predict.PredictionInputs;
import org.xxact.eval.predict.Predictor;
import org.xxact.eval.predict.TargetValue;
import org.xxact.xrd.Radiation;
import org.xxact.xrd.io.PatternPreprocessor;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xxact predict}: every target of a trained model for measured patterns ({@code --xrd}), crystal structures
 * ({@code --cif}, whose pattern is simulated and rendered as the training data are) or a batch file of measured patterns
 * ({@code --batch}). Measured files go through the measured-pattern readers and the {@link PatternPreprocessor} onto the
 * model's grid, with background removal unless {@code --no-background-removal}. A model that reads the composition
 * (fused or composition-only) needs a formula: {@code --formula}, the batch file's column, or the CIF; a
 * composition-only model also predicts from {@code --formula} alone.
 *
 * <p>The wavelength of a measured file is the file's own, else {@code --wavelength} (or the batch file's column); a
 * pattern with neither is an error, never a silent Cu K-alpha. In batch mode every row that cannot be predicted goes to
 * the reject file with its reason, and the exit code is 1.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Predict every target of a trained model (with its uncertainty, or the top-3 classes with probabilities) for"
          + " measured XRD files, CIF structures (pattern simulated) or a CSV batch of measured files.",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every input was predicted",
      "1:some batch rows were rejected and written to the reject file",
      "2:wrong command line (including a missing --formula for a model that reads the composition)",
      "3:an input could not be read (no wavelength, unreadable file, bad formula)",
    })
public final class PredictCommand implements Callable<Integer> {
  /** Column of the batch file with the pattern file. */
  static final String BATCH_FILE_COLUMN = "xrd_file";
  /** Column of the batch file with the formula (optional column; an empty cell means none). */
  static final String BATCH_FORMULA_COLUMN = "formula";
  /** Column of the batch file with the wavelength (optional column; an empty cell means the file's own). */
  static final String BATCH_WAVELENGTH_COLUMN = "wavelength";

  private static final JsonFactory JSON = new JsonFactory();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "MODEL",
      description =
          "A training run directory, a committed model directory (such as models/rruff-xrd) or an ensemble"
              + " directory (xxact ensemble).")
  Path modelDir;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Inputs inputs = new Inputs();

  /** The three kinds of input, one per call. */
  static final class Inputs {
    @Option(names = "--xrd", arity = "1..*", paramLabel = "FILE", description = "Measured pattern files.")
    List<Path> xrd;

    @Option(
        names = "--cif",
        arity = "1..*",
        paramLabel = "FILE",
        description = "CIF files: formula from the CIF, pattern simulated as the training data are.")
    List<Path> cif;

    @Option(
        names = "--batch",
        paramLabel = "CSV",
        description = "CSV with columns xrd_file, formula, wavelength (the last two optional); relative file paths"
            + " are relative to the CSV's folder.")
    Path batch;
  }

  @Option(
      names = "--formula",
      paramLabel = "F",
      description = "Composition of the --xrd samples, such as Fe2O3; alone, the material a composition-only model"
          + " predicts.")
  String formula;

  @Option(
      names = "--wavelength",
      paramLabel = "W",
      description = "Wavelength of --xrd files that state none: CuKa, MoKa, CoKa, ... or a value in angstrom.")
  String wavelength;

  @Option(names = "--json", description = "One JSON object per input instead of text.")
  boolean json;

  @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw the patterns the model reads, on its grid.")
  Path plot;

  @Option(
      names = "--no-background-removal",
      description = "Do not remove the background of measured patterns (for data already background-subtracted).")
  boolean noBackgroundRemoval;

  @Option(
      names = "--strip-kalpha2",
      description = "Strip the K-alpha2 line from patterns at a tube's weighted K-alpha wavelength (CuKa) and read"
          + " them at K-alpha1.")
  boolean stripKAlpha2;

  @Option(
      names = "--rejects",
      paramLabel = "FILE",
      description = "Reject file of --batch (JSON lines: source, id, line, reason; default: CSV name + .rejects.jsonl).")
  Path rejectsFile;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    checkOptionCombinations();
    Radiation userRadiation = wavelength == null ? null : parseRadiation(wavelength, "--wavelength");
    Composition givenComposition = formula == null ? null : parseFormula(formula, "--formula");
    try (Predictor predictor = Predictor.open(modelDir)) {
      PatternPreprocessor preprocessor =
          new PatternPreprocessor(predictor.preprocessing(!noBackgroundRemoval, stripKAlpha2));
      List<PredictionInput> toPredict = new ArrayList<>();
      List<RejectedRecord> rejected = new ArrayList<>();
      if (noPatternInput()) {
        if (predictor.config().modality().usesXrd()) {
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              "model " + modelDir + " reads the XRD pattern (" + predictor.config().modality()
                  + " model): give --xrd, --cif or --batch");
        }
        toPredict.add(PredictionInputs.formulaOnly("--formula " + formula, givenComposition, predictor));
      } else if (inputs.xrd != null) {
        if (predictor.needsComposition() && givenComposition == null) {
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              "model " + modelDir + " reads the composition (" + predictor.config().modality()
                  + " model): --formula is required with --xrd");
        }
        for (Path file : inputs.xrd) {
          toPredict.add(PredictionInputs.measured(file, givenComposition, userRadiation, preprocessor));
        }
      } else if (inputs.cif != null) {
        toPredict.addAll(readCifs(predictor));
      } else {
        readBatch(predictor, preprocessor, toPredict, rejected);
      }
      for (PredictionInput in : toPredict) {
        for (String w : in.warnings()) {
          err.println("xxact: warning: " + in.source() + ": " + w);
        }
      }
      List<Prediction> predictions = predictor.predict(toPredict);
      IndexedCrystalSystem indexing = IndexedCrystalSystem.forMeasuredPatterns();
      List<Optional<IndexedCrystalSystem.Decision>> decisions =
          predictions.stream().map(p -> indexing.forMeasured(p, predictor.grid())).toList();
      List<List<TargetValue.ClassProbability>> groups = new ArrayList<>();
      for (int i = 0; i < predictions.size(); i++) {
        Optional<IndexedCrystalSystem.Decision> d = decisions.get(i);
        groups.add(d.isEmpty() || d.get().cell() == null
            ? List.of()
            : indexing.topSpaceGroups(predictions.get(i), predictor.grid(), d.get()));
      }
      if (json) {
        writeJson(out, predictions, decisions, groups);
      } else {
        for (int i = 0; i < predictions.size(); i++) {
          out.print(text(predictions.get(i), decisions.get(i), groups.get(i)));
        }
      }
      out.flush();
      if (plot != null && !toPredict.isEmpty()) {
        writePlot(predictor, toPredict);
        err.println("predict: plot written to " + plot);
      }
      if (inputs.batch != null) {
        Path rejectsTarget = rejectsFile != null ? rejectsFile : defaultRejectsFile(inputs.batch);
        try (RejectFile file = new RejectFile(rejectsTarget)) {
          for (RejectedRecord r : rejected) {
            file.write(r);
          }
          file.commit();
        }
        err.printf(
            Locale.ROOT,
            "predict: %d rows predicted, %d rejected%s%n",
            predictions.size(),
            rejected.size(),
            rejected.isEmpty() ? "" : " (see " + rejectsTarget + ")");
        for (RejectedRecord r : rejected.subList(0, Math.min(rejected.size(), RejectFile.MAX_SHOWN))) {
          err.println("xxact: " + RejectFile.describe(r));
        }
      }
      err.flush();
      return rejected.isEmpty() ? ExitCode.OK : ExitCode.SOME_REJECTED;
    }
  }

  /** Neither --xrd, --cif nor --batch: a formula alone (for a composition-only model). */
  private boolean noPatternInput() {
    return inputs.xrd == null && inputs.cif == null && inputs.batch == null;
  }

  private void checkOptionCombinations() {
    if (noPatternInput() && formula == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "give --xrd, --cif or --batch (or, for a composition-only model, --formula alone)");
    }
    if (noPatternInput() && (plot != null || wavelength != null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--plot and --wavelength go with patterns; a formula alone has none");
    }
    if (inputs.cif != null && formula != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--formula does not go with --cif: the formula comes from the CIF");
    }
    if (inputs.cif != null && wavelength != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--wavelength does not go with --cif: a CIF's pattern is simulated on the model's Cu K-alpha grid");
    }
    if (inputs.batch == null && rejectsFile != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--rejects goes with --batch only");
    }
    if (inputs.batch != null && (formula != null || wavelength != null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--formula and --wavelength do not go with --batch: the batch file has a column for each");
    }
  }

  private Radiation parseRadiation(String text, String what) {
    try {
      return Radiation.parse(text);
    } catch (IllegalArgumentException ex) {
      throw new CommandLine.ParameterException(spec.commandLine(), what + ": " + ex.getMessage());
    }
  }

  private Composition parseFormula(String text, String what) {
    try {
      return Composition.parse(text);
    } catch (InputException ex) {
      throw new CommandLine.ParameterException(spec.commandLine(), what + " '" + text + "': " + ex.getMessage());
    }
  }

  private List<PredictionInput> readCifs(Predictor predictor) {
    List<PredictionInput> out = new ArrayList<>();
    try (StructureSource source = StructureInputs.open(inputs.cif, StructureInputOptions.defaults())) {
      while (source.hasNext()) {
        RecordResult r = source.next();
        if (r instanceof RejectedRecord rej) {
          throw new InputException(rej.source(), rej.line(), rej.reason());
        }
        StructureRecord rec = (StructureRecord) r;
        try {
          out.add(PredictionInputs.simulated(rec, predictor));
        } catch (IllegalArgumentException ex) {
          throw new InputException(rec.source(), rec.line(), ex.getMessage());
        }
      }
    }
    return out;
  }

  /** Reads the batch file: each row becomes an input or a rejected record with its reason. */
  private void readBatch(
      Predictor predictor, PatternPreprocessor preprocessor, List<PredictionInput> out, List<RejectedRecord> rejected)
      throws IOException {
    Path csv = inputs.batch;
    String source = csv.toString();
    Path folder = csv.toAbsolutePath().getParent();
    try (Reader reader = new InputStreamReader(CompressedFiles.open(csv), StandardCharsets.UTF_8)) {
      CsvRecords records = new CsvRecords(reader, source);
      CsvRecords.CsvRecord header = records.next();
      if (header == null) {
        throw new InputException(source, 0, "is empty");
      }
      List<String> names = header.fields().stream().map(String::strip).toList();
      int fileColumn = names.indexOf(BATCH_FILE_COLUMN);
      int formulaColumn = names.indexOf(BATCH_FORMULA_COLUMN);
      int wavelengthColumn = names.indexOf(BATCH_WAVELENGTH_COLUMN);
      if (fileColumn < 0) {
        throw new InputException(
            source, header.line(), "header has no column '" + BATCH_FILE_COLUMN + "' (columns: " + names + ")");
      }
      for (CsvRecords.CsvRecord row = records.next(); row != null; row = records.next()) {
        String file = field(row, fileColumn);
        try {
          if (row.fields().size() != names.size()) {
            throw new IllegalArgumentException(
                "has " + row.fields().size() + " fields, the header " + names.size());
          }
          if (file.isEmpty()) {
            throw new IllegalArgumentException("no " + BATCH_FILE_COLUMN);
          }
          String formulaText = field(row, formulaColumn);
          String wavelengthText = field(row, wavelengthColumn);
          Composition composition = formulaText.isEmpty() ? null : Composition.parse(formulaText);
          if (composition == null && predictor.needsComposition()) {
            throw new IllegalArgumentException(
                "no formula; the model reads the composition (" + predictor.config().modality() + " model)");
          }
          Radiation radiation = wavelengthText.isEmpty() ? null : Radiation.parse(wavelengthText);
          Path pattern = folder.resolve(file);
          out.add(PredictionInputs.measured(pattern, composition, radiation, preprocessor));
        } catch (InputException | IllegalArgumentException ex) {
          rejected.add(new RejectedRecord(source, file, row.line(), ex.getMessage()));
        }
      }
    }
  }

  private static String field(CsvRecords.CsvRecord row, int column) {
    return column < 0 || column >= row.fields().size() ? "" : row.fields().get(column).strip();
  }

  static Path defaultRejectsFile(Path batch) {
    String name = batch.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    return batch.toAbsolutePath().resolveSibling(stem + ".rejects.jsonl");
  }

  /**
   * The readable form: a header line per input, then one line per target, then for a measured pattern the crystal
   * system with lattice indexing ({@link IndexedCrystalSystem}) and, when a cell decided it, the space groups whose
   * reflection conditions fit the cell.
   */
  static String text(
      Prediction p, Optional<IndexedCrystalSystem.Decision> decision, List<TargetValue.ClassProbability> groups) {
    PredictionInput in = p.input();
    StringBuilder sb = new StringBuilder();
    sb.append(in.source()).append("  (");
    sb.append(in.composition() == null ? "no formula" : "formula " + in.composition().reducedFormula());
    switch (in.origin()) {
      case MEASURED ->
          sb.append(String.format(Locale.ROOT, "; measured, %.5f A", in.measuredRadiation().wavelengthAngstrom()));
      case SIMULATED -> sb.append("; pattern simulated from the structure");
      case NONE -> sb.append("; composition only");
      default -> throw new IllegalStateException("unknown origin " + in.origin());
    }
    sb.append(")\n");
    int width = p.values().stream().mapToInt(v -> v.target().length()).max().orElse(0);
    for (TargetValue v : p.values()) {
      sb.append("  ").append(String.format(Locale.ROOT, "%-" + width + "s  ", v.target()));
      if (v.kind() == TargetKind.REGRESSION) {
        sb.append(String.format(Locale.ROOT, "%.4f", v.value()));
        if (!Double.isNaN(v.std())) {
          sb.append(String.format(Locale.ROOT, " +- %.4f", v.std()));
        }
        if (!v.unit().isEmpty()) {
          sb.append(' ').append(v.unit());
        }
      } else {
        sb.append(classes(v.topClasses()));
      }
      sb.append('\n');
    }
    decision.ifPresent(d -> sb.append("  ").append(INDEXED_LABEL).append("  ").append(d.crystalSystem())
        .append(d.cell() == null ? "  (" + NO_CELL + ")" : "  (" + d.cellDescription() + ")").append('\n'));
    if (!groups.isEmpty()) {
      sb.append("  ").append(INDEXED_GROUPS_LABEL).append("  ").append(classes(groups))
          .append("  (").append(INDEXED_GROUPS_NOTE).append(")\n");
    }
    return sb.toString();
  }

  private static String classes(List<TargetValue.ClassProbability> classes) {
    List<String> parts = new ArrayList<>();
    for (TargetValue.ClassProbability c : classes) {
      parts.add(String.format(Locale.ROOT, "%s %.3f", c.className(), c.probability()));
    }
    return String.join(" | ", parts);
  }

  private static final String INDEXED_GROUPS_LABEL = "space group with lattice indexing";

  private static final String INDEXED_GROUPS_NOTE =
      "the model's groups of that system whose reflection conditions fit the cell's lines";

  private static final String INDEXED_LABEL = "crystal system with lattice indexing";

  private static final String NO_CELL =
      "no cubic, tetragonal, hexagonal, orthorhombic or monoclinic cell indexes the lines, nor a cubic one beside"
          + " impurity lines: the classifier's answer";

  private static void writeJson(
      PrintWriter out,
      List<Prediction> predictions,
      List<Optional<IndexedCrystalSystem.Decision>> decisions,
      List<List<TargetValue.ClassProbability>> groups)
      throws IOException {
    JsonGenerator gen = JSON.createGenerator(out);
    gen.setRootValueSeparator(null);
    for (int i = 0; i < predictions.size(); i++) {
      Prediction p = predictions.get(i);
      PredictionInput in = p.input();
      gen.writeStartObject();
      gen.writeStringField("source", in.source());
      gen.writeStringField("formula", in.composition() == null ? null : in.composition().reducedFormula());
      gen.writeStringField("pattern", in.origin().name().toLowerCase(Locale.ROOT));
      if (in.measuredRadiation() != null) {
        gen.writeNumberField("wavelength_angstrom", in.measuredRadiation().wavelengthAngstrom());
      }
      gen.writeArrayFieldStart("warnings");
      for (String w : in.warnings()) {
        gen.writeString(w);
      }
      gen.writeEndArray();
      gen.writeObjectFieldStart("predictions");
      for (TargetValue v : p.values()) {
        gen.writeObjectFieldStart(v.target());
        if (v.kind() == TargetKind.REGRESSION) {
          gen.writeNumberField("value", v.value());
          if (!Double.isNaN(v.std())) {
            gen.writeNumberField("std", v.std());
          }
          gen.writeStringField("unit", v.unit());
        } else {
          gen.writeStringField("class", v.predictedClass());
          writeClasses(gen, "top", v.topClasses());
        }
        gen.writeEndObject();
      }
      gen.writeEndObject();
      if (decisions.get(i).isPresent()) {
        IndexedCrystalSystem.Decision d = decisions.get(i).get();
        gen.writeObjectFieldStart("crystal_system_with_indexing");
        gen.writeStringField("class", d.crystalSystem());
        gen.writeStringField("decided_by", d.cell() == null ? "classifier" : "indexing");
        gen.writeStringField("cell", d.cell() == null ? null : d.cellDescription());
        if (!groups.get(i).isEmpty()) {
          writeClasses(gen, "spacegroup_top", groups.get(i));
        }
        gen.writeEndObject();
      }
      gen.writeEndObject();
      gen.writeRaw('\n');
    }
    gen.flush();
  }

  private static void writeClasses(JsonGenerator gen, String field, List<TargetValue.ClassProbability> classes)
      throws IOException {
    gen.writeArrayFieldStart(field);
    for (TargetValue.ClassProbability c : classes) {
      gen.writeStartObject();
      gen.writeStringField("class", c.className());
      gen.writeNumberField("probability", c.probability());
      gen.writeEndObject();
    }
    gen.writeEndArray();
  }

  private void writePlot(Predictor predictor, List<PredictionInput> toPredict) throws IOException {
    double[] x = predictor.grid().twoThetasDeg();
    List<PlotSeries> series = new ArrayList<>();
    for (PredictionInput in : toPredict) {
      double[] y = new double[in.pattern().length];
      for (int i = 0; i < y.length; i++) {
        y[i] = in.pattern()[i];
      }
      series.add(PlotSeries.of(Path.of(in.source()).getFileName().toString(), x, y));
    }
    Plots.patterns(
        plot,
        "Patterns on the model grid (" + modelDir.getFileName() + ")",
        String.format(
            Locale.ROOT, "2-theta (degrees), Cu K-alpha %.5f A", predictor.grid().radiation().wavelengthAngstrom()),
        series);
  }
}
