package org.xxact.xrd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Peak-by-peak comparison of a computed pattern with a pymatgen reference pattern in the JSON layout of the data. */
final class GoldenPatterns {
  private GoldenPatterns() {}

  /**
   * Differences between a reference and a computed pattern, one line each; empty when they agree.
   *
   * @param ref object with two_theta[], intensity[], d_spacing[], hkl[][][] and multiplicity[][]
   */
  static List<String> compare(
      String id, JsonNode ref, DiffractionPattern p, double twoThetaTol, double intensityTol, double dTol) {
    List<String> problems = new ArrayList<>();
    int n = ref.get("two_theta").size();
    if (n != p.size()) {
      problems.add(id + ": " + p.size() + " peaks, reference " + n + " " + summary(ref, p));
      return problems;
    }
    for (int i = 0; i < n; i++) {
      DiffractionPeak peak = p.peaks().get(i);
      double tt = ref.get("two_theta").get(i).asDouble();
      double in = ref.get("intensity").get(i).asDouble();
      double d = ref.get("d_spacing").get(i).asDouble();
      if (Math.abs(peak.twoThetaDeg() - tt) > twoThetaTol) {
        problems.add(id + " peak " + i + ": 2theta " + peak.twoThetaDeg() + " vs " + tt);
      }
      if (Math.abs(peak.intensity() - in) > intensityTol) {
        problems.add(id + " peak " + i + " at " + tt + ": intensity " + peak.intensity() + " vs " + in);
      }
      if (Math.abs(peak.dSpacingAngstrom() - d) > dTol) {
        problems.add(id + " peak " + i + ": d " + peak.dSpacingAngstrom() + " vs " + d);
      }
      Map<String, Integer> expected = new HashMap<>();
      JsonNode hkls = ref.get("hkl").get(i);
      for (int j = 0; j < hkls.size(); j++) {
        expected.merge(hkls.get(j).toString().replace(" ", ""), ref.get("multiplicity").get(i).get(j).asInt(),
            Integer::sum);
      }
      Map<String, Integer> actual = new HashMap<>();
      for (HklFamily f : peak.families()) {
        StringBuilder sb = new StringBuilder("[");
        int[] hkl = f.hkl();
        for (int j = 0; j < hkl.length; j++) {
          sb.append(j == 0 ? "" : ",").append(hkl[j]);
        }
        actual.merge(sb.append(']').toString(), f.multiplicity(), Integer::sum);
      }
      if (!expected.equals(actual)) {
        problems.add(id + " peak " + i + " at " + tt + ": families " + actual + " vs " + expected);
      }
    }
    return problems;
  }

  private static String summary(JsonNode ref, DiffractionPattern p) {
    return "(computed " + java.util.Arrays.toString(p.twoThetasDeg()) + ", reference " + ref.get("two_theta") + ")";
  }
}
