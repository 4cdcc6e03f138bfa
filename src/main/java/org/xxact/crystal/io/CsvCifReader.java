package org.xxact.crystal.io;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xxact.crystal.Composition;
import org.xxact.crystal.InputException;
import org.xxact.crystal.Structure;

/**
 * Reads a CSV file with one structure per row, its CIF text in a quoted multi-line column (the layout of the Materials
 * Project derived sets MP-20, perov-5 and mp_cgcnn36k), or, when a composition column is chosen, one composition per
 * row (the Matbench tables, which come without structures). The first row is the header. Every other column is carried
 * along as a property of the record; the id comes from the chosen id column. Errors inside the CIF name the real line
 * of the CSV file. Rows are split on the reading thread and their CIF text is parsed on worker threads
 * ({@link OrderedWorkers}); records come out in file order.
 */
final class CsvCifReader extends RecordReader {
  private final CsvRecords records;
  private final StructureInputOptions options;
  private List<String> header;
  /** The column a record is made from: the CIF text, or the formula of a composition table. */
  private int materialIndex;
  private int idIndex = -1;
  private long recordNumber;
  private final OrderedWorkers workers = new OrderedWorkers();
  private boolean exhausted;
  /** A failure of the CSV text itself, reported after the records read before it. */
  private Exception pendingFailure;

  CsvCifReader(String source, Reader reader, StructureInputOptions options) {
    super(source, reader);
    this.records = new CsvRecords(reader, source);
    this.options = options;
  }

  @Override
  protected RecordResult read() throws IOException {
    if (header == null) {
      readHeader();
    }
    while (pendingFailure == null && !exhausted && workers.hasRoom()) {
      CsvRecords.CsvRecord rec;
      try {
        rec = records.next();
      } catch (IOException | InputException ex) {
        pendingFailure = ex;
        break;
      }
      if (rec == null) {
        exhausted = true;
        break;
      }
      long number = ++recordNumber;
      workers.submit(() -> convert(rec, number));
    }
    if (!workers.isEmpty()) {
      return workers.take();
    }
    if (pendingFailure != null) {
      Exception ex = pendingFailure;
      pendingFailure = null;
      exhausted = true;
      if (ex instanceof IOException io) {
        throw io;
      }
      throw (InputException) ex;
    }
    return null;
  }

  /** One CSV row to a record; runs on a worker thread. */
  private RecordResult convert(CsvRecords.CsvRecord rec, long number) {
    List<String> fields = rec.fields();
    String id = idIndex >= 0 && idIndex < fields.size() ? fields.get(idIndex) : "#" + number;
    if (fields.size() != header.size()) {
      return new RejectedRecord(
          source(), id, rec.line(), "row has " + fields.size() + " fields, the header " + header.size());
    }
    Map<String, String> properties = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      if (i != materialIndex) {
        properties.put(header.get(i), fields.get(i));
      }
    }
    try {
      if (options.compositionColumn() != null) {
        return new CompositionRecord(
            source(), id, rec.line(), composition(fields.get(materialIndex), rec.fieldLines()[materialIndex]), properties);
      }
      Structure s = structure(fields.get(materialIndex), rec.fieldLines()[materialIndex]);
      return new StructureRecord(source(), id, rec.line(), s, properties);
    } catch (InputException ex) {
      return new RejectedRecord(source(), id, ex.line() > 0 ? ex.line() : rec.line(), ex.reason());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private void readHeader() throws IOException {
    CsvRecords.CsvRecord h = records.next();
    if (h == null) {
      throw new InputException(source(), 0, "empty file: no CSV header");
    }
    header = new ArrayList<>(h.fields());
    if (header.get(0).startsWith(CifTokenizer.BYTE_ORDER_MARK)) {
      header.set(0, header.get(0).substring(1));
    }
    String material = options.compositionColumn() != null ? options.compositionColumn() : options.cifColumn();
    materialIndex = column(material);
    if (materialIndex < 0) {
      throw new InputException(
          source(),
          h.line(),
          "no " + (options.compositionColumn() != null ? "composition" : "CIF") + " column '" + material
              + "' in the header (columns: " + columns() + ")");
    }
    if (options.idColumn() != null) {
      idIndex = column(options.idColumn());
      if (idIndex < 0) {
        throw new InputException(
            source(), h.line(), "no id column '" + options.idColumn() + "' in the header (columns: " + columns() + ")");
      }
    } else {
      for (String candidate : StructureInputOptions.DEFAULT_ID_COLUMNS) {
        idIndex = column(candidate);
        if (idIndex >= 0) {
          break;
        }
      }
    }
  }

  private int column(String name) {
    int i = header.indexOf(name);
    if (i < 0) {
      for (int j = 0; j < header.size(); j++) {
        if (header.get(j).trim().equalsIgnoreCase(name)) {
          return j;
        }
      }
    }
    return i;
  }

  private String columns() {
    String all = String.join(", ", header);
    return all.length() > 200 ? all.substring(0, 197) + "..." : all;
  }

  /** The composition written in a formula cell. */
  private Composition composition(String formula, long fieldLine) {
    if (formula.isBlank()) {
      throw new InputException(source(), fieldLine, "empty formula in column '" + header.get(materialIndex) + "'");
    }
    try {
      return Composition.parse(formula);
    } catch (InputException ex) {
      throw new InputException(source(), fieldLine, "formula '" + formula.trim() + "': " + ex.reason());
    } catch (IllegalArgumentException ex) {
      throw new InputException(source(), fieldLine, "formula '" + formula.trim() + "': " + ex.getMessage());
    }
  }

  /** The one structure in a CIF cell. */
  private Structure structure(String cif, long fieldLine) throws IOException {
    if (cif.isBlank()) {
      throw new InputException(source(), fieldLine, "empty CIF in column '" + header.get(materialIndex) + "'");
    }
    CifBlockReader blocks = new CifBlockReader(LineSource.of(cif), source(), fieldLine - 1);
    CifBlock found = null;
    int count = 0;
    for (CifBlock b = blocks.next(); b != null; b = blocks.next()) {
      if (b.error() != null) {
        throw b.error();
      }
      if (b.looksLikeStructure()) {
        count++;
        if (found == null) {
          found = b;
        }
      }
    }
    if (found == null) {
      throw new InputException(source(), fieldLine, "the CIF holds no structure (no cell and atom sites)");
    }
    if (count > 1) {
      throw new InputException(source(), fieldLine, "the CIF holds " + count + " structures; one per row is expected");
    }
    return CifStructureBuilder.build(found, source());
  }

  @Override
  protected long position() {
    return records.currentLine();
  }

  @Override
  public void close() {
    workers.cancel();
    super.close();
  }

  @Override
  protected String failureId() {
    return recordNumber == 0 ? "" : "#" + (recordNumber + 1);
  }
}
