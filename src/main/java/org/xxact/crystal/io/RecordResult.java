package org.xxact.crystal.io;

/**
 * What a structure reader yields for each record of its input: a material ({@link StructureRecord}, or a
 * {@link CompositionRecord} from a composition column) or the reason it could not be read. Readers never drop a record
 * silently and never stop a batch at the first bad record.
 */
public sealed interface RecordResult permits MaterialRecord, RejectedRecord {
  /** Where the record came from (file path, with the archive member where there is one). */
  String source();

  /** Record id (id column, CIF data block name, entry id), or a positional id such as "#17" when there is none. */
  String id();

  /** 1-based line (text formats) or record number (JSON entries) where the record starts; 0 when unknown. */
  long line();
}
