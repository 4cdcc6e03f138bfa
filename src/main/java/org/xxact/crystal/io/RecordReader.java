package org.xxact.crystal.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.NoSuchElementException;
import org.xxact.crystal.InputException;

/**
 * Base of the per-file readers: turns a "read the next record" method into a {@link StructureSource}. When the file
 * itself fails (a compressed file cut off, a broken disk, text that is not the expected format) the failure becomes one
 * final {@link RejectedRecord} naming the line reached, after every record read before it, and the file is closed.
 */
abstract class RecordReader implements StructureSource {
  private final String source;
  private final Closeable resource;
  private RecordResult next;
  private boolean finished;

  RecordReader(String source, Closeable resource) {
    this.source = source;
    this.resource = resource;
  }

  String source() {
    return source;
  }

  /** The next record, or null at the end of the file. */
  protected abstract RecordResult read() throws IOException;

  /** Line (or record number) reached, for the message when the file fails. */
  protected abstract long position();

  /** Id to give the failure record of the file. */
  protected abstract String failureId();

  @Override
  public final boolean hasNext() {
    if (next == null && !finished) {
      try {
        next = read();
      } catch (InputException ex) {
        next = new RejectedRecord(source, failureId(), ex.line(), ex.reason());
        finished = true;
      } catch (IOException | UncheckedIOException ex) {
        IOException io = ex instanceof UncheckedIOException u ? u.getCause() : (IOException) ex;
        next =
            new RejectedRecord(
                source,
                failureId(),
                position(),
                "cannot read on after this point (file truncated or corrupt?): " + describe(io));
        finished = true;
      }
      if (next == null) {
        finished = true;
      }
      if (finished) {
        close();
      }
    }
    return next != null;
  }

  @Override
  public final RecordResult next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    RecordResult r = next;
    next = null;
    return r;
  }

  @Override
  public void close() {
    try {
      resource.close();
    } catch (IOException ex) {
      // Nothing was written; a failure to release a read handle changes no result.
    }
  }

  private static String describe(IOException ex) {
    String msg = ex.getMessage();
    return msg == null || msg.isBlank() ? ex.getClass().getSimpleName() : msg;
  }
}
