#!/usr/bin/python3
"""Golden XRD patterns and rendered grids for the Java tests (XrdGoldenTest, PatternRendererGoldenTest).

Run with Debian's python3 and its python3-pymatgen 2022.11.7 (not a pyenv python):

    /usr/bin/python3 src/test/resources/org/xxact/xrd/golden/generate_golden.py

It writes xrd_golden.json (patterns) and grids_golden.json.gz (rendered grids) next to itself. Every pattern is
pymatgen's, from the exact calls written below:

    XRDCalculator(wavelength=..., debye_waller_factors=...).get_pattern(structure, scaled=True, two_theta_range=...)

with the structure stored as it was passed (lattice matrix, sites with species, oxidation states, occupancies and
fractional coordinates as given). The symmetrised-CIF case stores the CIF text and the structure that
CifParser.from_string(cif).get_structures(primitive=False)[0] expanded it to.

Grids are computed with numpy from the golden peaks, every peak over the whole grid (no cut-off):
x = linspace(min, max, n); y = sum_i I_i * P(x - 2theta_i); then the pattern normalisation.
Profiles, FWHM F in degrees, D = x - 2theta_i:
    gaussian     G = exp(-4 ln2 D^2 / F^2)                    (unit height)
    lorentzian   L = 1 / (1 + 4 D^2 / F^2)                     (unit height)
    pseudo-voigt eta L + (1 - eta) G
    unit area    G * 2 sqrt(ln2 / pi) / F and L * 2 / (pi F)
FWHM models (theta in radians, half of 2theta):
    constant     F
    caglioti     F = sqrt(U tan^2 theta + V tan theta + W)     (U, V, W in deg^2)
    scherrer     F_size = degrees(K lambda / (L cos theta)), K = 0.9, combined as sqrt(F_inst^2 + F_size^2)
K-alpha doublet: d = lambda / (2 sin theta); each peak becomes 2 asin(lambda_1 / 2d) with 2/3 of its intensity and
2 asin(lambda_2 / 2d) with 1/3 (lines of pymatgen's WAVELENGTHS table); a line past 180 degrees is dropped.
"""

import gzip
import json
import os

import numpy as np
from pymatgen.analysis.diffraction.xrd import WAVELENGTHS, XRDCalculator
from pymatgen.core import Lattice, Structure
from pymatgen.io.cif import CifParser

HERE = os.path.dirname(os.path.abspath(__file__))


def structure_dict(s):
    return {
        "lattice_matrix": s.lattice.matrix.tolist(),
        "sites": [
            {
                "abc": site.frac_coords.tolist(),
                "species": [
                    {
                        "element": sp.symbol,
                        "oxidation_state": float(getattr(sp, "oxi_state", 0) or 0),
                        "occu": float(occu),
                    }
                    for sp, occu in site.species.items()
                ],
            }
            for site in s
        ],
    }


def nacl():
    return Structure.from_spacegroup("Fm-3m", Lattice.cubic(5.6402), ["Na", "Cl"], [[0, 0, 0], [0.5, 0.5, 0.5]])


def bcc_fe():
    return Structure(Lattice.cubic(2.8665), ["Fe", "Fe"], [[0, 0, 0], [0.5, 0.5, 0.5]])


def zno():
    return Structure.from_spacegroup(
        "P6_3mc", Lattice.hexagonal(3.2498, 5.2066), ["Zn", "O"], [[1 / 3, 2 / 3, 0], [1 / 3, 2 / 3, 0.3819]]
    )


def fe_ni_disordered():
    return Structure.from_spacegroup("Fm-3m", Lattice.cubic(3.56), [{"Fe": 0.5, "Ni": 0.5}], [[0, 0, 0]])


def li_partial_licoo2():
    # R-3m in the hexagonal setting; Li site 70 % occupied, Co site mixed with Ni.
    return Structure.from_spacegroup(
        "R-3m",
        Lattice.hexagonal(2.8156, 14.0542),
        [{"Li": 0.7}, {"Co": 0.8, "Ni": 0.2}, "O"],
        [[0, 0, 0.5], [0, 0, 0], [0, 0, 0.2396]],
    )


def nacl_charged():
    s = nacl()
    s.add_oxidation_state_by_element({"Na": 1, "Cl": -1})
    return s


