package org.xxact.xrd.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any pattern written in any of the delimiter and decimal-mark styles reads back to the same numbers. */
class TextColumnsProperties {

  record Style(String delimiter, boolean decimalComma, String header, String newline) {}

  @Provide
  Arbitrary<Style> styles() {
    Arbitrary<String> delimiters = Arbitraries.of(" ", "  ", "\t", ",", ", ", ";", " ; ");
    Arbitrary<String> headers = Arbitraries.of("", "# comment\n", "2theta intensity\n", "Angle;Counts\n\n");
    Arbitrary<String> newlines = Arbitraries.of("\n", "\r\n");
    return Combinators.combine(delimiters, Arbitraries.of(true, false), headers, newlines)
        .as((d, c, h, n) -> new Style(d, c && !d.contains(","), h, n));
  }

  @Property(tries = 200)
  void writtenPatternsReadBack(
      @ForAll("styles") Style style,
      @ForAll double start,
      @ForAll("steps") double step,
      @ForAll("counts") int[] counts) {
    double from = 1 + Math.abs(start % 60);
    StringBuilder sb = new StringBuilder(style.header());
    for (int i = 0; i < counts.length; i++) {
      String x = String.format(Locale.ROOT, "%.4f", from + i * step);
      String y = String.format(Locale.ROOT, "%.2f", counts[i] + 0.25);
      if (style.decimalComma()) {
        x = x.replace('.', ',');
        y = y.replace('.', ',');
      }
      sb.append(x).append(style.delimiter()).append(y).append(style.newline());
    }
    MeasuredPattern p = MeasuredPatternReader.read(sb.toString().getBytes(StandardCharsets.UTF_8), "p.csv");
    assertThat(p.size()).isEqualTo(counts.length);
    for (int i = 0; i < counts.length; i++) {
      assertThat(p.intensity()[i]).isEqualTo(counts[i] + 0.25);
      assertThat(p.twoThetaDeg()[i])
          .isEqualTo(Double.parseDouble(String.format(Locale.ROOT, "%.4f", from + i * step)));
    }
  }

  @Provide
  Arbitrary<Double> steps() {
    return Arbitraries.doubles().between(0.001, 0.5).ofScale(3);
  }

  @Provide
  Arbitrary<int[]> counts() {
    return Arbitraries.integers().between(0, 100000).array(int[].class).ofMinSize(10).ofMaxSize(200);
  }
}
