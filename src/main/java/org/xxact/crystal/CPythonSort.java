package org.xxact.crystal;

import java.util.Comparator;
import java.util.List;

/**
 * Sorting that reproduces CPython's {@code list.sort} (3.11, Objects/listobject.c) when the "less than" relation is not
 * a strict weak order. pymatgen orders elements and sites by electronegativity, and He, Ne and Ar have none (NaN): every
 * comparison with NaN is false, so the order that comes out depends on the sorting algorithm itself. For lists shorter
 * than CPython's minimum run (64) CPython finds the leading run and extends it by binary insertion; this class does the
 * same, comparison for comparison. Longer lists are sorted stably with the given total order, which gives the same
 * result whenever the "less than" relation is consistent with it (always, unless NaN keys are involved).
 */
final class CPythonSort {
  /** CPython sorts lists shorter than this with one binary-insertion run (merge_compute_minrun returns n). */
  static final int MIN_RUN = 64;

  /** A strict "less than", as Python's {@code __lt__}; may be inconsistent for NaN keys. */
  @FunctionalInterface
  interface LessThan<T> {
    boolean test(T a, T b);
  }

  private CPythonSort() {}

  /**
   * Sorts the list in place as CPython would with this "less than".
   *
   * @param list the list, modified in place
   * @param lessThan Python's {@code a < b}
   * @param totalOrder an order that agrees with lessThan where lessThan is consistent (used for 64 or more items)
   */
  static <T> void sort(List<T> list, LessThan<T> lessThan, Comparator<T> totalOrder) {
    int n = list.size();
    if (n < 2) {
      return;
    }
    if (n >= MIN_RUN) {
      list.sort(totalOrder);
      return;
    }
    // count_run: a strictly descending run is reversed, otherwise the run is non-descending.
    int run = 2;
    if (lessThan.test(list.get(1), list.get(0))) {
      while (run < n && lessThan.test(list.get(run), list.get(run - 1))) {
        run++;
      }
      for (int i = 0, j = run - 1; i < j; i++, j--) {
        T t = list.get(i);
        list.set(i, list.get(j));
        list.set(j, t);
      }
    } else {
      while (run < n && !lessThan.test(list.get(run), list.get(run - 1))) {
        run++;
      }
    }
    // binarysort: insert each remaining item after every item it is not less than.
    for (int start = run; start < n; start++) {
      T pivot = list.get(start);
      int l = 0;
      int r = start;
      do {
        int p = l + ((r - l) >> 1);
        if (lessThan.test(pivot, list.get(p))) {
          r = p;
        } else {
          l = p + 1;
        }
      } while (l < r);
      for (int p = start; p > l; p--) {
        list.set(p, list.get(p - 1));
      }
      list.set(l, pivot);
    }
  }
}
