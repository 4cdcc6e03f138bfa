package org.xxact.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.xxact.crystal.io.RejectedRecord;
import org.xxact.data.AtomicFiles;

/**
 * The reject file of a batch command: one JSON object per rejected record ({@code source}, {@code id}, {@code line},
 * {@code reason}), written atomically ({@link AtomicFiles}), so that it appears complete or not at all.
 */
final class RejectFile implements AutoCloseable {
  /** Rejected records printed on stderr, at most, when a command has no reject file; the rest are counted. */
  static final int MAX_SHOWN = 50;

  private static final JsonFactory JSON = new JsonFactory();

  private final AtomicFiles.Output file;
  private final JsonGenerator gen;

  RejectFile(Path target) throws IOException {
    this.file = AtomicFiles.open(target);
    this.gen = JSON.createGenerator(new OutputStreamWriter(file.stream(), StandardCharsets.UTF_8));
    gen.setRootValueSeparator(null);
  }

  void write(RejectedRecord r) {
    try {
      gen.writeStartObject();
      gen.writeStringField("source", r.source());
      gen.writeStringField("id", r.id());
      gen.writeNumberField("line", r.line());
      gen.writeStringField("reason", r.reason());
      gen.writeEndObject();
      gen.writeRaw('\n');
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** Finishes the file and moves it into place. */
  void commit() throws IOException {
    gen.close();
    file.commit();
  }

  /** Deletes the unfinished file unless {@link #commit()} ran. */
  @Override
  public void close() {
    file.close();
  }

  /** "source:line: reason", with the record id when it says more than the file name. */
  static String describe(RejectedRecord r) {
    StringBuilder sb = new StringBuilder(r.source());
    if (r.line() > 0) {
      sb.append(':').append(r.line());
    }
    sb.append(": ").append(r.reason());
    String fileName = Path.of(r.source()).getFileName() == null ? "" : Path.of(r.source()).getFileName().toString();
    if (!r.id().isEmpty() && !fileName.startsWith(r.id() + ".")) {
      sb.append(" [record ").append(r.id()).append(']');
    }
    return sb.toString();
  }
}
