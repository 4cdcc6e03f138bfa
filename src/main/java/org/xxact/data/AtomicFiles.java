package org.xxact.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a reader (or a resumed build) sees either the old file or the complete new one, never a
 * partial file: the bytes go to a temporary file in the same directory, are forced to disk, and the temporary file
 * is renamed over the target in one atomic step. A process killed at any moment leaves at most a stray
 * {@value #TEMP_SUFFIX} file, which {@link #deleteTemporaries} removes.
 */
public final class AtomicFiles {
  /** Suffix of temporary files; nothing else in a dataset directory ends with it. */
  public static final String TEMP_SUFFIX = ".partial";

  private AtomicFiles() {}

  /** Something that writes a file's content to a stream. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Atomically replaces {@code target} with the bytes of {@code data} (from its position to its limit). */
  public static void write(Path target, ByteBuffer data) throws IOException {
    Path tmp = temporary(target);
    try (FileChannel ch =
        FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer b = data.duplicate();
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    move(tmp, target);
  }

  /** Atomically replaces {@code target} with the given text in UTF-8. */
  public static void writeString(Path target, String text) throws IOException {
    write(target, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Atomically replaces {@code target} with what {@code content} writes (streamed, for large files). */
  public static void write(Path target, Content content) throws IOException {
    Path tmp = temporary(target);
    try (FileChannel ch =
            FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
      content.writeTo(out);
      out.flush();
      ch.force(true);
    }
    move(tmp, target);
  }

  /** Removes the temporary files a killed writer may have left in {@code dir} (not recursive). */
  public static void deleteTemporaries(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (p.getFileName().toString().endsWith(TEMP_SUFFIX)) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static Path temporary(Path target) {
    return target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
  }

  private static void move(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException ex) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
