package org.xxact.crystal.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xxact.crystal.Element;
import org.xxact.crystal.Elements;
import org.xxact.crystal.InputException;
import org.xxact.crystal.Lattice;
import org.xxact.crystal.Site;
import org.xxact.crystal.Species;
import org.xxact.crystal.SpeciesOccupancy;
import org.xxact.crystal.Structure;

/**
 * Streams pymatgen JSON: {@code Structure.as_dict()} and {@code ComputedStructureEntry.as_dict()} objects, one per file,
 * in a top-level array, as JSON lines, or as the {@code {"entries": [...]}} files of the Alexandria database
 * (alexandria.icams.rub.de; about 100,000 entries per json.bz2 file). Jackson's streaming parser reads one entry at a
 * time, so memory stays that of one entry whatever the file size.
 *
 * <p>The structure comes from {@code lattice.matrix} and each site's {@code abc} (or {@code xyz}, converted) and {@code
 * species[{element, occu, oxidation_state}]}. An entry's {@code entry_id}, {@code energy}, {@code correction} and every
 * field of its {@code data} ({@code e_form}, {@code e_above_hull}, {@code band_gap_ind}, {@code spg}, ...) become record
 * properties, numbers as written. Records are numbered 1, 2, ... in file order; that number is the record's "line".
 * NaN and Infinity, which Python's json module writes, are accepted (a structure with them is then rejected).
 */
final class PymatgenJsonReader extends RecordReader {
  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  /** A JSON number kept as written. */
  private record JsonNumber(String text) {
    double value() {
      return Double.parseDouble(text);
    }
  }

  private final JsonParser parser;
  private final String stem;
  private long recordNumber;
  private boolean inArray;
  private boolean arrayInsideRootObject;
  private JsonToken pendingRoot;
  /** A failure met while looking past the last record, reported after that record. */
  private IOException pendingFailure;

  PymatgenJsonReader(String source, InputStream in, String stem) throws IOException {
    this(source, FACTORY.createParser(in), stem);
  }

  private PymatgenJsonReader(String source, JsonParser parser, String stem) {
    super(source, parser);
    this.parser = parser;
    this.stem = stem;
  }

  @Override
  protected RecordResult read() throws IOException {
    try {
      return readRecord();
    } catch (JsonProcessingException ex) {
      throw new InputException(
          source(),
          recordNumber + 1,
          "malformed JSON at line "
              + ex.getLocation().getLineNr()
              + ", column "
              + ex.getLocation().getColumnNr()
              + ": "
              + ex.getOriginalMessage());
    }
  }

  private RecordResult readRecord() throws IOException {
    if (pendingFailure != null) {
      IOException ex = pendingFailure;
      pendingFailure = null;
      throw ex;
    }
    while (true) {
      if (inArray) {
        JsonToken t = parser.nextToken();
        if (t == null) {
          throw new InputException(source(), recordNumber + 1, "JSON ends inside a list (file truncated?)");
        }
        if (t == JsonToken.END_ARRAY) {
          inArray = false;
          if (arrayInsideRootObject) {
            skipRestOfObject();
          }
          continue;
        }
        if (t != JsonToken.START_OBJECT) {
          parser.skipChildren();
          recordNumber++;
          return new RejectedRecord(source(), stem + "#" + recordNumber, recordNumber, "entry is not a JSON object");
        }
        Map<String, Object> entry = readObject();
        recordNumber++;
        return toRecord(entry, stem + "#" + recordNumber);
      }
      JsonToken t = pendingRoot != null ? pendingRoot : parser.nextToken();
      pendingRoot = null;
      if (t == null) {
        if (recordNumber == 0) {
          throw new InputException(source(), 0, "no structure in the JSON file");
        }
        return null;
      }
      if (t == JsonToken.START_ARRAY) {
        inArray = true;
        arrayInsideRootObject = false;
        continue;
      }
      if (t != JsonToken.START_OBJECT) {
        throw new InputException(
            source(), recordNumber + 1, "expected a JSON object or list, found " + parser.getText());
      }
      Map<String, Object> root = new LinkedHashMap<>();
      boolean entries = false;
      for (JsonToken f = parser.nextToken(); f != JsonToken.END_OBJECT; f = parser.nextToken()) {
        if (f == null) {
          throw new InputException(source(), recordNumber + 1, "JSON ends inside an object (file truncated?)");
        }
        String name = parser.currentName();
        JsonToken v = parser.nextToken();
        if (name.equals("entries") && v == JsonToken.START_ARRAY) {
          entries = true;
          break;
        }
        root.put(name, readValue(v));
      }
      if (entries) {
        inArray = true;
        arrayInsideRootObject = true;
        continue;
      }
      recordNumber++;
      try {
        pendingRoot = parser.nextToken();
      } catch (IOException ex) {
        pendingFailure = ex;
      }
      boolean only = recordNumber == 1 && pendingRoot == null && pendingFailure == null;
      return toRecord(root, only ? stem : stem + "#" + recordNumber);
    }
  }

