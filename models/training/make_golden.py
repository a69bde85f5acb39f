"""Golden fixtures for the Java tests of the default model: src/test/resources/golden/.

For six held-out test slices (three with lesions of different sizes, three normal):
  <case>_raw.npy      uint16 [240, 240]      stored values (slope 1, intercept 0), DICOM row/column order
  <case>_input.npy    float32 [1, 1, S, S]   preprocess.py applied to the raw slice
  <case>_logits.npy   float32 [1, 2]         PyTorch eager logits of the trained network
  <case>_gradcam.npy  float32 [S, S]         Grad-CAM of class 1 by autograd (gradcam.py)
  <case>_mask.npy     uint8 [240, 240]       lesion mask (lesion cases only)
manifest.json describes the cases, the model file (sha256) they belong to, and the agreement measured here between
the autograd map and the feature-map route through the exported ONNX graph (run by onnx_numpy.py).

    /usr/bin/python3 models/training/make_golden.py [--run-dir models/training/runs/main]
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export  # noqa: E402
import gradcam  # noqa: E402
import onnx_numpy  # noqa: E402
import preprocess  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "src", "test", "resources", "golden")
BUNDLE = os.path.join(ROOT, "models", "brain-lesion-demo")

# (case name, label, diameter band mm): the first test slice (in file order) that fits is taken
CASES = [("lesion_small", 1, (5.0, 9.0)), ("lesion_medium", 1, (12.0, 20.0)), ("lesion_large", 1, (25.0, 40.0)),
         ("normal_a", 0, None), ("normal_b", 0, None), ("normal_c", 0, None)]
MIN_CONTRAST = 0.25


def healthy_map(net, raw_slice, size):
    """True when the class-1 map has a clearly positive part: a map whose ReLU keeps only values near rounding
    noise would make a fragile fixture (its min-max normalisation amplifies float differences)."""
    with torch.no_grad():
        feats = net.features(torch.from_numpy(preprocess.preprocess(raw_slice, size)))
        signed = torch.einsum("nkhw,k->nhw", feats, net.fc.weight[1])
    return float(signed.max()) > 0.05 * float(signed.abs().max())


def pick_cases(rows, net, test_dir, size):
    chosen, used_z = [], []
    for name, label, band in CASES:
        for row in rows:
            if int(row["label"]) != label or row in [c[1] for c in chosen]:
                continue
            if label == 1:
                d = float(row["diameter_mm"])
                if not (band[0] <= d <= band[1] and float(row["contrast"]) >= MIN_CONTRAST):
                    continue
            else:  # normal slices from different levels
                z = float(row["atlas_z_mm"])
                if any(abs(z - u) < 15 for u in used_z):
                    continue
            if not healthy_map(net, np.load(os.path.join(test_dir, row["slice_file"])), size):
                continue
            if label == 0:
                used_z.append(float(row["atlas_z_mm"]))
            chosen.append((name, row))
            break
        else:
            raise SystemExit(f"no test slice fits case {name}")
    return chosen


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run-dir", default=os.path.join(HERE, "runs", "main"))
    ap.add_argument("--data", default=os.path.join(HERE, "data"))
    ap.add_argument("--onnx", default=os.path.join(BUNDLE, "model.onnx"))
    ap.add_argument("--out", default=OUT)
    a = ap.parse_args(argv)
    torch.set_num_threads(2)
    net, ck, ck_path = export.load_trained(a.run_dir)
    size = preprocess.INPUT_SIZE
    test_dir = os.path.join(a.data, "test")
    rows = list(csv.DictReader(open(os.path.join(test_dir, "labels.csv"))))
    cases = pick_cases(rows, net, test_dir, size)
    raws = [np.load(os.path.join(test_dir, r["slice_file"])) for _, r in cases]
    masks = [np.load(os.path.join(test_dir, r["mask_file"])) if r["mask_file"] else np.zeros_like(raw, np.uint8)
             for (_, r), raw in zip(cases, raws)]
    inputs = preprocess.preprocess_batch(raws, size)
    logits, cams, _ = gradcam.gradcam(net, net.layer4[-1], torch.from_numpy(inputs), 1, size)

    # cross-check: the feature-map route through the exported graph, as ResLens computes it
    m = onnx.load(a.onnx)
    head = onnx_numpy.describe_head(m, "features", "logits")
    w = numpy_helper.to_array(next(i for i in m.graph.initializer if i.name == head["weight_initializer"]))
    ref = onnx_numpy.run(m, {"image": inputs})
    route = gradcam.cam_from_features(torch.from_numpy(ref["features"]).float(), torch.tensor(w[1]).float(),
                                      size)
    cam_diff = float((route - cams).abs().max())
    logit_diff = float(np.abs(ref["logits"] - logits.numpy()).max())
    if cam_diff > 1e-3 or logit_diff > 1e-3:
        raise SystemExit(f"feature-map route disagrees with autograd: cam {cam_diff}, logits {logit_diff}")

    os.makedirs(a.out, exist_ok=True)
    for stale in os.listdir(a.out):  # fixtures of an earlier model (byo/ is another script's)
        if stale.endswith(".npy"):
            os.remove(os.path.join(a.out, stale))
    entries = []
    for k, ((name, row), raw, mask) in enumerate(zip(cases, raws, masks)):
        files = {"raw": f"{name}_raw.npy", "input": f"{name}_input.npy", "logits": f"{name}_logits.npy",
                 "gradcam": f"{name}_gradcam.npy", "mask": f"{name}_mask.npy" if int(row["label"]) else None}
        np.save(os.path.join(a.out, files["raw"]), raw.astype(np.uint16))
        np.save(os.path.join(a.out, files["input"]), inputs[k:k + 1].astype(np.float32))
        np.save(os.path.join(a.out, files["logits"]), logits[k:k + 1].numpy().astype(np.float32))
        np.save(os.path.join(a.out, files["gradcam"]), cams[k].numpy().astype(np.float32))
        if files["mask"]:
            np.save(os.path.join(a.out, files["mask"]), mask.astype(np.uint8))
        p = torch.softmax(logits[k], 0).numpy()
        cam = cams[k].numpy()
        r, c = np.unravel_index(np.argmax(cam), cam.shape)
        entries.append({
            "name": name, "files": files, "label": int(row["label"]),
            "diameter_mm": float(row["diameter_mm"]), "slice_diameter_mm": float(row["slice_diameter_mm"]),
            "contrast": float(row["contrast"]), "kind": row["kind"], "mr_contrast": row["mr_contrast"],
            "test_slice": row["slice_file"], "seed": int(row["seed"]),
            "probability_lesion": float(p[1]), "gradcam_argmax_rc": [int(r), int(c)],
        })
    manifest = {
        "description": "Golden fixtures of the default model brain-lesion-demo: raw held-out test slices, the "
                       "preprocessed input tensors, PyTorch logits and autograd Grad-CAM maps.",
        "generator": "models/training/make_golden.py",
        "model": {"file": "models/brain-lesion-demo/model.onnx",
                  "sha256": hashlib.sha256(open(a.onnx, "rb").read()).hexdigest(),
                  "checkpoint": os.path.relpath(ck_path, ROOT)},
        "input": {"name": "image", "shape": [1, 1, size, size], "dtype": "float32"},
        "preprocessing": preprocess.declarative_steps(size),
        "gradcam": {"target_layer": "layer4[-1] (ONNX output 'features')", "explained_class": 1,
                    "target": "raw logit of class 1",
                    "weights": "spatial mean of the gradient of the target w.r.t. the features",
                    "map": "ReLU(sum_k w_k A_k); cam -= min; cam /= (max + 1e-7); bilinear resize "
                           "(align_corners=false) to SxS; cam -= min; cam /= (max + 1e-7)",
                    "size": [size, size]},
        "raw": {"dtype": "uint16", "shape": list(raws[0].shape), "pixel_spacing_mm": 1.0,
                "meaning": "stored values after the modality LUT (slope 1, intercept 0), DICOM row/column order"},
        "checks": {"feature_route_vs_autograd_cam_max_abs": cam_diff,
                   "onnx_graph_vs_pytorch_logits_max_abs": logit_diff},
        "suggested_tolerances": {"input": 1e-5, "logits": 1e-3, "gradcam": 1e-3},
        "cases": entries,
    }
    with open(os.path.join(a.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(json.dumps({"cases": [(e["name"], round(e["probability_lesion"], 3)) for e in entries],
                      "cam_diff": cam_diff, "logit_diff": logit_diff}))


if __name__ == "__main__":
    main()