def fe3o4_charged():
    return Structure.from_spacegroup(
        "Fd-3m:2",
        Lattice.cubic(8.396),
        [{"Fe3+": 1.0}, {"Fe2+": 0.5, "Fe3+": 0.5}, "O2-"],
        [[0.125, 0.125, 0.125], [0.5, 0.5, 0.5], [0.2549, 0.2549, 0.2549]],
    )


def heavy_uo2():
    return Structure.from_spacegroup(
        "Fm-3m", Lattice.cubic(5.4704), ["U", "O"], [[0, 0, 0], [0.25, 0.25, 0.25]]
    )


def heavy_mixed_actinides():
    # A made-up orthorhombic cell with Pb, Bi, Pu, Am, Cf and I (heavy elements up to the end of the table).
    return Structure(
        Lattice.orthorhombic(6.1, 7.3, 8.9),
        ["Pb", "Bi", "Pu", "Am", "Cf", "I", "I"],
        [
            [0.1, 0.2, 0.3],
            [0.55, 0.15, 0.8],
            [0.3, 0.7, 0.1],
            [0.8, 0.45, 0.55],
            [0.05, 0.9, 0.65],
            [0.6, 0.6, 0.35],
            [0.35, 0.35, 0.9],
        ],
    )


def triclinic():
    # Coordinates deliberately include values outside [0, 1): pymatgen keeps them as given.
    return Structure(
        Lattice.from_parameters(5.13, 6.27, 7.21, 78.3, 95.1, 104.6),
        ["K", "Al", "Si", "O", "O", "O", "O"],
        [
            [0.11, 0.23, 0.37],
            [1.41, 0.52, -0.13],
            [0.71, 0.83, 0.29],
            [0.05, 0.61, 0.77],
            [0.49, -0.27, 0.58],
            [0.88, 0.12, 0.93],
            [0.33, 0.44, 0.05],
        ],
    )


PBI2 = Structure.from_spacegroup(
    "P-3m1", Lattice.hexagonal(4.557, 6.979), ["Pb", "I"], [[0, 0, 0], [1 / 3, 2 / 3, 0.2692]]
)

RUTILE_CIF = """data_TiO2_rutile
_symmetry_space_group_name_H-M   'P 42/m n m'
_symmetry_Int_Tables_number   136
_cell_length_a   4.5937(3)
_cell_length_b   4.5937(3)
_cell_length_c   2.9587(2)
_cell_angle_alpha   90.0
_cell_angle_beta   90.0
_cell_angle_gamma   90.0
loop_
 _symmetry_equiv_pos_as_xyz
  'x, y, z'
  '-x, -y, z'
  '-y+1/2, x+1/2, z+1/2'
  'y+1/2, -x+1/2, z+1/2'
  '-x+1/2, y+1/2, -z+1/2'
  'x+1/2, -y+1/2, -z+1/2'
  'y, x, -z'
  '-y, -x, -z'
  '-x, -y, -z'
  'x, y, -z'
  'y+1/2, -x+1/2, -z+1/2'
  '-y+1/2, x+1/2, -z+1/2'
  'x+1/2, -y+1/2, z+1/2'
  '-x+1/2, y+1/2, z+1/2'
  '-y, -x, z'
  'y, x, z'
loop_
 _atom_type_symbol
 _atom_type_oxidation_number
  Ti4+  4.0
  O2-  -2.0
loop_
 _atom_site_type_symbol
 _atom_site_label
 _atom_site_fract_x
 _atom_site_fract_y
 _atom_site_fract_z
 _atom_site_occupancy
  Ti4+  Ti1  0.00000  0.00000  0.00000  1.0
  O2-  O1  0.30478(6)  0.30478(6)  0.00000  1.0
"""


def rutile_from_cif():
    return CifParser.from_string(RUTILE_CIF).get_structures(primitive=False)[0]