  private void skipRestOfObject() throws IOException {
    for (JsonToken f = parser.nextToken(); f != JsonToken.END_OBJECT; f = parser.nextToken()) {
      if (f == null) {
        throw new InputException(source(), recordNumber + 1, "JSON ends inside an object (file truncated?)");
      }
      parser.nextToken();
      parser.skipChildren();
    }
  }

  private Map<String, Object> readObject() throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    for (JsonToken f = parser.nextToken(); f != JsonToken.END_OBJECT; f = parser.nextToken()) {
      if (f == null) {
        throw new InputException(source(), recordNumber + 1, "JSON ends inside an object (file truncated?)");
      }
      String name = parser.currentName();
      m.put(name, readValue(parser.nextToken()));
    }
    return m;
  }

  private Object readValue(JsonToken t) throws IOException {
    if (t == null) {
      throw new InputException(source(), recordNumber + 1, "JSON ends inside a value (file truncated?)");
    }
    return switch (t) {
      case START_OBJECT -> readObject();
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        for (JsonToken e = parser.nextToken(); e != JsonToken.END_ARRAY; e = parser.nextToken()) {
          list.add(readValue(e));
        }
        yield list;
      }
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new JsonNumber(parser.getText());
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new InputException(source(), recordNumber + 1, "unexpected JSON token " + t);
    };
  }

  private RecordResult toRecord(Map<String, Object> m, String positionalId) {
    Object entryId = m.get("entry_id");
    String id = entryId == null ? positionalId : text(entryId);
    try {
      Map<String, String> properties = new LinkedHashMap<>();
      Structure structure;
      if (m.get("structure") instanceof Map<?, ?> s) {
        structure = structure(s);
        for (String key : new String[] {"entry_id", "energy", "correction"}) {
          if (m.containsKey(key)) {
            properties.put(key, text(m.get(key)));
          }
        }
        if (m.get("data") instanceof Map<?, ?> data) {
          data.forEach((k, v) -> properties.put(String.valueOf(k), text(v)));
        }
      } else if (m.containsKey("lattice") && m.containsKey("sites")) {
        structure = structure(m);
      } else {
        throw invalid(
            "neither a pymatgen Structure (lattice, sites) nor a ComputedStructureEntry (structure); keys: "
                + String.join(", ", m.keySet()));
      }
      return new StructureRecord(source(), id, recordNumber, structure, properties);
    } catch (InputException ex) {
      return new RejectedRecord(source(), id, recordNumber, ex.reason());
    }
  }

  private InputException invalid(String reason) {
    return new InputException(source(), recordNumber, reason);
  }

  private Structure structure(Map<?, ?> m) {
    if (!(m.get("lattice") instanceof Map<?, ?> lat) || !(lat.get("matrix") instanceof List<?> rows)) {
      throw invalid("structure has no lattice.matrix");
    }
    double[][] matrix = new double[3][];
    if (rows.size() != 3) {
      throw invalid("lattice.matrix must have 3 rows");
    }
    for (int i = 0; i < 3; i++) {
      matrix[i] = vector(rows.get(i), "lattice.matrix row " + (i + 1));
    }
    Lattice lattice;
    try {
      lattice = Lattice.fromMatrix(matrix);
    } catch (IllegalArgumentException ex) {
      throw invalid("lattice: " + ex.getMessage());
    }
    if (!(m.get("sites") instanceof List<?> siteList) || siteList.isEmpty()) {
      throw invalid("structure has no sites");
    }
    double[][] reciprocal = lattice.reciprocalMatrix();
    List<Site> sites = new ArrayList<>(siteList.size());
    for (int i = 0; i < siteList.size(); i++) {
      sites.add(site(siteList.get(i), i + 1, reciprocal));
    }
    return new Structure(lattice, sites);
  }

  private Site site(Object o, int index, double[][] reciprocal) {
    String where = "site " + index;
    if (!(o instanceof Map<?, ?> site) || !(site.get("species") instanceof List<?> speciesList)) {
      throw invalid(where + " has no species list");
    }
    List<SpeciesOccupancy> species = new ArrayList<>();
    for (Object so : speciesList) {
      if (!(so instanceof Map<?, ?> sp) || !(sp.get("element") instanceof String symbol)) {
        throw invalid(where + ": a species has no element");
      }
      Element e = Elements.find(symbol).orElseThrow(() -> invalid(where + ": unknown element '" + symbol + "'"));
      double occu = sp.containsKey("occu") ? number(sp.get("occu"), where + " occupancy") : 1.0;
      double oxidation = sp.get("oxidation_state") == null ? 0 : number(sp.get("oxidation_state"), where + " charge");
      if (!(occu > 0) || !Double.isFinite(occu)) {
        throw invalid(where + ": occupancy of " + symbol + " must be positive, got " + text(sp.get("occu")));
      }
      species.add(new SpeciesOccupancy(new Species(e, oxidation), occu));
    }
    if (species.isEmpty()) {
      throw invalid(where + " has no species");
    }
    double[] f;
    if (site.get("abc") != null) {
      f = vector(site.get("abc"), where + " abc");
    } else if (site.get("xyz") != null) {
      double[] r = vector(site.get("xyz"), where + " xyz");
      f = new double[3];
      for (int i = 0; i < 3; i++) {
        f[i] = r[0] * reciprocal[i][0] + r[1] * reciprocal[i][1] + r[2] * reciprocal[i][2];
      }
    } else {
      throw invalid(where + " has neither abc nor xyz coordinates");
    }
    String label = site.get("label") instanceof String s ? s : "";
    return new Site(species, f[0], f[1], f[2], label);
  }

  private double[] vector(Object o, String what) {
    if (!(o instanceof List<?> list) || list.size() != 3) {
      throw invalid(what + " must be a list of 3 numbers");
    }
    double[] v = new double[3];
    for (int i = 0; i < 3; i++) {
      v[i] = number(list.get(i), what);
      if (!Double.isFinite(v[i])) {
        throw invalid(what + " has a value that is not a finite number: " + text(list.get(i)));
      }
    }
    return v;
  }

  private double number(Object o, String what) {
    if (o instanceof JsonNumber n) {
      return n.value();
    }
    throw invalid(what + " is not a number: " + text(o));
  }

  /** A value as written: strings as they are, numbers as their JSON text, objects and lists as compact JSON. */
  private static String text(Object o) {
    if (o == null) {
      return "null";
    }
    if (o instanceof String s) {
      return s;
    }
    if (o instanceof JsonNumber n) {
      return n.text();
    }
    if (o instanceof Boolean b) {
      return b.toString();
    }
    StringWriter w = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      write(g, o);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return w.toString();
  }

  private static void write(JsonGenerator g, Object o) throws IOException {
    if (o == null) {
      g.writeNull();
    } else if (o instanceof String s) {
      g.writeString(s);
    } else if (o instanceof JsonNumber n) {
      g.writeNumber(n.text());
    } else if (o instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (o instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (o instanceof List<?> l) {
      g.writeStartArray();
      for (Object e : l) {
        write(g, e);
      }
      g.writeEndArray();
    }
  }

  @Override
  protected long position() {
    return recordNumber + 1;
  }

  @Override
  protected String failureId() {
    return stem + "#" + (recordNumber + 1);
  }
}
