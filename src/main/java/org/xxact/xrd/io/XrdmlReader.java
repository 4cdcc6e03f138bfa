package org.xxact.xrd.io;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.xxact.crystal.InputException;

/**
 * Reads PANalytical XRDML files, the XML that PANalytical (Malvern Panalytical) diffractometers and their Data Collector
 * and HighScore software write (schema at www.xrdml.com, versions 1.0 to 2.3).
 *
 * <p>What is read, following the schema and the readers in xrayutilities ({@code io/panalytical_xml.py}) and xylib
 * ({@code xrdml.cpp}):
 *
 * <ul>
 *   <li>Intensities: schema 1.x stores {@code <intensities>}, already corrected for the beam attenuator; schema 2.x
 *       stores raw {@code <counts>}, which are multiplied by {@code <beamAttenuationFactors>} (one factor a point) or
 *       {@code <commonBeamAttenuationFactor>} where present. Raw counts get the Poisson uncertainty sqrt(counts) scaled
 *       the same way. Where the counting time varies from point to point ({@code <countingTimes>}), intensities are
 *       divided by it, so that all points are on one counts-per-second scale.
 *   <li>2-theta: the {@code <positions axis="2Theta">} of the data points, either {@code <startPosition>} and {@code
 *       <endPosition>} (points evenly spaced between them, both included) or {@code <listPositions>}. A scan in which
 *       2-theta stays at a {@code <commonPosition>} (a rocking curve) is not a powder pattern and is rejected.
 *   <li>Wavelength: {@code <usedWavelength>} with {@code <kAlpha1>}, {@code <kAlpha2>} and {@code
 *       <ratioKAlpha2KAlpha1>}; see {@link StatedWavelength} for how the doublet becomes one wavelength. Its {@code
 *       intended} attribute is kept in the metadata but not used: instruments without a monochromator write "K-Alpha 1"
 *       there too (all 60 A-Lab AERIS scans in the bundled data have a nickel beta filter and no monochromator).
 *   <li>Only the first {@code <scan>} is read; a file holding more says so in the notes.
 * </ul>
 */
final class XrdmlReader {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final String TWO_THETA_AXIS = "2Theta";

  private XrdmlReader() {}

  /** Text and line of one element. */
  private record Value(String text, long line) {}

