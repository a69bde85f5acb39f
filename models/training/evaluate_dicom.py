"""Python reference for `reslens evaluate`: the same metrics from the same DICOM list, by the recipe's own code.

Reads a labelled list as written by export_test_dicom.py (file,label,mask,diameter_mm,contrast,...; paths relative
to the list), decodes the DICOM files with pydicom (GDCM for JPEG-LS), preprocesses with preprocess.py, runs the
bundle's ONNX graph with onnx_numpy.py (float64; there is no onnxruntime for Python here), takes Grad-CAM of the
explained class by gradcam.cam_from_features and scores with evaluate.py's localisation() and summarise() (ROC AUC and
sensitivity at 90 % specificity from train.py). The JSON has the layout of `reslens evaluate --per-slice`, so the two
can be compared number for number; the Java end-to-end test compares against this file's output on the committed
subset:

    /usr/bin/python3 models/training/evaluate_dicom.py src/test/resources/evaluation \
        --out src/test/resources/evaluation/expected-metrics.json

(regenerate after the model changes). Differences to expect: ONNX Runtime computes in float32, this in float64, so
probabilities differ by about 1e-6; a heatmap maximum can move only where two pixels of the map tie to that level.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys

import numpy as np
import onnx
import pydicom
import torch
from onnx import numpy_helper
from PIL import Image
from pydicom.pixel_data_handlers.util import apply_modality_lut

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evaluate  # noqa: E402
import gradcam  # noqa: E402
import onnx_numpy  # noqa: E402
import preprocess  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))


def band_metrics(sel, scores, probs, labels, dists, masses):
    s = evaluate.summarise(sel, scores, labels, dists, masses)
    neg = np.sort(probs[labels == 0])
    threshold = None
    if len(neg) and (sel & (labels == 1)).any():
        threshold = float(neg[min(len(neg) - 1, int(math.ceil(0.9 * len(neg))) - 1)])
    pos = sel & (labels == 1)
    return {"lesionSlices": s["lesion_slices"], "normalSlices": s["normal_slices"],
            "rocAuc": none_if_nan(s["roc_auc"]),
            "sensitivityAt90Specificity": none_if_nan(s["sensitivity_at_90_specificity"]),
            "thresholdProbability": threshold,
            "pointingGame": {f"{t:g}mm": none_if_nan(s[f"pointing_game_{t:g}mm"]) for t in evaluate.TOLERANCES_MM},
            "heatmapMassInMask": none_if_nan(s["heatmap_mass_in_mask"]),
            "localisedSlices": int(pos.sum())}


def none_if_nan(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("list", help="labels.csv, or a folder holding one")
    ap.add_argument("--model", default=os.path.join(ROOT, "models", "brain-lesion-demo"))
    ap.add_argument("--out", help="write the JSON here (default: stdout)")
    ap.add_argument("--batch", type=int, default=16)
    a = ap.parse_args(argv)
    torch.set_num_threads(2)
    listing = os.path.join(a.list, "labels.csv") if os.path.isdir(a.list) else a.list
    base = os.path.dirname(os.path.abspath(listing))
    rows = list(csv.DictReader(open(listing)))
    meta = json.load(open(os.path.join(a.model, "metadata.json")))
    r = meta["reslens"]
    if r["preprocessing"] != preprocess.declarative_steps():
        raise SystemExit("the bundle's preprocessing is not preprocess.py's; this reference would not match it")
    model = onnx.load(os.path.join(a.model, r["onnx"]["file"]))
    head = onnx_numpy.describe_head(model, r["onnx"]["feature_output"], r["onnx"]["logits_output"])
    inits = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    cls = r["explainability"]["explained_class"]
    weight = torch.from_numpy(inits[head["weight_initializer"]].astype(np.float64)[cls])
    size = r["preprocessing"][-1]["spatial_size"][0]

    raws = []
    for row in rows:
        ds = pydicom.dcmread(os.path.join(base, row["file"]))
        raws.append(np.asarray(apply_modality_lut(ds.pixel_array, ds), np.float64))
    logits, feats = [], []
    for s in range(0, len(raws), a.batch):
        x = preprocess.preprocess_batch(raws[s:s + a.batch], size)
        out = onnx_numpy.run(model, {r["onnx"]["input"]: x})
        logits.append(out[r["onnx"]["logits_output"]])
        feats.append(out[r["onnx"]["feature_output"]])
    logits = np.concatenate(logits)
    feats = torch.from_numpy(np.concatenate(feats))
    cams = gradcam.cam_from_features(feats, weight, size).numpy()
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = (e / e.sum(axis=1, keepdims=True))[:, cls]
    scores = logits[:, 1] - logits[:, 0]  # as evaluate.py; for two classes the log-odds of class 1

    labels = np.array([int(row["label"]) for row in rows])
    diam = np.array([float(row.get("diameter_mm") or 0) for row in rows])
    contrast = np.array([float(row.get("contrast") or 0) for row in rows])
    dists = np.full(len(rows), np.inf)
    masses = np.zeros(len(rows))
    per_slice = []
    for i, row in enumerate(rows):
        entry = {"file": row["file"], "label": int(labels[i]), "probability": float(probs[i]),
                 "score": float(scores[i])}
        rr, cc = np.unravel_index(np.argmax(cams[i]), cams[i].shape)
        entry["heatmapMaxTensor"] = [int(rr), int(cc)]
        if labels[i] == 1 and row.get("mask"):
            mask = np.array(Image.open(os.path.join(base, row["mask"])))
            dists[i], masses[i] = evaluate.localisation(cams[i], mask)
            entry["distanceMm"] = float(dists[i])
            entry["massInMask"] = float(masses[i])
        per_slice.append(entry)

    def metrics(sel):
        return band_metrics(sel, scores, probs, labels, dists, masses)

    result = {
        "tool": "models/training/evaluate_dicom.py",
        "model": {"name": meta.get("name", os.path.basename(a.model)), "sha256": r["onnx"].get("sha256"),
                  "explainedClass": cls},
        "slices": {"listed": len(rows), "evaluated": len(rows), "lesion": int((labels == 1).sum()),
                   "normal": int((labels == 0).sum()), "failed": 0},
        "all": metrics(np.ones(len(rows), bool)),
        "goal": metrics((diam >= 10) & (contrast >= 0.15)),
        "bySize": {f"{lo:g}-{hi:.0f}": metrics((diam >= lo) & (diam < hi)) for lo, hi in evaluate.SIZE_BANDS},
        "byContrast": {f"{lo:.2f}-{hi:.2f}": metrics((contrast >= lo) & (contrast < hi))
                       for lo, hi in evaluate.CONTRAST_BANDS},
        "failures": [],
        "perSlice": per_slice,
    }
    text = json.dumps(result, indent=1) + "\n"
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
