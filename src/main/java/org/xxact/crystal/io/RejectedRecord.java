package org.xxact.crystal.io;

/**
 * A record that could not be used, with the reason in words; batch jobs write these to their reject file.
 *
 * @param source file the record came from
 * @param id record id when known, else a positional id
 * @param line 1-based line or record number, 0 when unknown
 * @param reason what is wrong with it
 */
public record RejectedRecord(String source, String id, long line, String reason) implements RecordResult {}
