package org.xxact.crystal.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one entry point for reading structures: files and folders of CIF, CSV-with-CIF and pymatgen/Alexandria JSON, each
 * optionally gzip, bzip2 or xz compressed (recognised by magic bytes). Folders are searched recursively in sorted path
 * order, so the record order is the same on every machine; in a folder only files with a structure extension are read
 * (others, such as READMEs, are not inputs). Files are opened one at a time as the stream reaches them.
 *
 * <p>Nothing is dropped silently: a file that is missing, unreadable or of unknown format, and every record that cannot
 * be read, comes out as a {@link RejectedRecord} with its reason. Deciding what that means (an error for a single
 * structure, a reject-file line in a batch) is left to the caller.
 */
public final class StructureInputs {
  /** Bytes looked at to tell a file's format from its content. */
  private static final int SNIFF_BYTES = 4096;

  private StructureInputs() {}

  /**
   * Opens the inputs for reading.
   *
   * @param inputs files and folders, read in the order given
   * @param options CSV column choices
   * @return the records of every input in order; close it when done
   */
  public static StructureSource open(List<Path> inputs, StructureInputOptions options) {
    return new Chain(inputs, options);
  }

  /** Opens one file with a known or detected format. */
  static StructureSource openFile(Path path, StructureInputOptions options) {
    String source = path.toString();
    String fileName = path.getFileName() == null ? source : path.getFileName().toString();
    String stem = StructureFormat.stem(fileName);
    InputStream in;
    try {
      in = CompressedFiles.open(path);
    } catch (NoSuchFileException ex) {
      return single(new RejectedRecord(source, stem, 0, "no such file"));
    } catch (AccessDeniedException ex) {
      return single(new RejectedRecord(source, stem, 0, "permission denied"));
    } catch (IOException ex) {
      return single(
          new RejectedRecord(source, stem, 0, "cannot read (file truncated or corrupt?): " + ex.getMessage()));
    }
    try {
      byte[] head = new byte[SNIFF_BYTES];
      in.mark(SNIFF_BYTES);
      int n = in.readNBytes(head, 0, SNIFF_BYTES);
      in.reset();
      if (n == 0) {
        in.close();
        return single(new RejectedRecord(source, stem, 0, "empty file"));
      }
      Optional<StructureFormat> format = StructureFormat.detect(fileName, head, n);
      if (format.isEmpty()) {
        in.close();
        return single(
            new RejectedRecord(
                source,
                stem,
                0,
                "cannot tell the format (expected .cif, .csv or .json, optionally .gz, .bz2 or .xz)"));
      }
      return switch (format.get()) {
        case CIF -> new CifReader(source, textReader(in), stem);
        case CSV -> new CsvCifReader(source, textReader(in), options);
        case JSON -> new PymatgenJsonReader(source, in, stem);
      };
    } catch (IOException ex) {
      try {
        in.close();
      } catch (IOException suppressed) {
        ex.addSuppressed(suppressed);
      }
      return single(
          new RejectedRecord(
              source, stem, 0, "cannot read (file truncated or corrupt?): " + String.valueOf(ex.getMessage())));
    }
  }

  private static BufferedReader textReader(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), CompressedFiles.BUFFER_BYTES);
  }

  /** The files of a folder that have a structure extension, recursively, sorted by path. */
  static List<Path> filesOf(Path folder) throws IOException {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> StructureFormat.byExtension(p.getFileName().toString()).isPresent())
          .sorted()
          .toList();
    }
  }

  private static StructureSource single(RecordResult r) {
    return new StructureSource() {
      private boolean done;

      @Override
      public boolean hasNext() {
        return !done;
      }

      @Override
      public RecordResult next() {
        if (done) {
          throw new NoSuchElementException();
        }
        done = true;
        return r;
      }

      @Override
      public void close() {}
    };
  }

  /** The records of several inputs, one file open at a time. */
  private static final class Chain implements StructureSource {
    private final Deque<Path> pending;
    private final StructureInputOptions options;
    private StructureSource current;

    Chain(List<Path> inputs, StructureInputOptions options) {
      this.pending = new ArrayDeque<>(inputs);
      this.options = options;
    }

    @Override
    public boolean hasNext() {
      while (current == null || !current.hasNext()) {
        if (current != null) {
          current.close();
          current = null;
        }
        Path p = pending.pollFirst();
        if (p == null) {
          return false;
        }
        if (Files.isDirectory(p)) {
          try {
            List<Path> files = new ArrayList<>(filesOf(p));
            if (files.isEmpty()) {
              current =
                  single(
                      new RejectedRecord(
                          p.toString(),
                          "",
                          0,
                          "no structure files (.cif, .csv, .json, optionally .gz, .bz2 or .xz) in the folder"));
              continue;
            }
            for (int i = files.size() - 1; i >= 0; i--) {
              pending.addFirst(files.get(i));
            }
          } catch (IOException | UncheckedIOException ex) {
            current = single(new RejectedRecord(p.toString(), "", 0, "cannot list the folder: " + ex.getMessage()));
          }
          continue;
        }
        current = openFile(p, options);
      }
      return true;
    }

    @Override
    public RecordResult next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.next();
    }

    @Override
    public void close() {
      if (current != null) {
        current.close();
        current = null;
      }
      pending.clear();
    }
  }
}
