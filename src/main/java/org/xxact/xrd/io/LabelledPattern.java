package org.xxact.xrd.io;

/**
 * A measured pattern with its known symmetry, as a labelled reference set gives it.
 *
 * @param id the record's id in its set
 * @param pattern the measured pattern
 * @param labels its crystal system and space group
 */
public record LabelledPattern(String id, MeasuredPattern pattern, PatternLabels labels) {}
