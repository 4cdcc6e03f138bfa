package org.xxact.crystal.io;

import java.util.Iterator;

/**
 * A stream of records from one or more structure inputs, read lazily so that memory stays bounded whatever the input
 * size. Close it to release the underlying files.
 */
public interface StructureSource extends Iterator<RecordResult>, AutoCloseable {
  @Override
  void close();
}