# name -> (structure factory, XRDCalculator kwargs, two_theta_range, extra fields)
CASES = [
    ("nacl_cuka_default_range", nacl, {"wavelength": "CuKa"}, (0, 90), {}),
    ("bcc_fe_cuka", bcc_fe, {"wavelength": "CuKa"}, (5, 90), {}),
    (
        "nacl_oxidation_states_debye_waller",
        nacl_charged,
        {"wavelength": "CuKa", "debye_waller_factors": {"Na": 1.2, "Cl": 0.9}},
        (5, 90),
        {},
    ),
    ("zno_wurtzite_hexagonal", zno, {"wavelength": "CuKa"}, (5, 90), {}),
    ("fe_ni_disordered_fcc", fe_ni_disordered, {"wavelength": "CuKa"}, (5, 90), {}),
    ("li0.7_co0.8ni0.2_o2_partial_occupancy", li_partial_licoo2, {"wavelength": "CuKa"}, (5, 90), {}),
    ("fe3o4_mixed_valence_charged", fe3o4_charged, {"wavelength": "CuKa"}, (5, 90), {}),
    ("rutile_symmetrised_cif", rutile_from_cif, {"wavelength": "CuKa"}, (5, 90), {"cif": RUTILE_CIF}),
    ("uo2_heavy", heavy_uo2, {"wavelength": "CuKa"}, (5, 90), {}),
    ("heavy_actinides_orthorhombic", heavy_mixed_actinides, {"wavelength": "CuKa"}, (5, 90), {}),
    ("triclinic_10_80", triclinic, {"wavelength": "CuKa"}, (10, 80), {}),
    # Mo K-alpha radii reach past 1/angstrom, where pymatgen's neighbour search switches its boundary rule.
    ("triclinic_moka", triclinic, {"wavelength": "MoKa"}, (5, 45), {}),
    ("bcc_fe_moka", bcc_fe, {"wavelength": "MoKa"}, (5, 90), {}),
    ("pbi2_hexagonal_moka_10_80", lambda: PBI2, {"wavelength": "MoKa"}, (10, 80), {}),
    ("zno_full_sphere_cuka1", zno, {"wavelength": "CuKa1"}, None, {}),
    (
        "triclinic_synchrotron_debye_waller",
        triclinic,
        {"wavelength": 0.4959, "debye_waller_factors": {"K": 2.1, "O": 0.7, "Si": 0.45}},
        (2, 25),
        {},
    ),
]


def build_cases():
    out = []
    patterns = {}
    for name, factory, calc_kwargs, tt_range, extra in CASES:
        s = factory()
        calc = XRDCalculator(**calc_kwargs)
        p = calc.get_pattern(s, scaled=True, two_theta_range=tt_range)
        wl = calc_kwargs["wavelength"]
        rec = {
            "name": name,
            "wavelength": wl,
            "wavelength_angstrom": WAVELENGTHS[wl] if isinstance(wl, str) else wl,
            "debye_waller_factors": calc_kwargs.get("debye_waller_factors", {}),
            "two_theta_range": list(tt_range) if tt_range is not None else None,
            "structure": structure_dict(s),
            "two_theta": [float(v) for v in p.x],
            "intensity": [float(v) for v in p.y],
            "d_spacing": [float(v) for v in p.d_hkls],
            "hkl": [[list(f["hkl"]) for f in fams] for fams in p.hkls],
            "multiplicity": [[int(f["multiplicity"]) for f in fams] for fams in p.hkls],
        }
        rec.update(extra)
        out.append(rec)
        patterns[name] = rec
    return out, patterns


def fwhm_deg(model, two_theta, wavelength):
    theta = np.radians(two_theta / 2)
    if model["kind"] == "constant":
        f2 = model["fwhm"] ** 2
    else:
        f2 = model["u"] * np.tan(theta) ** 2 + model["v"] * np.tan(theta) + model["w"]
    if model.get("crystallite_size_angstrom"):
        size = np.degrees(0.9 * wavelength / (model["crystallite_size_angstrom"] * np.cos(theta)))
        f2 = f2 + size**2
    return np.sqrt(f2)


def render(peaks_x, peaks_y, spec, wavelength):
    x = np.linspace(spec["two_theta_min"], spec["two_theta_max"], spec["points"])
    px = np.array(peaks_x, dtype=float)
    py = np.array(peaks_y, dtype=float)
    if spec.get("doublet"):
        l1, l2 = WAVELENGTHS[spec["doublet"] + "1"], WAVELENGTHS[spec["doublet"] + "2"]
        d = wavelength / (2 * np.sin(np.radians(px / 2)))
        xs, ys = [], []
        for lam, frac in ((l1, 2 / 3), (l2, 1 / 3)):
            arg = lam / (2 * d)
            ok = arg <= 1
            xs.append(np.degrees(2 * np.arcsin(arg[ok])))
            ys.append(py[ok] * frac)
        px, py = np.concatenate(xs), np.concatenate(ys)
    f = fwhm_deg(spec["fwhm"], px, wavelength)
    d = x[:, None] - px[None, :]
    g = np.exp(-4 * np.log(2) * d**2 / f**2)
    lor = 1 / (1 + 4 * d**2 / f**2)
    if spec.get("unit_area"):
        g = g * 2 * np.sqrt(np.log(2) / np.pi) / f
        lor = lor * 2 / (np.pi * f)
    shape = spec["shape"]
    if shape == "gaussian":
        prof = g
    elif shape == "lorentzian":
        prof = lor
    else:
        prof = spec["eta"] * lor + (1 - spec["eta"]) * g
    y = prof @ py
    norm = spec.get("normalisation", "max")
    if norm == "max":
        y = y / y.max()
    elif norm == "sum":
        y = y / y.sum()
    return y


