#!/usr/bin/python3
"""Seeds for the model-loader fuzz targets (fuzz/README.md), made from the real bundles with the onnx package.

    /usr/bin/python3 fuzz/make_model_seeds.py      # from the repository root; needs onnx (python3-onnx or pip)

Writes seed-* files under src/test/resources/org/reslens/fuzz/:
  ModelMetadataFuzzTestInputs/metadataJson/   metadata.json files: the default model's, the bring-your-own
                                              fixture's, the minimal one of docs/model-bundle.md, and variants that
                                              use every preprocessing step, activation and optional block
  OnnxModelFuzzTestInputs/onnxGraph/          the default model and the bring-your-own ResNets, "slimmed": every
                                              weight over 256 bytes loses its data (dims kept) except the linear
                                              head's, so a seed is a few KB and still has the real graph; plus head
                                              variants (Identity before the output, Constant weight, double weight,
                                              ReduceMean with axes as an input, Squeeze/Dropout, weights listed as
                                              inputs, feature map as an output)
  ModelBundleFuzzTestInputs/bundle/           byte 0 mode, bytes 1-2 metadata length (big-endian), the metadata,
                                              then the ONNX file: pairs of the above (ModelBundleFuzzTest documents
                                              the mode bits)
  OnnxGraphFuzzTestInputs/graphEdits/         FuzzedDataProvider inputs choosing the NNth of the onnxGraph seeds
                                              (sorted by name) with no edits
crash-*, timeout-* and regression-* files are left alone. The default model changes when it is retrained; rerun
this script then (the slimmed seeds only keep its graph, so they rarely change).
"""
import json
import os
import struct
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "src/test/resources/org/reslens/fuzz")
DEFAULT = os.path.join(ROOT, "models/brain-lesion-demo")
BYO = os.path.join(ROOT, "src/test/resources/inference/byo")
KEEP_BYTES = 256
HEAD_WEIGHTS = {"fc.weight", "fc.bias", "onnx::MatMul_153"}


def clean(sub):
    d = os.path.join(OUT, sub)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        if f.startswith("seed-"):
            os.remove(os.path.join(d, f))
    return d


def write(d, name, data):
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def slim(model):
    """Drops the data of every weight over KEEP_BYTES except the head's: the graph stays, the bytes shrink."""
    m = onnx.ModelProto()
    m.CopyFrom(model)
    for t in m.graph.initializer:
        if t.name in HEAD_WEIGHTS or t.name.startswith("onnx::MatMul"):
            continue
        if len(t.raw_data) > KEEP_BYTES:
            t.raw_data = b""
        if len(t.float_data) * 4 > KEEP_BYTES:
            del t.float_data[:]
    m.graph.doc_string = ""
    m.producer_name = "make_model_seeds.py (slimmed " + model.producer_name + ")"
    return m


def node_index(g, output):
    for i, n in enumerate(g.node):
        if output in n.output:
            return i
    raise KeyError(output)


