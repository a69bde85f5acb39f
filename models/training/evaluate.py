"""Python-side metrics of a trained run on the held-out test set (runs/<run>/test_metrics.json).

These are the recipe's own check. The model card's numbers come from ResLens's Java pipeline (`reslens evaluate`)
on the same labelled folder (data/test/labels.csv), running the exported ONNX model.

Per size band and contrast band: ROC AUC and sensitivity at 90 % specificity (that band's lesion slices against all
normal slices), Grad-CAM pointing game (argmax of the class-1 map, mapped back to the 240 x 240 slice, inside the
lesion mask, or within 8 mm of it) and the fraction of heatmap mass inside the mask (map resized to the slice).
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export  # noqa: E402
import gradcam  # noqa: E402
import preprocess  # noqa: E402
from train import roc_auc, sensitivity_at_specificity  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SIZE_BANDS = [(3, 5), (5, 10), (10, 20), (20, 40.01)]
CONTRAST_BANDS = [(0.05, 0.10), (0.10, 0.15), (0.15, 0.30), (0.30, 0.6001)]
TOLERANCES_MM = (0.0, 8.0)


def infer(net, raws, size, batch=64):
    scores, probs, cams = [], [], []
    with torch.no_grad():
        for s in range(0, len(raws), batch):
            x = torch.from_numpy(preprocess.preprocess_batch(raws[s:s + batch], size))
            feats = net.features(x)
            logits = net.head(feats)
            probs.append(torch.softmax(logits, 1)[:, 1].numpy())
            scores.append((logits[:, 1] - logits[:, 0]).numpy())
            cams.append(gradcam.cam_from_features(feats, net.fc.weight[1], size).numpy())
    return np.concatenate(scores), np.concatenate(probs), np.concatenate(cams)


def localisation(cam_s, mask):
    """cam on the S x S input grid, mask on the slice grid (pixel spacing 1 mm)."""
    h, w = mask.shape
    s = cam_s.shape[0]
    r, c = np.unravel_index(np.argmax(cam_s), cam_s.shape)
    rr, cc = (r + 0.5) * h / s - 0.5, (c + 0.5) * w / s - 0.5
    mr, mc = np.nonzero(mask)
    dist = float(np.sqrt(np.min((mr - rr) ** 2 + (mc - cc) ** 2))) if len(mr) else float("inf")
    up = F.interpolate(torch.from_numpy(cam_s)[None, None], size=(h, w), mode="bilinear",
                       align_corners=False)[0, 0].numpy()
    mass = float(up[mask > 0].sum() / (up.sum() + 1e-12))
    return dist, mass


def summarise(sel, scores, labels, dists, masses):
    neg = labels == 0
    pos = sel & (labels == 1)
    both = neg | pos
    out = {"lesion_slices": int(pos.sum()), "normal_slices": int(neg.sum()),
           "roc_auc": roc_auc(scores[both], labels[both]),
           "sensitivity_at_90_specificity": sensitivity_at_specificity(scores[both], labels[both], 0.9)}
    for tol in TOLERANCES_MM:
        out[f"pointing_game_{tol:g}mm"] = float(np.mean(dists[pos] <= tol + 0.5)) if pos.any() else float("nan")
    out["heatmap_mass_in_mask"] = float(np.mean(masses[pos])) if pos.any() else float("nan")
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--run-dir", default=os.path.join(HERE, "runs", "main"))
    ap.add_argument("--data", default=os.path.join(HERE, "data"))
    a = ap.parse_args(argv)
    torch.set_num_threads(2)
    net, ck, ck_path = export.load_trained(a.run_dir)
    size = preprocess.INPUT_SIZE
    test_dir = os.path.join(a.data, "test")
    rows = list(csv.DictReader(open(os.path.join(test_dir, "labels.csv"))))
    raws = [np.load(os.path.join(test_dir, r["slice_file"])) for r in rows]
    labels = np.array([int(r["label"]) for r in rows])
    diam = np.array([float(r["diameter_mm"]) for r in rows])
    contrast = np.array([float(r["contrast"]) for r in rows])
    scores, probs, cams = infer(net, raws, size)
    dists = np.full(len(rows), np.inf)
    masses = np.zeros(len(rows))
    for i, r in enumerate(rows):
        if labels[i] == 1:
            dists[i], masses[i] = localisation(cams[i], np.load(os.path.join(test_dir, r["mask_file"])))
    everything = np.ones(len(rows), bool)
    result = {"checkpoint": os.path.relpath(ck_path, HERE), "pointing_tolerances_mm": list(TOLERANCES_MM),
              "all": summarise(everything, scores, labels, dists, masses),
              "goal_10mm_15pct": summarise((diam >= 10) & (contrast >= 0.15), scores, labels, dists, masses),
              "by_size_mm": {f"{lo:g}-{hi:.0f}": summarise((diam >= lo) & (diam < hi), scores, labels, dists, masses)
                             for lo, hi in SIZE_BANDS},
              "by_contrast": {f"{lo:.2f}-{hi:.2f}": summarise((contrast >= lo) & (contrast < hi), scores, labels,
                                                              dists, masses) for lo, hi in CONTRAST_BANDS},
              "by_size_and_contrast": {}}
    for lo, hi in SIZE_BANDS:
        for clo, chi in CONTRAST_BANDS:
            sel = (diam >= lo) & (diam < hi) & (contrast >= clo) & (contrast < chi)
            result["by_size_and_contrast"][f"{lo:g}-{hi:.0f}mm/{clo:.2f}-{chi:.2f}"] = summarise(
                sel, scores, labels, dists, masses)
    out = os.path.join(a.run_dir, "test_metrics.json")
    with open(out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print(json.dumps({"all": result["all"], "goal_10mm_15pct": result["goal_10mm_15pct"]}))


if __name__ == "__main__":
    main()
