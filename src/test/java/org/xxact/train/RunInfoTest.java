package org.xxact.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The revision a run records is the commit the classes were built from. */
class RunInfoTest {
  @Test
  void buildRevisionIsTheCommitOfTheBuildWhenBuiltInARepository() {
    String revision = RunInfo.buildRevision();
    // The build runs in the project directory (surefire's working directory): a checkout has .git, an export does not.
    if (Files.exists(Path.of(".git"))) {
      assertThat(revision).matches("[0-9a-f]{40}(-dirty)?");
    } else {
      assertThat(revision).isEqualTo(RunInfo.UNKNOWN);
    }
  }
}