def variants(gemm, matmul):
    """Head forms the loader accepts that the exported fixtures do not show."""
    out = {}

    m = onnx.ModelProto(); m.CopyFrom(gemm)
    g = m.graph
    g.node[node_index(g, "logits")].output[0] = "logits_raw"
    g.node.append(helper.make_node("Identity", ["logits_raw"], ["logits"]))
    out["gemm-identity-output.onnx"] = m

    m = onnx.ModelProto(); m.CopyFrom(gemm)
    g = m.graph
    w = [t for t in g.initializer if t.name == "fc.weight"][0]
    arr = numpy_helper.to_array(w)
    g.initializer.remove(w)
    const = helper.make_node("Constant", [], ["fc.weight"], value=helper.make_tensor(
        "fc.weight", TensorProto.FLOAT, arr.shape, arr.flatten().tolist()))
    g.node.insert(0, const)
    out["gemm-constant-float-data.onnx"] = m

    m = onnx.ModelProto(); m.CopyFrom(gemm)
    g = m.graph
    w = [t for t in g.initializer if t.name == "fc.weight"][0]
    arr = numpy_helper.to_array(w).astype(np.float64)
    w.CopyFrom(helper.make_tensor("fc.weight", TensorProto.DOUBLE, arr.shape, arr.flatten().tolist()))
    out["gemm-double-weight.onnx"] = m

    m = onnx.ModelProto(); m.CopyFrom(gemm)
    g = m.graph
    i = node_index(g, "/Flatten_output_0")
    flat = g.node[i]
    pooled = flat.input[0]
    g.node.remove(flat)
    g.node.insert(i, helper.make_node("Squeeze", [pooled, "squeeze_axes"], ["/squeezed"]))
    g.node.insert(i + 1, helper.make_node("Dropout", ["/squeezed"], ["/Flatten_output_0"]))
    g.initializer.append(numpy_helper.from_array(np.array([2, 3], dtype=np.int64), "squeeze_axes"))
    out["gemm-squeeze-dropout.onnx"] = m

    m = onnx.ModelProto(); m.CopyFrom(gemm)
    g = m.graph
    for t in list(g.initializer)[:4]:
        g.input.append(helper.make_tensor_value_info(t.name, t.data_type, list(t.dims)))
    out["gemm-weights-as-inputs.onnx"] = m

    m = onnx.ModelProto(); m.CopyFrom(gemm)
    g = m.graph
    feature = g.node[node_index(g, "/avgpool/GlobalAveragePool_output_0")].input[0]
    g.output.append(helper.make_tensor_value_info(feature, TensorProto.FLOAT, ["batch", 32, "h", "w"]))
    g.value_info.append(helper.make_tensor_value_info(feature, TensorProto.FLOAT, ["batch", 32, 4, 3]))
    out["gemm-feature-output.onnx"] = m

    m = onnx.ModelProto(); m.CopyFrom(matmul)
    g = m.graph
    i = node_index(g, "/ReduceMean_output_0")
    rm = g.node[i]
    attrs = [a for a in rm.attribute if a.name == "axes"]
    for a in attrs:
        rm.attribute.remove(a)
    rm.input.append("reduce_axes")
    g.initializer.append(numpy_helper.from_array(np.array([-2, -1], dtype=np.int64), "reduce_axes"))
    m.opset_import[0].version = 18
    out["matmul-reducemean-axes-input.onnx"] = m
    return out


def metadata_variants(byo_meta):
    """metadata.json files that reach every branch of the schema."""
    base = json.loads(byo_meta)
    out = {}
    v = json.loads(json.dumps(base))
    rl = v["reslens"]
    rl["preprocessing"] = [
        {"name": "ScaleIntensityRange", "a_min": -160, "a_max": 240, "b_min": 0.0, "b_max": 1.0, "clip": True},
        {"name": "NormalizeIntensity", "subtrahend": None, "divisor": 0.5},
        {"name": "Resize", "spatial_size": [128, 96], "mode": "area", "aspect": "pad", "antialias": False},
        {"name": "RepeatChannel", "repeats": 3}]
    rl["postprocessing"] = {"activation": "sigmoid", "positive_class": 2, "class_names": ["alpha", "beta", "gamma"]}
    rl["accepts"] = {"modalities": ["CT", "MR"], "body_parts": ["CHEST"]}
    rl["notes"] = "for people"
    out["byo-ct-window-sigmoid.json"] = v

    v = json.loads(json.dumps(base))
    rl = v["reslens"]
    rl["preprocessing"] = [
        {"name": "NormalizeIntensity"},
        {"name": "Resize", "spatial_size": [128, 96], "mode": "nearest", "align_corners": False},
        {"name": "RepeatChannel", "repeats": 3}]
    rl["postprocessing"] = {"activation": "none", "class_names": ["alpha", "beta", "gamma"]}
    rl["explainability"] = {"method": "gradcam", "head": {"weight_initializer": "fc.weight",
                                                          "bias_initializer": "fc.bias"},
                            "explained_class": 0, "target": "raw logit", "note": "x"}
    rl["onnx"]["sha256"] = "0" * 64
    v["network_data_format"] = {"inputs": {"image": {"num_channels": 3, "spatial_shape": [128, 96]}}}
    out["byo-explainability-declared.json"] = v

    v = json.loads(json.dumps(base))
    rl = v["reslens"]
    rl["preprocessing"][1] = {"name": "Resize", "spatial_size": [128, 96], "mode": "bilinear",
                              "align_corners": True, "aspect": "stretch"}
    rl["training"] = {"free": ["form", 1, {"x": None}]}
    rl["preprocessing_numerics"] = "text"
    rl["onnx"]["opset"] = 13
    v["authors"] = ["a", "b"]
    out["byo-align-corners-training.json"] = v
    return out


def bundle(mode, meta_bytes, model_bytes):
    assert len(meta_bytes) < 65536
    return bytes([mode]) + struct.pack(">H", len(meta_bytes)) + meta_bytes + model_bytes


