"""A tiny NumPy interpreter for the handful of ONNX operators a ResNet export uses.

There is no onnxruntime for Python on this machine, so the recipe checks the exported graph itself (not just the
PyTorch module it came from) by executing it here in float64 and comparing with PyTorch. The Java tests compare
ONNX Runtime against the golden fixtures later.
"""
from __future__ import annotations

import numpy as np
import onnx
from onnx import numpy_helper


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _conv(x, w, b, at):
    if at.get("group", 1) != 1:
        raise NotImplementedError("grouped convolution")
    strides = at.get("strides", [1, 1])
    pads = at.get("pads", [0, 0, 0, 0])
    dil = at.get("dilations", [1, 1])
    n, c, h, wd = x.shape
    m, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    oh = (xp.shape[2] - dil[0] * (kh - 1) - 1) // strides[0] + 1
    ow = (xp.shape[3] - dil[1] * (kw - 1) - 1) // strides[1] + 1
    out = np.zeros((n, m, oh, ow))
    for i in range(kh):
        for j in range(kw):
            patch = xp[:, :, i * dil[0]: i * dil[0] + strides[0] * (oh - 1) + 1: strides[0],
                       j * dil[1]: j * dil[1] + strides[1] * (ow - 1) + 1: strides[1]]
            out += np.einsum("nchw,mc->nmhw", patch, w[:, :, i, j], optimize=True)
    if b is not None:
        out += b[None, :, None, None]
    return out


def _maxpool(x, at):
    k = at["kernel_shape"]
    s = at.get("strides", [1, 1])
    p = at.get("pads", [0, 0, 0, 0])
    xp = np.pad(x, ((0, 0), (0, 0), (p[0], p[2]), (p[1], p[3])), constant_values=-np.inf)
    oh = (xp.shape[2] - k[0]) // s[0] + 1
    ow = (xp.shape[3] - k[1]) // s[1] + 1
    out = np.full(x.shape[:2] + (oh, ow), -np.inf)
    for i in range(k[0]):
        for j in range(k[1]):
            out = np.maximum(out, xp[:, :, i: i + s[0] * (oh - 1) + 1: s[0], j: j + s[1] * (ow - 1) + 1: s[1]])
    return out


def run(model_path_or_proto, feeds: dict) -> dict:
    m = onnx.load(model_path_or_proto) if isinstance(model_path_or_proto, str) else model_path_or_proto
    env = {i.name: numpy_helper.to_array(i).astype(np.float64) for i in m.graph.initializer}
    env.update({k: np.asarray(v, np.float64) for k, v in feeds.items()})
    for node in m.graph.node:
        at = _attrs(node)
        ins = [env[n] if n else None for n in node.input]
        op = node.op_type
        if op == "Conv":
            out = _conv(ins[0], ins[1], ins[2] if len(ins) > 2 else None, at)
        elif op == "Relu":
            out = np.maximum(ins[0], 0)
        elif op == "Add":
            out = ins[0] + ins[1]
        elif op == "MaxPool":
            out = _maxpool(ins[0], at)
        elif op == "GlobalAveragePool":
            out = ins[0].mean(axis=(2, 3), keepdims=True)
        elif op == "Flatten":
            ax = at.get("axis", 1)
            out = ins[0].reshape(int(np.prod(ins[0].shape[:ax])), -1)
        elif op == "Gemm":
            a, b = ins[0], ins[1]
            if at.get("transA", 0):
                a = a.T
            if at.get("transB", 0):
                b = b.T
            out = at.get("alpha", 1.0) * a @ b
            if len(ins) > 2 and ins[2] is not None:
                out = out + at.get("beta", 1.0) * ins[2]
        elif op == "Identity":
            out = ins[0]
        else:
            raise NotImplementedError(op)
        env[node.output[0]] = out
    return {o.name: env[o.name] for o in m.graph.output}


def describe_head(m: onnx.ModelProto, feature_output: str, logits_output: str) -> dict:
    """Checks the GAP -> Flatten -> Gemm tail and returns the Gemm's initializer names."""
    consumers = {}
    for node in m.graph.node:
        for i in node.input:
            consumers.setdefault(i, []).append(node)
    gap = [n for n in consumers.get(feature_output, []) if n.op_type == "GlobalAveragePool"]
    if len(gap) != 1:
        raise ValueError(f"{feature_output} does not feed exactly one GlobalAveragePool")
    flat = consumers[gap[0].output[0]]
    if len(flat) != 1 or flat[0].op_type != "Flatten":
        raise ValueError("GlobalAveragePool is not followed by Flatten")
    gemm = consumers[flat[0].output[0]]
    if len(gemm) != 1 or gemm[0].op_type != "Gemm" or gemm[0].output[0] != logits_output:
        raise ValueError("Flatten is not followed by the Gemm that produces the logits")
    at = _attrs(gemm[0])
    if at.get("transB", 0) != 1 or at.get("transA", 0) != 0 or at.get("alpha", 1.0) != 1.0 \
            or at.get("beta", 1.0) != 1.0:
        raise ValueError(f"unexpected Gemm attributes {at}")
    inits = {i.name for i in m.graph.initializer}
    w, b = gemm[0].input[1], gemm[0].input[2]
    if w not in inits or b not in inits:
        raise ValueError("Gemm weight/bias are not initializers")
    return {"weight_initializer": w, "bias_initializer": b, "gemm_node": gemm[0].name,
            "gap_node": gap[0].name}
