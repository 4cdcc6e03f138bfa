package org.xxact.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The benchmark runs end to end on a few structures and writes its results; the numbers themselves are not tested. */
class BenchXrdCommandTest {
  @Test
  void writesJsonAndMarkdown(@TempDir Path tmp) throws IOException {
    Path ref = tmp.resolve("ref.jsonl.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(ref))) {
      o.write("{\"id\": \"1\"}\n{\"id\": \"4\"}\n".getBytes(StandardCharsets.UTF_8));
    }
    StringWriter out = new StringWriter();
    CommandLine cl = XxactCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    int exit =
        cl.execute("bench", "xrd", "--reference", ref.toString(), "--limit", "12", "--warmup-seconds", "0",
            "--repeats", "1", "--threads", "1,2", "--out", tmp.toString());
    assertThat(exit).isEqualTo(ExitCode.OK);
    assertThat(out.toString()).contains("| reference set, 1 thread (1 passes) | 2 |", "| 2 |", "pseudo-voigt");
    JsonNode j = new ObjectMapper().readTree(tmp.resolve("bench-xrd.json").toFile());
    assertThat(j.get("environment").get("command").asText()).startsWith("xxact bench xrd --reference");
    assertThat(j.get("data").get("structures").asInt()).isEqualTo(12);
    assertThat(j.get("thread_scaling")).hasSize(2);
    assertThat(j.get("all_one_thread").get("calls").asInt()).isEqualTo(12);
    assertThat(Files.readString(tmp.resolve("bench-xrd.md"))).isEqualTo(out.toString());
  }
}
