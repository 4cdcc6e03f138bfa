package org.xxact.data;

import java.util.Locale;

/** The part of a dataset a sample belongs to. The code is what shards store. */
public enum Split {
  TRAIN(0),
  VAL(1),
  TEST(2);

  private final int code;

  Split(int code) {
    this.code = code;
  }

  /** The byte stored in shards. */
  public int code() {
    return code;
  }

  /** The name used in files and on the command line: "train", "val", "test". */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The split with this stored code.
   *
   * @throws IllegalArgumentException for an unknown code (a damaged shard)
   */
  public static Split ofCode(int code) {
    for (Split s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown split code " + code);
  }
}
