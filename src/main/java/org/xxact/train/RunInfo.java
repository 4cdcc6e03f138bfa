package org.xxact.train;

import java.time.Instant;
import org.xxact.model.DjlRuntime;

/**
 * Provenance of a run ({@code run.json}): what produced it, from which code and data.
 *
 * @param seed the run's seed
 * @param gitRevision the commit the code was built from ({@link #buildRevision()}), or "unknown"
 * @param datasetManifestChecksum checksum of the dataset manifest, or null when the data has none
 * @param createdAt ISO-8601 instant the run started
 * @param threads PyTorch intra-op threads (results are reproducible for a fixed count)
 * @param parameterCount scalar parameters of the model
 * @param initialisedFrom run directories the encoders were transferred from (comma-separated), or null
 */
public record RunInfo(
    long seed,
    String gitRevision,
    String datasetManifestChecksum,
    String createdAt,
    int threads,
    long parameterCount,
    String initialisedFrom) {

  /**
   * The provenance of a run starting now in this JVM: the build's revision, the current time and the engine's thread
   * count.
   */
  public static RunInfo startingNow(
      long seed, String datasetManifestChecksum, long parameterCount, String initialisedFrom) {
    return new RunInfo(
        seed,
        buildRevision(),
        datasetManifestChecksum,
        Instant.now().toString(),
        DjlRuntime.threads(),
        parameterCount,
        initialisedFrom);
  }

  /**
   * The git commit the running classes were built from, with "-dirty" appended when the working tree had uncommitted
   * changes at build time; "unknown" when the build had no repository. Read from the properties the build writes next to
   * the classes, so a run records the code that ran, not whatever the checkout it was started from holds by then.
   */
  public static String buildRevision() {
    try (java.io.InputStream in = RunInfo.class.getResourceAsStream(BUILD_REVISION_RESOURCE)) {
      if (in == null) {
        return UNKNOWN;
      }
      java.util.Properties properties = new java.util.Properties();
      properties.load(in);
      String commit = properties.getProperty("git.commit.id", "");
      if (!commit.matches("[0-9a-f]{40}")) {
        return UNKNOWN;
      }
      return Boolean.parseBoolean(properties.getProperty("git.dirty")) ? commit + "-dirty" : commit;
    } catch (java.io.IOException e) {
      return UNKNOWN;
    }
  }

  /** The revision recorded when git cannot tell. */
  public static final String UNKNOWN = "unknown";

  /** Written by the build (git-commit-id-maven-plugin, see pom.xml). */
  private static final String BUILD_REVISION_RESOURCE = "/org/xxact/build-revision.properties";
}
