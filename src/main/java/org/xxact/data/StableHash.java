package org.xxact.data;

import java.nio.charset.StandardCharsets;

/**
 * A 64-bit hash of strings that is the same on every machine, Java version and run (unlike {@link String#hashCode}
 * mixed with identity or randomised seeds), so that split assignment and formula keys are reproducible from the data
 * alone. FNV-1a over the UTF-8 bytes (Fowler, Noll, Vo; IETF draft-eastlake-fnv), finished with the SplitMix64 mixer
 * (Steele, Lea, Flood, OOPSLA 2014) so that nearby strings give unrelated high bits.
 */
public final class StableHash {
  private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private StableHash() {}

  /** Hash of the UTF-8 bytes of {@code text}, mixed with {@code seed}. */
  public static long hash(long seed, String text) {
    long h = FNV_OFFSET_BASIS ^ mix(seed);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= FNV_PRIME;
    }
    return mix(h);
  }

  /** Combines several numbers into one well-mixed 64-bit value (for per-sample random seeds). */
  public static long combine(long a, long b, long c) {
    return mix(mix(mix(a) ^ b) ^ c);
  }

  /** The SplitMix64 finaliser: a bijection of 64-bit values with good avalanche behaviour. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A uniform number in [0, 1) from the top 53 bits of a hash. */
  static double unitInterval(long hash) {
    return (hash >>> 11) * 0x1.0p-53;
  }
}
