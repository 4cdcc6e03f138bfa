#!/usr/bin/python3
"""Time pymatgen's XRDCalculator on the 280 reference structures, for comparison with `xxact bench xrd`.

Run from the repository root with Debian's python3 and python3-pymatgen 2022.11.7 (development machines only; xxact
itself never needs Python):

    /usr/bin/python3 docs/benchmarks/pymatgen_xrd_timing.py

The structures are read with Structure.from_str(cif, fmt="cif") from the rows of data/mp_cgcnn36k/mp_cgcnn36k.csv.gz
whose id is in data/mp_cgcnn36k/xrd_reference_pymatgen_CuKa.jsonl.gz; each is timed (after one warm-up call) in
XRDCalculator("CuKa").get_pattern(s, scaled=True, two_theta_range=(5, 90)), wall clock and process CPU time.
"""

import csv
import gzip
import json
import os
import platform
import statistics
import sys
import time

from pymatgen.analysis.diffraction.xrd import XRDCalculator
from pymatgen.core import Structure

csv.field_size_limit(sys.maxsize)
with gzip.open("data/mp_cgcnn36k/xrd_reference_pymatgen_CuKa.jsonl.gz", "rt") as f:
    ids = {json.loads(line)["id"] for line in f}
structures = []
with gzip.open("data/mp_cgcnn36k/mp_cgcnn36k.csv.gz", "rt", newline="") as f:
    for row in csv.DictReader(f):
        if row["id"] in ids:
            structures.append(Structure.from_str(row["cif"], fmt="cif"))
calc = XRDCalculator("CuKa")
calc.get_pattern(structures[0], scaled=True, two_theta_range=(5, 90))
wall, cpu = [], []
for s in structures:
    w0, c0 = time.perf_counter(), time.process_time()
    calc.get_pattern(s, scaled=True, two_theta_range=(5, 90))
    wall.append((time.perf_counter() - w0) * 1000)
    cpu.append((time.process_time() - c0) * 1000)
print(json.dumps({
    "structures": len(structures),
    "mean_ms": round(statistics.mean(wall), 2),
    "mean_cpu_ms": round(statistics.mean(cpu), 2),
    "median_ms": round(statistics.median(wall), 2),
    "python": platform.python_version(),
    "cpu": platform.processor() or platform.machine(),
    "load_average": os.getloadavg()[0],
}))