def main():
    default_meta = open(os.path.join(DEFAULT, "metadata.json"), "rb").read()
    byo_meta = open(os.path.join(BYO, "metadata.json"), "rb").read()
    minimal = json.dumps({"reslens": {
        "onnx": {"file": "my-resnet.onnx"},
        "preprocessing": [
            {"name": "ScaleIntensityRangePercentiles", "lower": 1.0, "upper": 99.0, "b_min": 0.0, "b_max": 1.0,
             "clip": True},
            {"name": "Resize", "spatial_size": [128, 96], "mode": "bilinear", "align_corners": False,
             "aspect": "stretch"},
            {"name": "RepeatChannel", "repeats": 3}],
        "postprocessing": {"activation": "softmax", "class_names": ["normal", "abnormal", "other"]}}},
        indent=1).encode()

    d = clean("ModelMetadataFuzzTestInputs/metadataJson")
    write(d, "brain-lesion-demo.json", default_meta)
    write(d, "byo.json", byo_meta)
    write(d, "docs-minimal.json", minimal)
    meta_variants = metadata_variants(byo_meta)
    for name, v in meta_variants.items():
        write(d, name, json.dumps(v, indent=1).encode())

    models = {
        "brain-lesion-demo": slim(onnx.load(os.path.join(DEFAULT, "model.onnx"))),
        "gemm": slim(onnx.load(os.path.join(BYO, "resnet-gemm.onnx"))),
        "gemm-nt": slim(onnx.load(os.path.join(BYO, "resnet-gemm-nt.onnx"))),
        "matmul": slim(onnx.load(os.path.join(BYO, "resnet-matmul.onnx"))),
        "maxpool": slim(onnx.load(os.path.join(BYO, "resnet-maxpool.onnx"))),
    }
    extra = variants(models["gemm"], models["matmul"])
    d = clean("OnnxModelFuzzTestInputs/onnxGraph")
    for name, m in models.items():
        write(d, name + "-slim.onnx", m.SerializeToString())
    for name, m in extra.items():
        write(d, name, m.SerializeToString())

    d = clean("OnnxGraphFuzzTestInputs/graphEdits")
    for i in range(len(models) + len(extra)):
        # the model index is the last byte (FuzzedDataProvider takes integers from the end), then "no edits";
        # 64 bytes, since libFuzzer's input length limit starts at the longest seed and grows slowly from there
        write(d, "base-%02d" % i, bytes(63) + bytes([i]))

    d = clean("ModelBundleFuzzTestInputs/bundle")
    sb = lambda k: models[k].SerializeToString()
    # mode bit 0: put the model's real SHA-256 into the metadata; bits 1-2: load the folder (0), metadata.json (1),
    # the ONNX file (2)
    write(d, "brain-lesion-demo-hash-fixed", bundle(1, default_meta, sb("brain-lesion-demo")))
    write(d, "brain-lesion-demo-hash-stale", bundle(0, default_meta, sb("brain-lesion-demo")))
    write(d, "byo-gemm", bundle(0, byo_meta, sb("gemm")))
    write(d, "byo-gemm-via-metadata-path", bundle(2, byo_meta, sb("gemm")))
    write(d, "docs-minimal-gemm-nt-via-onnx-path", bundle(4, minimal, sb("gemm-nt")))
    write(d, "byo-matmul", bundle(0, byo_meta, sb("matmul")))
    write(d, "byo-maxpool", bundle(0, byo_meta, sb("maxpool")))
    write(d, "byo-feature-output", bundle(0, byo_meta, extra["gemm-feature-output.onnx"].SerializeToString()))
    write(d, "byo-explainability-declared-hash-fixed",
          bundle(1, json.dumps(meta_variants["byo-explainability-declared.json"]).encode(), sb("gemm")))
    write(d, "byo-ct-window-sigmoid-constant-weight",
          bundle(0, json.dumps(meta_variants["byo-ct-window-sigmoid.json"]).encode(),
                 extra["gemm-constant-float-data.onnx"].SerializeToString()))
    total = 0
    for sub in ("ModelMetadataFuzzTestInputs", "OnnxModelFuzzTestInputs", "ModelBundleFuzzTestInputs",
                "OnnxGraphFuzzTestInputs"):
        for dirpath, _, files in os.walk(os.path.join(OUT, sub)):
            total += sum(os.path.getsize(os.path.join(dirpath, f)) for f in files)
    print("model seeds written, %d bytes in all" % total, file=sys.stderr)


if __name__ == "__main__":
    main()
