package org.xxact.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes files so that a reader (a resumed build or run, a user looking at a report) sees either the old file or the
 * complete new one, never a partial file: the bytes go to a temporary file in the same directory, are forced to disk,
 * and the temporary file is renamed over the target in one atomic step. Missing parent directories are created. A
 * process killed at any moment leaves at most a stray file ending in {@value #TEMP_SUFFIX}, which {@link
 * #deleteTemporaries} removes. The one writer of every output of the project: dataset shards and manifests, run
 * checkpoints, reports, plots and command outputs.
 */
public final class AtomicFiles {
  /** Suffix of temporary files; nothing else in a dataset directory ends with it. */
  public static final String TEMP_SUFFIX = ".partial";

  /** Buffer of streamed writes: large enough that a checkpoint of megabytes is written in few system calls. */
  private static final int BUFFER_BYTES = 1 << 16;

  /** Makes the temporary names of concurrent writers of one target differ. */
  private static final AtomicLong COUNTER = new AtomicLong();

  private AtomicFiles() {}

  /** Something that writes a file's content to a stream. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * A file being written that appears only when complete: write to {@link #stream()}, then {@link #commit()}. Closing
   * without committing deletes the temporary file, so a failed or interrupted job leaves no half-written output.
   */
  public static final class Output implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream out;
    private boolean committed;

    private Output(Path target) throws IOException {
      this.target = target.toAbsolutePath();
      Files.createDirectories(this.target.getParent());
      // Not Files.createTempFile: its owner-only permissions would carry over to the output.
      this.temp =
          this.target.resolveSibling(
              this.target.getFileName() + "." + ProcessHandle.current().pid() + "." + COUNTER.incrementAndGet()
                  + TEMP_SUFFIX);
      this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      OutputStream channelStream = Channels.newOutputStream(channel);
      // Closing the stream (a writer wrapped around it closes it) must not close the channel: commit still forces it.
      this.out =
          new BufferedOutputStream(
              new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                  channelStream.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                  channelStream.write(b, off, len);
                }
              },
              BUFFER_BYTES);
    }

    /** The stream to write to (closed by {@link #commit()} or {@link #close()}). */
    public OutputStream stream() {
      return out;
    }

    /** Flushes, forces the bytes to disk and moves the finished file onto the target. */
    public void commit() throws IOException {
      out.flush();
      channel.force(true);
      channel.close();
      move(temp, target);
      committed = true;
    }

    @Override
    public void close() {
      if (committed) {
        return;
      }
      try {
        channel.close();
        Files.deleteIfExists(temp);
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }
  }

  /** Starts writing {@code target}; the caller commits, and closes in any case. */
  public static Output open(Path target) throws IOException {
    return new Output(target);
  }

  /** Atomically replaces {@code target} with what {@code content} writes (streamed, for large files). */
  public static void write(Path target, Content content) throws IOException {
    try (Output o = open(target)) {
      content.writeTo(o.stream());
      o.commit();
    }
  }

  /** Atomically replaces {@code target} with the bytes of {@code data} (from its position to its limit). */
  public static void write(Path target, ByteBuffer data) throws IOException {
    try (Output o = open(target)) {
      ByteBuffer b = data.duplicate();
      o.stream().flush();
      while (b.hasRemaining()) {
        o.channel.write(b);
      }
      o.commit();
    }
  }

  /** Atomically replaces {@code target} with {@code bytes}. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, ByteBuffer.wrap(bytes));
  }

  /** Atomically replaces {@code target} with the given text in UTF-8. */
  public static void writeString(Path target, String text) throws IOException {
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Deletes {@code p} and, when it is a folder, everything under it; nothing happens when it does not exist. */
  public static void deleteRecursively(Path p) throws IOException {
    if (Files.isDirectory(p)) {
      try (var entries = Files.list(p)) {
        for (Path c : (Iterable<Path>) entries::iterator) {
          deleteRecursively(c);
        }
      }
    }
    Files.deleteIfExists(p);
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

  private static void move(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException ex) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
