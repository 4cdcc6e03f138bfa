package org.xxact.xrd.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.xxact.crystal.InputException;

/**
 * The measured-pattern file formats xxact reads, and how a file's format is recognised: by its content first (the
 * signatures the instruments write: {@code RAW1.01}/{@code RAW4.00} for Bruker, the {@code xrdml.com} namespace for
 * PANalytical, {@code *RAS_DATA_START} for Rigaku, {@code _pd_} data names for powder CIF), then by its extension, so that
 * a renamed file still reads and a file with a misleading extension gets the error of the format it claims to be.
 */
public enum PatternFormat {
  /** Two- or three-column text: 2-theta, intensity and optionally its esd. */
  TEXT_COLUMNS(List.of("xy", "xye", "csv", "txt", "dat", "asc"), TextColumnsReader::read),
  /** PANalytical XRDML (XML), versions 1.x ({@code <intensities>}) and 2.x ({@code <counts>}). */
  XRDML(List.of("xrdml"), XrdmlReader::read),
  /** Bruker DIFFRAC binary RAW, versions 3 ({@code RAW1.01}) and 4 ({@code RAW4.00}). */
  BRUKER_RAW(List.of("raw"), BrukerRawReader::read),
  /** Rigaku RAS text. */
  RIGAKU_RAS(List.of("ras"), RigakuRasReader::read),
  /** Powder CIF ({@code _pd_meas_*} / {@code _pd_proc_*}). */
  POWDER_CIF(List.of("cif"), PowderCifReader::read);

  /** Bytes of the file's start that content detection looks at. */
  private static final int SNIFF_BYTES = 4096;

  private final List<String> extensions;
  private final Reader reader;

  PatternFormat(List<String> extensions, Reader reader) {
    this.extensions = extensions;
    this.reader = reader;
  }

  /** Reads a whole file's bytes as one format. */
  @FunctionalInterface
  interface Reader {
    MeasuredPattern read(byte[] content, String source);
  }

  /** File extensions (lower case, without the dot) that select this format when the content does not. */
  public List<String> extensions() {
    return extensions;
  }

  /** Reads a file of this format (see {@link MeasuredPatternReader} for the checks). */
  public MeasuredPattern read(byte[] content, String source) {
    return reader.read(content, source);
  }

  /**
   * The format of a file, from its content and then its name.
   *
   * @throws InputException for a binary file that is none of the binary formats read
   */
  public static PatternFormat detect(String fileName, byte[] content) {
    String head = new String(content, 0, Math.min(content.length, SNIFF_BYTES), StandardCharsets.ISO_8859_1);
    if (head.startsWith("RAW1.01") || head.startsWith("RAW4.00") || head.startsWith("RAW ") || head.startsWith("RAW2")) {
      return BRUKER_RAW;
    }
    String text = stripBom(head).stripLeading();
    if (text.startsWith("<") && (text.contains("xrdml.com") || text.contains("<xrdMeasurements"))) {
      return XRDML;
    }
    if (text.startsWith("*RAS_DATA_START") || text.startsWith("*RAS_HEADER_START")) {
      return RIGAKU_RAS;
    }
    String ext = extensionOf(fileName);
    for (PatternFormat f : values()) {
      if (f.extensions.contains(ext)) {
        return f;
      }
    }
    if ((text.startsWith("data_") || text.contains("\ndata_")) && text.contains("_pd_")) {
      return POWDER_CIF;
    }
    if (head.indexOf('\0') >= 0) {
      throw new InputException(
          fileName,
          0,
          "a binary file of a format not read here; measured patterns are read from "
              + String.join(", ", allExtensions())
              + " files (export other instruments' data as two-column .xy)");
    }
    return TEXT_COLUMNS;
  }

  static List<String> allExtensions() {
    return java.util.Arrays.stream(values()).flatMap(f -> f.extensions().stream()).map(e -> "." + e).toList();
  }

  static String extensionOf(String fileName) {
    String base = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
    int dot = base.lastIndexOf('.');
    return dot < 0 ? "" : base.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /**
   * Decodes a text file: UTF-8 when the bytes are valid UTF-8, otherwise ISO-8859-1 (instrument software writes local
   * code pages such as Windows-1252 or Shift_JIS; the numbers, which are ASCII, read the same either way). A leading
   * byte-order mark is dropped.
   */
  static String decodeText(byte[] content) {
    String s;
    try {
      s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(content))
              .toString();
    } catch (CharacterCodingException e) {
      s = new String(content, StandardCharsets.ISO_8859_1);
    }
    return stripBom(s);
  }

  private static String stripBom(String s) {
    if (s.startsWith("\uFEFF")) {
      return s.substring(1);
    }
    if (s.startsWith("\u00EF\u00BB\u00BF")) {
      return s.substring(3);
    }
    return s;
  }
}