  static MeasuredPattern read(byte[] content, String source) {
    PatternAssembler out = new PatternAssembler(source);
    out.meta("format", "PANalytical XRDML");
    Map<String, Value> values = new HashMap<>();
    Map<String, Value> twoTheta = new HashMap<>();
    int scans = 0;
    int measurements = 0;
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    XMLStreamReader xml = null;
    try {
      xml = factory.createXMLStreamReader(new ByteArrayInputStream(content));
      Deque<String> path = new ArrayDeque<>();
      boolean inFirstScan = false;
      String positionsAxis = null;
      StringBuilder text = new StringBuilder();
      long textLine = 0;
      while (xml.hasNext()) {
        int event = xml.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          String name = xml.getLocalName();
          long line = xml.getLocation().getLineNumber();
          if (path.isEmpty()) {
            if (!name.equals("xrdMeasurements")) {
              throw new InputException(source, line, "not an XRDML file: its root element is <" + name + ">");
            }
            String ns = xml.getNamespaceURI();
            out.meta("xrdmlVersion", ns == null ? xml.getAttributeValue(null, "version") : versionOf(ns));
          }
          path.push(name);
          text.setLength(0);
          textLine = line;
          switch (name) {
            case "xrdMeasurement" -> {
              measurements++;
              if (measurements == 1) {
                out.meta("measurementType", xml.getAttributeValue(null, "measurementType"));
                out.meta("sampleMode", xml.getAttributeValue(null, "sampleMode"));
              }
            }
            case "usedWavelength" -> out.meta("intendedWavelength", xml.getAttributeValue(null, "intended"));
            case "xRayTube" -> out.meta("tube", xml.getAttributeValue(null, "name"));
            case "scan" -> {
              scans++;
              inFirstScan = scans == 1;
              if (inFirstScan) {
                out.meta("scanAxis", xml.getAttributeValue(null, "scanAxis"));
                out.meta("scanMode", xml.getAttributeValue(null, "mode"));
                out.meta("scanStatus", xml.getAttributeValue(null, "status"));
              }
            }
            case "positions" -> positionsAxis = inFirstScan ? xml.getAttributeValue(null, "axis") : null;
            default -> {}
          }
        } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
          text.append(xml.getText());
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          String name = path.pop();
          String parent = path.peek();
          Value v = new Value(text.toString().strip(), textLine);
          text.setLength(0);
          if (name.equals("scan")) {
            inFirstScan = false;
          } else if (name.equals("positions")) {
            positionsAxis = null;
          } else if (inFirstScan && TWO_THETA_AXIS.equalsIgnoreCase(positionsAxis) && "positions".equals(parent)) {
            twoTheta.putIfAbsent(name, v);
          } else if (inFirstScan && "dataPoints".equals(parent)) {
            values.putIfAbsent(name, v);
          } else if (inFirstScan && ("header".equals(parent) || "source".equals(parent))) {
            values.putIfAbsent(name, v);
          } else if (measurements <= 1 && parent != null) {
            values.putIfAbsent(parent + "/" + name, v);
          }
        }
      }
    } catch (XMLStreamException e) {
      long line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
      throw new InputException(source, Math.max(line, 0), "malformed XML (is the file truncated?): " + xmlReason(e));
    } finally {
      if (xml != null) {
        try {
          xml.close();
        } catch (XMLStreamException ignored) {
          // closing a reader over a byte array cannot lose data
        }
      }
    }
    if (scans == 0) {
      throw new InputException(source, 0, "holds no <scan>: no pattern to read");
    }
    if (scans > 1) {
      out.note("the file holds " + scans + " scans; the first is read");
    }
    if (measurements > 1) {
      out.note("the file holds " + measurements + " <xrdMeasurement> elements; the first is read");
    }
    out.meta("sample", text(values, "sample/id"));
    out.meta("sampleName", text(values, "sample/name"));
    out.meta("anode", text(values, "xRayTube/anodeMaterial"));
    out.meta("startTime", text(values, "startTimeStamp"));
    out.meta("instrument", text(values, "instrumentControlSoftware"));
    out.meta("software", text(values, "applicationSoftware"));
    out.meta("instrumentId", text(values, "instrumentID"));
    Value ka1 = values.get("usedWavelength/kAlpha1");
    if (ka1 != null) {
      out.statedWavelength(
          ka1.line(),
          number(source, ka1),
          optionalNumber(source, values.get("usedWavelength/kAlpha2")),
          optionalNumber(source, values.get("usedWavelength/ratioKAlpha2KAlpha1")));
    }
    return readDataPoints(out, values, twoTheta);
  }

  private static MeasuredPattern readDataPoints(
      PatternAssembler out, Map<String, Value> values, Map<String, Value> twoTheta) {
    String source = out.source();
    Value intensities = values.get("intensities");
    Value counts = values.get("counts");
    Value data = intensities != null ? intensities : counts;
    if (data == null) {
      throw new InputException(source, 0, "the first scan has neither <intensities> nor <counts>");
    }
    double[] y = numbers(source, data);
    int n = y.length;
    if (n < 2) {
      throw new InputException(source, data.line(), "only " + n + " intensity value(s) in the scan");
    }
    double[] esd = null;
    if (intensities == null) {
      esd = new double[n];
      for (int i = 0; i < n; i++) {
        esd[i] = Math.sqrt(Math.max(y[i], 0));
      }
      Value factors = values.get("beamAttenuationFactors");
      Value common = values.get("commonBeamAttenuationFactor");
      if (factors != null) {
        scale(y, esd, sameLength(source, factors, n, "beamAttenuationFactors"), false);
      } else if (common != null) {
        scale(y, esd, filled(n, number(source, common)), false);
      }
    }
    Value times = values.get("countingTimes");
    if (times != null) {
      double[] t = sameLength(source, times, n, "countingTimes");
      for (double ti : t) {
        if (!(ti > 0)) {
          throw new InputException(source, times.line(), "a counting time is not positive: " + ti);
        }
      }
      if (!allEqual(t)) {
        scale(y, esd, t, true);
        out.note("counting times vary from point to point; intensities are in counts per second");
      }
    }
    double[] x = twoThetaPositions(source, twoTheta, n);
    return out.build(x, y, esd, null);
  }

  private static double[] twoThetaPositions(String source, Map<String, Value> twoTheta, int n) {
    Value list = twoTheta.get("listPositions");
    if (list != null) {
      return sameLength(source, list, n, "2Theta listPositions");
    }
    Value start = twoTheta.get("startPosition");
    Value end = twoTheta.get("endPosition");
    if (start != null && end != null) {
      double a = number(source, start);
      double b = number(source, end);
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = a + (b - a) * i / (n - 1);
      }
      return x;
    }
    if (twoTheta.containsKey("commonPosition")) {
      throw new InputException(
          source,
          twoTheta.get("commonPosition").line(),
          "2Theta stays at one position in this scan (a rocking curve or omega scan), not a powder 2-theta scan");
    }
    throw new InputException(source, 0, "the first scan has no 2Theta positions");
  }

  private static void scale(double[] y, double[] esd, double[] by, boolean divide) {
    for (int i = 0; i < y.length; i++) {
      double f = divide ? 1.0 / by[i] : by[i];
      y[i] *= f;
      if (esd != null) {
        esd[i] *= f;
      }
    }
  }

  private static double[] filled(int n, double v) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  private static boolean allEqual(double[] a) {
    for (double v : a) {
      if (v != a[0]) {
        return false;
      }
    }
    return true;
  }

  private static double[] sameLength(String source, Value v, int n, String what) {
    double[] a = numbers(source, v);
    if (a.length != n) {
      throw new InputException(source, v.line(), a.length + " " + what + " for " + n + " intensities");
    }
    return a;
  }

  private static String text(Map<String, Value> values, String key) {
    Value v = values.get(key);
    return v == null ? null : v.text();
  }

  private static double number(String source, Value v) {
    double[] a = numbers(source, v);
    if (a.length != 1) {
      throw new InputException(source, v.line(), "expected one number, found '" + TextColumnsReader.abbreviate(v.text()) + "'");
    }
    return a[0];
  }

  private static double optionalNumber(String source, Value v) {
    return v == null || v.text().isEmpty() ? Double.NaN : number(source, v);
  }

  private static double[] numbers(String source, Value v) {
    if (v.text().isEmpty()) {
      return new double[0];
    }
    String[] tokens = WHITESPACE.split(v.text());
    double[] out = new double[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      out[i] = StrictNumber.parseOrNaN(tokens[i]);
      if (Double.isNaN(out[i])) {
        throw new InputException(
            source, v.line(), "'" + TextColumnsReader.abbreviate(tokens[i]) + "' is not a number (value " + (i + 1) + ")");
      }
    }
    return out;
  }

  private static String versionOf(String namespace) {
    int slash = namespace.lastIndexOf('/');
    return slash < 0 ? namespace : namespace.substring(slash + 1);
  }

  private static String xmlReason(XMLStreamException e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    int idx = m.indexOf("Message: ");
    String reason = (idx >= 0 ? m.substring(idx + "Message: ".length()) : m).replaceAll("\\s+", " ").strip();
    return reason.isEmpty() ? "parse error" : reason;
  }
}
