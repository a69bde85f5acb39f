"""The model card's metric tables from `reslens evaluate`'s JSON, with the Python figures beside them.

    /usr/bin/python3 models/training/metrics_tables.py metrics.json [--python runs/main/test_metrics.json]

Prints Markdown: the overall and goal-band rows, one table per lesion-size band and per contrast band (AUC,
sensitivity at 90 % specificity, pointing game at 0 and 8 mm, heatmap mass in mask), the project's goals with what was
reached, and the largest difference between the Java figures and evaluate.py's (PyTorch) figures.
"""
from __future__ import annotations

import argparse
import json
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))
GOALS = {"rocAuc": 0.97, "sensitivityAt90Specificity": 0.90, "pointing": 0.85}


def fmt(v, digits=3):
    return "n/a" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.{digits}f}"


def row(name, m):
    p = m["pointingGame"]
    return (f"| {name} | {m['lesionSlices']} / {m['normalSlices']} | {fmt(m['rocAuc'])} | "
            f"{fmt(m['sensitivityAt90Specificity'])} | {fmt(p.get('0mm'))} | {fmt(p.get('8mm'))} | "
            f"{fmt(m['heatmapMassInMask'])} |")


HEADER = ("| {} | lesion / normal slices | ROC AUC | sensitivity at 90 % specificity | pointing game, 0 mm | "
          "pointing game, 8 mm | heatmap mass in mask |\n|---|---:|---:|---:|---:|---:|---:|")


def python_pairs(j, p):
    """(name, java band, python band) for every band both files have."""
    pairs = [("all", j["all"], p["all"]), ("goal", j["goal"], p["goal_10mm_15pct"])]
    pairs += [(f"size {k}", j["bySize"][k], p["by_size_mm"][k]) for k in j["bySize"] if k in p["by_size_mm"]]
    pairs += [(f"contrast {k}", j["byContrast"][k], p["by_contrast"][k]) for k in j["byContrast"]
              if k in p["by_contrast"]]
    return pairs


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("metrics", help="the JSON written by reslens evaluate")
    ap.add_argument("--python", default=os.path.join(HERE, "runs", "main", "test_metrics.json"))
    a = ap.parse_args(argv)
    j = json.load(open(a.metrics))
    s = j["slices"]
    print(f"Model `{j['model']['name']}`, `model.onnx` SHA-256 `{j['model']['sha256'][:16]}...`; "
          f"{s['evaluated']} of {s['listed']} slices evaluated ({s['lesion']} lesion, {s['normal']} normal, "
          f"{s['failed']} failed) in {j['timing']['seconds']:.1f} s.\n")
    print(HEADER.format("band"))
    print(row("all lesions", j["all"]))
    print(row("goal: >= 10 mm and >= 15 % contrast", j["goal"]))
    print()
    print(HEADER.format("lesion diameter (mm)"))
    for k, m in j["bySize"].items():
        print(row(k.replace("-", " - "), m))
    print()
    print(HEADER.format("lesion contrast"))
    for k, m in j["byContrast"].items():
        lo, hi = k.split("-")
        print(row(f"{float(lo) * 100:.0f} - {float(hi) * 100:.0f} %", m))
    print()
    g = j["goal"]
    checks = [("ROC AUC", g["rocAuc"], GOALS["rocAuc"]),
              ("sensitivity at 90 % specificity", g["sensitivityAt90Specificity"],
               GOALS["sensitivityAt90Specificity"]),
              ("pointing game (8 mm)", g["pointingGame"]["8mm"], GOALS["pointing"]),
              ("pointing game (0 mm)", g["pointingGame"]["0mm"], GOALS["pointing"])]
    print("| goal (lesions >= 10 mm at >= 15 % contrast) | target | reached | met |\n|---|---:|---:|---|")
    for name, v, target in checks:
        print(f"| {name} | >= {target:.2f} | {fmt(v)} | {'yes' if v is not None and v >= target else 'no'} |")
    if os.path.exists(a.python):
        p = json.load(open(a.python))
        worst = {k: (0.0, "all bands alike") for k in ("rocAuc", "sensitivityAt90Specificity", "pointing",
                                                        "heatmapMassInMask")}
        for name, jb, pb in python_pairs(j, p):
            for jk, pk in (("rocAuc", "roc_auc"), ("sensitivityAt90Specificity", "sensitivity_at_90_specificity"),
                           ("heatmapMassInMask", "heatmap_mass_in_mask")):
                if jb[jk] is not None and not math.isnan(pb[pk]):
                    d = abs(jb[jk] - pb[pk])
                    if d > worst.get(jk, (0, ""))[0]:
                        worst[jk] = (d, name)
            for t in ("0", "8"):
                jv, pv = jb["pointingGame"][f"{t}mm"], pb[f"pointing_game_{t}mm"]
                if jv is not None and not math.isnan(pv):
                    d = abs(jv - pv)
                    if d > worst.get("pointing", (0, ""))[0]:
                        worst["pointing"] = (d, f"{name}, {t} mm")
        print(f"\nLargest |Java - Python| over all bands ({os.path.relpath(a.python, os.getcwd())}): "
              + ", ".join(f"{k} {d:.2g} ({n})" for k, (d, n) in worst.items()))


if __name__ == "__main__":
    main()
