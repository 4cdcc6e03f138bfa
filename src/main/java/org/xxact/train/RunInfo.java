package org.xxact.train;

/**
 * Provenance of a run ({@code run.json}): what produced it, from which code and data.
 *
 * @param seed the run's seed
 * @param gitRevision {@code git rev-parse HEAD} of the working directory, or "unknown"
 * @param datasetManifestChecksum checksum of the dataset manifest, or null when the data has none
 * @param createdAt ISO-8601 instant the run started
 * @param threads PyTorch intra-op threads (results are reproducible for a fixed count)
 * @param parameterCount scalar parameters of the model
 * @param initialisedFrom run directory the encoders were transferred from, or null
 */
public record RunInfo(
    long seed,
    String gitRevision,
    String datasetManifestChecksum,
    String createdAt,
    int threads,
    long parameterCount,
    String initialisedFrom) {

  /** {@code git rev-parse HEAD} in the current directory, "unknown" when git or a repository is not there. */
  public static String currentGitRevision() {
    try {
      Process process =
          new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
      boolean done = process.waitFor(GIT_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
      if (done && process.exitValue() == 0 && out.matches("[0-9a-f]{40}")) {
        return out;
      }
      process.destroy();
    } catch (java.io.IOException e) {
      return UNKNOWN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return UNKNOWN;
  }

  /** The revision recorded when git cannot tell. */
  public static final String UNKNOWN = "unknown";

  /** git answers in milliseconds; a hung git must not hold up training. */
  private static final long GIT_TIMEOUT_SECONDS = 10;
}
