package org.xxact.crystal.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Opens a file for reading, decompressing gzip, bzip2 and xz transparently. The compression is recognised by the magic
 * bytes at the start of the file (RFC 1952 for gzip, "BZh" for bzip2, FD 37 7A 58 5A 00 for xz), not by the file name,
 * so a misnamed file still reads. Multi-member (concatenated) streams are read to the end, as parallel compressors such
 * as pigz and pbzip2 write them.
 */
public final class CompressedFiles {
  /** Read-buffer size in bytes for files and decompressors. */
  static final int BUFFER_BYTES = 1 << 16;

  /** Compression formats recognised by their magic bytes. */
  enum Compression {
    NONE,
    GZIP,
    BZIP2,
    XZ
  }

  private CompressedFiles() {}

  /** Opens the file and returns its decompressed content, buffered. */
  public static InputStream open(Path path) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(path), BUFFER_BYTES);
    try {
      return new BufferedInputStream(decompress(raw), BUFFER_BYTES);
    } catch (IOException | RuntimeException ex) {
      raw.close();
      throw ex;
    }
  }

  /** Wraps a mark-supporting stream in the decompressor its first bytes call for. */
  static InputStream decompress(InputStream in) throws IOException {
    byte[] head = new byte[6];
    in.mark(head.length);
    int n = in.readNBytes(head, 0, head.length);
    in.reset();
    return switch (detect(head, n)) {
      case GZIP -> new GZIPInputStream(in, BUFFER_BYTES);
      case BZIP2 -> new BZip2CompressorInputStream(in, true);
      case XZ -> new XZCompressorInputStream(in, true);
      case NONE -> in;
    };
  }

  /** The compression that the first n bytes of a file announce. */
  static Compression detect(byte[] head, int n) {
    if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return Compression.GZIP;
    }
    if (n >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
      return Compression.BZIP2;
    }
    if (n >= 6
        && (head[0] & 0xff) == 0xfd
        && head[1] == '7'
        && head[2] == 'z'
        && head[3] == 'X'
        && head[4] == 'Z'
        && head[5] == 0) {
      return Compression.XZ;
    }
    return Compression.NONE;
  }

  /** The file name without a trailing .gz, .bz2 or .xz. */
  static String withoutCompressionSuffix(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    for (String suffix : new String[] {".gz", ".bz2", ".xz"}) {
      if (lower.endsWith(suffix)) {
        return fileName.substring(0, fileName.length() - suffix.length());
      }
    }
    return fileName;
  }
}
