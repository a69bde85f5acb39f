"""Exports the trained network to models/brain-lesion-demo/model.onnx and writes metadata.json.

Checks, since onnxruntime is not available to Python here (the Java tests run ONNX Runtime against the golden
fixtures):
- onnx.checker on the exported model; the features output feeds GlobalAveragePool -> Flatten -> Gemm (the head the
  explainability block names), and the Gemm initializers equal the PyTorch fc weights;
- PyTorch eager vs torch.jit.trace of the same module (the graph the exporter traced);
- PyTorch eager vs the exported ONNX graph executed by onnx_numpy.py (float64), logits and features;
- the file is at most 20 MB.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model as model_lib  # noqa: E402
import onnx_numpy  # noqa: E402
import preprocess  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLE = os.path.abspath(os.path.join(HERE, "..", "brain-lesion-demo"))
OPSET = 13
MAX_BYTES = 20 * 1024 * 1024


def load_trained(run_dir):
    path = os.path.join(run_dir, "best.pt")
    if not os.path.exists(path):
        path = os.path.join(run_dir, "last.pt")
    ck = torch.load(path)
    net = model_lib.build(ck["config"])
    net.load_state_dict(ck["model"])
    net.eval()
    return net, ck, path


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def export_onnx(net, path, size, input_name="image", outputs=("logits", "features")):
    wrapper = model_lib.LogitsAndFeatures(net).eval()
    dummy = torch.zeros(1, 1, size, size)
    torch.onnx.export(wrapper, dummy, path, input_names=[input_name], output_names=list(outputs),
                      dynamic_axes={input_name: {0: "N"}, outputs[0]: {0: "N"}, outputs[1]: {0: "N"}},
                      opset_version=OPSET, do_constant_folding=True)
    # The wrapper prefixes parameter names with "net."; strip it so the head reads as the familiar "fc.weight".
    m = onnx.load(path)
    renames = {i.name: i.name[4:] for i in m.graph.initializer if i.name.startswith("net.")}
    for init in m.graph.initializer:
        init.name = renames.get(init.name, init.name)
    for node in m.graph.node:
        for k, name in enumerate(node.input):
            if name in renames:
                node.input[k] = renames[name]
    onnx.save(m, path)
    return wrapper


def verify(net, wrapper, onnx_path, inputs, log=print):
    m = onnx.load(onnx_path)
    onnx.checker.check_model(m)
    head = onnx_numpy.describe_head(m, "features", "logits")
    inits = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    w_ok = np.array_equal(inits[head["weight_initializer"]], net.fc.weight.detach().numpy())
    b_ok = np.array_equal(inits[head["bias_initializer"]], net.fc.bias.detach().numpy())
    if not (w_ok and b_ok):
        raise SystemExit("Gemm initializers differ from the PyTorch head")
    x = torch.from_numpy(inputs)
    with torch.no_grad():
        eager_logits, eager_feats = wrapper(x)
        traced = torch.jit.trace(wrapper, x[:1])
        tr_logits, tr_feats = traced(x)
    ref = onnx_numpy.run(m, {"image": inputs})
    report = {
        "trace_vs_eager_logits_max_abs": float((tr_logits - eager_logits).abs().max()),
        "trace_vs_eager_features_max_abs": float((tr_feats - eager_feats).abs().max()),
        "onnx_graph_vs_eager_logits_max_abs": float(np.abs(ref["logits"] - eager_logits.numpy()).max()),
        "onnx_graph_vs_eager_features_max_abs": float(np.abs(ref["features"] - eager_feats.numpy()).max()),
        "features_scale": float(eager_feats.abs().max()),
        "onnx_ops": sorted({n.op_type for n in m.graph.node}),
        "onnx_bytes": os.path.getsize(onnx_path),
    }
    log("verify " + json.dumps(report))
    tol = 1e-3 * max(1.0, report["features_scale"])
    if report["trace_vs_eager_logits_max_abs"] > 1e-4 or report["onnx_graph_vs_eager_logits_max_abs"] > 1e-3 \
            or report["onnx_graph_vs_eager_features_max_abs"] > tol:
        raise SystemExit("exported graph disagrees with PyTorch")
    if report["onnx_bytes"] > MAX_BYTES:
        raise SystemExit("model.onnx is larger than 20 MB")
    return head, report


def metadata(net, ck, head, onnx_sha, size, feature_shape, training_facts):
    steps = preprocess.declarative_steps(size)
    return {
        "schema": "https://github.com/Project-MONAI/MONAI-extra-test-data/releases/download/0.8.1/meta_schema_20220324.json",
        "version": "0.1.0",
        "changelog": {"0.1.0": "first demonstration model, trained on synthetic lesions in the Colin27 template"},
        "monai_version": "n/a (trained with PyTorch %s, exported to ONNX opset %d)" % (torch.__version__, OPSET),
        "pytorch_version": torch.__version__,
        "numpy_version": np.__version__,
        "task": "Slice-level detection of focal brain lesions on axial MR, with a Grad-CAM heatmap",
        "name": "brain-lesion-demo",
        "description": ("A small ResNet (torchvision BasicBlock, widths %s, blocks %s) classifying a single axial MR "
                        "brain slice as normal or containing a focal lesion. Trained only on synthetic lesions "
                        "implanted in augmented slices of one template brain (Colin27). A demonstration model for "
                        "ResLens: it is not validated on real patients and must not be used for diagnosis."
                        % (list(net.widths), list(net.blocks))),
        "intended_use": "software demonstration and testing; not for clinical use",
        "authors": "ResLens developers",
        "copyright": "Copyright (c) ResLens developers",
        "license": "Apache-2.0 (model weights); training anatomy: Colin27 template from Debian's mricron-data "
                   "package, BSD-3-clause per its copyright file (Copyright 2006-2010 Chris Rorden)",
        "data_source": "Colin27 (ch2.nii.gz, ch2bet.nii.gz) from /usr/share/mricron/templates with synthetic lesions",
        "data_type": "uint16 DICOM-like slices (stored values after the modality LUT)",
        "network_data_format": {
            "inputs": {
                "image": {
                    "type": "image", "format": "magnitude", "modality": "MR", "num_channels": 1,
                    "spatial_shape": [size, size], "dtype": "float32", "value_range": [0, 1],
                    "is_patch_data": False, "channel_def": {"0": "image"},
                }
            },
            "outputs": {
                "logits": {
                    "type": "probabilities", "format": "classes", "num_channels": 2, "spatial_shape": [2],
                    "dtype": "float32", "value_range": [], "is_onehot": False,
                    "channel_def": {"0": "normal", "1": "lesion"},
                    "note": "raw logits; apply softmax for probabilities",
                },
                "features": {
                    "type": "feature_map", "format": "activations", "num_channels": int(feature_shape[1]),
                    "spatial_shape": [int(feature_shape[2]), int(feature_shape[3])], "dtype": "float32",
                    "value_range": [0, None], "channel_def": {},
                    "note": "post-ReLU output of the last residual block (layer4[-1]); feeds "
                            "GlobalAveragePool -> Flatten -> Gemm",
                },
            },
        },
        "reslens": {
            "onnx": {"file": "model.onnx", "sha256": onnx_sha, "opset": OPSET, "input": "image",
                     "logits_output": "logits", "feature_output": "features"},
            "accepts": {"modalities": ["MR"], "body_parts": ["BRAIN", "HEAD"]},
            "preprocessing": steps,
            "preprocessing_numerics": (
                "Input: stored values after the modality LUT, DICOM row/column order, one 2-D slice. "
                "Percentiles: numpy.percentile default 'linear' method over all pixels, float64. Scaling "
                "(v - p_lo) / (p_hi - p_lo) in float64 (all zero if p_hi == p_lo), clipped to [0, 1], cast to "
                "float32. Resize in float32 with half-pixel centres: src = (dst + 0.5) * in / out - 0.5, clamped "
                "below at 0, neighbours clamped to the last row/column (torch interpolate bilinear, "
                "align_corners=False, antialias=False). Reference: models/training/preprocess.py."),
            "postprocessing": {"activation": "softmax", "positive_class": 1, "class_names": ["normal", "lesion"]},
            "explainability": {
                "method": "gradcam", "feature_output": "features",
                "head": {"weight_initializer": head["weight_initializer"],
                         "bias_initializer": head["bias_initializer"]},
                "explained_class": 1,
                "target": "raw logit of the explained class",
                "note": ("Grad-CAM weights are W[1, k] / (h * w) (gradient of logit 1 through GAP + Gemm); map = "
                         "ReLU(sum_k W[1, k] A_k), min-max, bilinear resize (align_corners false) to the input "
                         "size, min-max. Training kept W[0] close to -W[1], so this map equals the "
                         "'lesion versus normal' map up to a factor of 2."),
            },
            "training": training_facts,
        },
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--run-dir", default=os.path.join(HERE, "runs", "main"))
    ap.add_argument("--out", default=BUNDLE)
    a = ap.parse_args(argv)
    torch.set_num_threads(2)
    net, ck, ck_path = load_trained(a.run_dir)
    size = preprocess.INPUT_SIZE
    os.makedirs(a.out, exist_ok=True)
    onnx_path = os.path.join(a.out, "model.onnx")
    wrapper = export_onnx(net, onnx_path, size)
    rng = np.random.default_rng(7)
    probe = rng.random((3, 1, size, size)).astype(np.float32)
    test_x = os.path.join(HERE, "data", "test", "x.npy")
    if os.path.exists(test_x):
        probe = np.concatenate([probe[:1], np.load(test_x, mmap_mode="r")[:3].astype(np.float32)[:, None]])
    head, report = verify(net, wrapper, onnx_path, probe)
    with torch.no_grad():
        feature_shape = tuple(net.features(torch.zeros(1, 1, size, size)).shape)
    state = ck.get("state", {})
    import synth
    facts = {
        "data": ("synthetic lesions (solid and ring, 3-40 mm, 5-60 percent contrast, oedema, mass effect) implanted "
                 "in augmented slices of the Colin27 template; held-out test bands at atlas z "
                 + json.dumps([list(b) for b in synth.TEST_BANDS]) + " mm"),
        "seeds": {"torch": 20240601, "train_slices": "1000000 + i", "val_slices": "2000000 + i",
                  "test_slices": "3000000 + i"},
        "steps": state.get("step"), "samples_seen": state.get("samples"),
        "training_minutes": round(state.get("elapsed_s", 0) / 60, 1),
        "checkpoint": os.path.basename(ck_path),
        "validation": {k: v for k, v in ck.get("metrics", {}).items()},
        "hardware": "2 shared CPU cores, PyTorch %s" % torch.__version__,
        "recipe": "models/training (README.md)",
        "export_check": report,
    }
    meta = metadata(net, ck, head, sha256(onnx_path), size, feature_shape, facts)
    with open(os.path.join(a.out, "metadata.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    print(json.dumps({"onnx": onnx_path, "sha256": meta["reslens"]["onnx"]["sha256"], "head": head,
                      "feature_shape": feature_shape, "bytes": report["onnx_bytes"]}))


if __name__ == "__main__":
    main()
