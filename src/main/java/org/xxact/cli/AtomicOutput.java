package org.xxact.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An output file that appears only when complete: bytes go to a temporary file in the same folder, which {@link
 * #commit()} renames onto the target in one step. Closing without committing deletes the temporary file, so a failed or
 * interrupted run never leaves a half-written output behind.
 */
final class AtomicOutput implements AutoCloseable {
  private static final AtomicLong COUNTER = new AtomicLong();

  private final Path target;
  private final Path temp;
  private final OutputStream out;
  private boolean committed;

  AtomicOutput(Path target) throws IOException {
    this.target = target.toAbsolutePath();
    Path dir = this.target.getParent();
    Files.createDirectories(dir);
    // Not Files.createTempFile: its owner-only permissions would carry over to the output.
    this.temp = dir.resolve("." + this.target.getFileName() + "." + ProcessHandle.current().pid() + "."
        + COUNTER.incrementAndGet() + ".tmp");
    this.out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  /** The stream to write to (closed by {@link #commit()} or {@link #close()}). */
  OutputStream stream() {
    return out;
  }

  /** Closes the stream and moves the finished file onto the target. */
  void commit() throws IOException {
    out.close();
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException ex) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    committed = true;
  }

  @Override
  public void close() {
    if (committed) {
      return;
    }
    try {
      out.close();
      Files.deleteIfExists(temp);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