GRID_SPECS = [
    # The reference convention of the XRD reference document (unit-height peaks, max 1).
    ("triclinic_10_80", {"shape": "gaussian", "fwhm": {"kind": "constant", "fwhm": 0.1}, "two_theta_min": 5.0,
                         "two_theta_max": 90.0, "points": 4096}),
    ("zno_wurtzite_hexagonal", {"shape": "gaussian", "fwhm": {"kind": "constant", "fwhm": 0.5},
                                "two_theta_min": 5.0, "two_theta_max": 90.0, "points": 4096}),
    ("heavy_actinides_orthorhombic", {"shape": "lorentzian", "fwhm": {"kind": "constant", "fwhm": 0.1},
                                      "two_theta_min": 5.0, "two_theta_max": 90.0, "points": 4096}),
    ("fe3o4_mixed_valence_charged", {"shape": "lorentzian", "fwhm": {"kind": "constant", "fwhm": 0.3},
                                     "two_theta_min": 5.0, "two_theta_max": 90.0, "points": 2048}),
    ("triclinic_10_80", {"shape": "pseudo-voigt", "eta": 0.5, "fwhm": {"kind": "constant", "fwhm": 0.15},
                         "two_theta_min": 5.0, "two_theta_max": 90.0, "points": 4096}),
    # The project's options, same formulas.
    ("rutile_symmetrised_cif", {"shape": "gaussian",
                                "fwhm": {"kind": "caglioti", "u": 0.02, "v": -0.01, "w": 0.005,
                                         "crystallite_size_angstrom": 300.0},
                                "doublet": "CuKa", "two_theta_min": 20.0, "two_theta_max": 80.0, "points": 3001}),
    ("li0.7_co0.8ni0.2_o2_partial_occupancy", {"shape": "lorentzian", "unit_area": True,
                                               "fwhm": {"kind": "constant", "fwhm": 0.08,
                                                        "crystallite_size_angstrom": 500.0},
                                               "two_theta_min": 10.0, "two_theta_max": 80.0, "points": 1501}),
    ("uo2_heavy", {"shape": "pseudo-voigt", "eta": 0.3, "normalisation": "sum", "doublet": "CuKa",
                   "fwhm": {"kind": "caglioti", "u": 0.01, "v": 0.0, "w": 0.01},
                   "two_theta_min": 5.0, "two_theta_max": 90.0, "points": 2000}),
    ("bcc_fe_cuka", {"shape": "gaussian", "unit_area": True, "normalisation": "none",
                     "fwhm": {"kind": "constant", "fwhm": 0.2}, "two_theta_min": 40.0, "two_theta_max": 90.0,
                     "points": 1001}),
]


def main():
    cases, patterns = build_cases()
    with open(os.path.join(HERE, "xrd_golden.json"), "w") as f:
        f.write('{"generator": "generate_golden.py", "pymatgen": "2022.11.7", "cases": [\n')
        f.write(",\n".join(json.dumps(c) for c in cases))
        f.write("\n]}\n")
    grids = []
    for name, spec in GRID_SPECS:
        p = patterns[name]
        y = render(p["two_theta"], p["intensity"], spec, p["wavelength_angstrom"])
        # 12 significant digits: far below the 1e-6 tolerance of the tests, and a smaller file.
        grids.append({"pattern": name, "spec": spec, "y": [float(f"{v:.12g}") for v in y]})
    # mtime=0 keeps the file byte-identical between runs.
    with gzip.GzipFile(os.path.join(HERE, "grids_golden.json.gz"), "wb", mtime=0) as f:
        f.write(json.dumps({"generator": "generate_golden.py", "grids": grids}).encode("utf-8"))


if __name__ == "__main__":
    main()
