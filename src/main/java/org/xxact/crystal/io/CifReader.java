package org.xxact.crystal.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Map;
import org.xxact.crystal.InputException;
import org.xxact.crystal.Structure;

/**
 * Reads every structure of a CIF file, one data block at a time. A file with one structure block gives its record the
 * file's name (without extensions) as id, so that a folder of {@code mp-1234.cif} files keeps the ids users know;
 * several blocks give their block names. Blocks that hold neither a cell nor atom sites (publication data, for example)
 * are not structures and are passed over, as pymatgen does; a file with no structure block at all is rejected.
 */
final class CifReader extends RecordReader {
  private final CifBlockReader blocks;
  private final String fileStem;
  private int structureBlocks;
  private boolean multiBlock;

  CifReader(String source, BufferedReader reader, String fileStem) {
    super(source, reader);
    this.blocks = new CifBlockReader(LineSource.of(reader), source, 0);
    this.fileStem = fileStem;
  }

  @Override
  protected RecordResult read() throws IOException {
    while (true) {
      CifBlock block = blocks.next();
      if (block == null) {
        if (structureBlocks == 0) {
          throw new InputException(
              source(), 0, "no structure in the file (no data block with a cell and atom sites)");
        }
        return null;
      }
      multiBlock |= blocks.hasPendingBlock();
      String id = multiBlock ? block.name() : fileStem;
      if (block.error() != null) {
        structureBlocks++;
        return new RejectedRecord(source(), id, block.error().line(), block.error().reason());
      }
      if (!block.looksLikeStructure()) {
        continue;
      }
      structureBlocks++;
      try {
        Structure s = CifStructureBuilder.build(block, source());
        return new StructureRecord(source(), id, block.line(), s, Map.of());
      } catch (InputException ex) {
        return new RejectedRecord(source(), id, ex.line(), ex.reason());
      }
    }
  }

  @Override
  protected long position() {
    return blocks.currentLine();
  }

  @Override
  protected String failureId() {
    return fileStem;
  }
}
