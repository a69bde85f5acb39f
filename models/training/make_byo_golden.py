"""The "bring your own ResNet" fixture: src/test/resources/golden/byo/.

A randomly initialised, width-reduced torchvision-style ResNet (torchvision's BasicBlock; 1 input channel, 64 x 64,
3 classes, stage widths 8/16/24/32, one block per stage, an 8 x 8 last feature map) exported the way a user's own
model usually arrives: ONE output only (input "input", output "logits"), no "features" output and no metadata.
ResLens must find the GlobalAveragePool -> Flatten -> Gemm tail itself to compute Grad-CAM. Batch-norm statistics
are randomised so that the Conv+BN folding in the export is exercised.

  model.onnx                     the network (a few tens of KB)
  input_<k>.npy                  float32 [1, 1, 64, 64] for k in a, b
  logits_<k>.npy                 float32 [1, 3]
  gradcam_<k>_class<c>.npy       float32 [64, 64], autograd Grad-CAM of class c (gradcam.py), c in 0, 1, 2
  manifest.json                  names of the GAP input tensor and Gemm initializers found in the graph, checks

    /usr/bin/python3 models/training/make_byo_golden.py
"""
from __future__ import annotations

import hashlib
import json
import os
import sys

import numpy as np
import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gradcam  # noqa: E402
import model as model_lib  # noqa: E402
import onnx_numpy  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "src", "test", "resources", "golden", "byo")
SIZE = 64
CONFIG = {"widths": [8, 16, 24, 32], "blocks": [1, 1, 1, 1], "strides": [1, 1, 2, 1], "in_channels": 1,
          "num_classes": 3, "stem_maxpool": True}
SEED = 1234


def smooth_input(rng):
    """A blurry random image in [0, 1] with a bright blob: something with structure for the CAM to follow."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE] / SIZE
    img = np.zeros((SIZE, SIZE))
    for _ in range(6):
        fy, fx, ph = rng.uniform(0.5, 3), rng.uniform(0.5, 3), rng.uniform(0, 2 * np.pi)
        img += rng.uniform(0.2, 1) * np.sin(2 * np.pi * (fy * yy + fx * xx) + ph)
    cy, cx = rng.uniform(0.2, 0.8, size=2)
    img += 3 * np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / 0.01)
    img = (img - img.min()) / (img.max() - img.min())
    return img.astype(np.float32)[None, None]


def main():
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    net = model_lib.build(CONFIG)
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 2.0)
    net.eval()
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "model.onnx")
    torch.onnx.export(net, torch.zeros(1, 1, SIZE, SIZE), path, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}}, opset_version=13,
                      do_constant_folding=True)
    m = onnx.load(path)
    onnx.checker.check_model(m)
    gap = [n for n in m.graph.node if n.op_type == "GlobalAveragePool"]
    if len(gap) != 1:
        raise SystemExit("expected one GlobalAveragePool")
    feature_tensor = gap[0].input[0]
    head = onnx_numpy.describe_head(m, feature_tensor, "logits")

    rng = np.random.default_rng(SEED)
    inputs = {k: smooth_input(rng) for k in ("a", "b")}
    files, checks = {}, {}
    for k, x in inputs.items():
        xt = torch.from_numpy(x)
        np.save(os.path.join(OUT, f"input_{k}.npy"), x)
        ref = onnx_numpy.run(m, {"input": x})
        for c in range(CONFIG["num_classes"]):
            logits, cam, _ = gradcam.gradcam(net, net.layer4[-1], xt, c, SIZE)
            np.save(os.path.join(OUT, f"gradcam_{k}_class{c}.npy"), cam[0].numpy().astype(np.float32))
            files[f"gradcam_{k}_class{c}"] = f"gradcam_{k}_class{c}.npy"
        np.save(os.path.join(OUT, f"logits_{k}.npy"), logits.numpy().astype(np.float32))
        files[f"input_{k}"] = f"input_{k}.npy"
        files[f"logits_{k}"] = f"logits_{k}.npy"
        checks[f"onnx_graph_vs_pytorch_logits_max_abs_{k}"] = float(np.abs(ref["logits"] - logits.numpy()).max())
    if max(checks.values()) > 1e-4:
        raise SystemExit(f"exported graph disagrees with PyTorch: {checks}")
    manifest = {
        "description": "Bring-your-own ResNet fixture: a random width-reduced torchvision-style ResNet exported "
                       "with its logits only; golden logits and autograd Grad-CAM maps for two inputs.",
        "generator": "models/training/make_byo_golden.py",
        "model": {"file": "model.onnx", "sha256": hashlib.sha256(open(path, "rb").read()).hexdigest(),
                  "bytes": os.path.getsize(path), "config": CONFIG, "seed": SEED, "opset": 13},
        "input": {"name": "input", "shape": [1, 1, SIZE, SIZE], "dtype": "float32", "value_range": [0, 1],
                  "preprocessing": "none (the inputs are given as tensors)"},
        "outputs": ["logits"],
        "graph": {"gap_input_tensor": feature_tensor, "gap_node": head["gap_node"], "gemm_node": head["gemm_node"],
                  "weight_initializer": head["weight_initializer"], "bias_initializer": head["bias_initializer"],
                  "feature_shape": [1, CONFIG["widths"][-1], 8, 8]},
        "gradcam": {"target_layer": "layer4[-1] (the tensor feeding GlobalAveragePool)",
                    "target": "raw logit of the class", "size": [SIZE, SIZE],
                    "map": "ReLU(sum_k mean(dy/dA_k) A_k); min-max (+1e-7); bilinear resize (align_corners=false); "
                           "min-max (+1e-7)"},
        "checks": checks,
        "files": files,
    }
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(json.dumps({"bytes": os.path.getsize(path), "gap_input": feature_tensor, "head": head, "checks": checks}))


if __name__ == "__main__":
    main()
