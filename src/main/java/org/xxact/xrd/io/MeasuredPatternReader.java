package org.xxact.xrd.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.xxact.crystal.InputException;

/**
 * Reads a measured powder pattern from any of the {@link PatternFormat}s, chosen by content and extension.
 *
 * <p>Every reader applies the same checks (see {@link PatternAssembler}): at least ten points, finite values, 2-theta in
 * (0, 180) and monotonic (a cleanly descending scan is reversed), intensities not mostly negative; gaps are reported in
 * {@link MeasuredPattern#notes()}. A file that fails ends in an {@link InputException} naming the file and line.
 */
public final class MeasuredPatternReader {
  /**
   * Largest file read, in bytes. The largest scans (position-sensitive detectors, 0.001 deg steps over 150 deg) take a
   * few megabytes; a file thousands of times larger is not a single pattern.
   */
  public static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

  private MeasuredPatternReader() {}

  /**
   * Reads the pattern in a file.
   *
   * @throws InputException for a file that is not a readable pattern (including a missing file)
   * @throws UncheckedIOException for a failure of the file system itself
   */
  public static MeasuredPattern read(Path file) {
    String source = file.toString();
    try {
      if (Files.isDirectory(file)) {
        throw new InputException(source, 0, "is a directory, not a pattern file");
      }
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new InputException(source, 0, "is " + size + " bytes, too large to be one powder pattern");
      }
      return read(Files.readAllBytes(file), source);
    } catch (NoSuchFileException e) {
      throw new InputException(source, 0, "no such file");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
  }

  /** Reads a pattern from a stream (an archive entry, standard input); {@code source} names it in messages. */
  public static MeasuredPattern read(InputStream in, String source) throws IOException {
    byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_FILE_BYTES + 1));
    if (content.length > MAX_FILE_BYTES) {
      throw new InputException(source, 0, "is too large to be one powder pattern");
    }
    return read(content, source);
  }

  /** Reads a pattern from a file's bytes; {@code source} is its name, used for the format and in messages. */
  public static MeasuredPattern read(byte[] content, String source) {
    if (content.length == 0) {
      throw new InputException(source, 0, "is empty");
    }
    return PatternFormat.detect(source, content).read(content, source);
  }
}
