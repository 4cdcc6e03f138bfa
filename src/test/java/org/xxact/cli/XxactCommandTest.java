package org.xxact.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class XxactCommandTest {
  @Test
  void versionAndHelpSucceed() {
    StringWriter out = new StringWriter();
    CommandLine cl = XxactCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    assertThat(cl.execute("--version")).isEqualTo(ExitCode.OK);
    assertThat(out.toString()).contains("xxact");
    assertThat(cl.execute("--help")).isEqualTo(ExitCode.OK);
  }

  @Test
  void unknownOptionIsUsageError() {
    CommandLine cl = XxactCommand.commandLine();
    cl.setErr(new PrintWriter(new StringWriter()));
    assertThat(cl.execute("--no-such-option")).isEqualTo(ExitCode.USAGE);
    assertThat(cl.execute()).isEqualTo(ExitCode.USAGE);
  }
}
