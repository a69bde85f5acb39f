"""Reference Grad-CAM by PyTorch autograd, with the semantics of pytorch-grad-cam's GradCAM and
ClassifierOutputTarget (see shared/REFERENCES.md):

- target: the raw logit of the explained class (one target per image);
- weights: spatial mean of d(target)/dA over the target layer's activations A (the last residual block output);
- cam = ReLU(sum_k w_k A_k); cam -= min; cam /= (max + 1e-7);
- bilinear resize (align_corners=False, no antialias) to the input size; then min-max again the same way.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F


def minmax(cam: torch.Tensor) -> torch.Tensor:
    cam = cam - cam.amin(dim=(-2, -1), keepdim=True)
    return cam / (cam.amax(dim=(-2, -1), keepdim=True) + 1e-7)


def gradcam(model: torch.nn.Module, target_layer: torch.nn.Module, x: torch.Tensor, classes, size=None):
    """Returns (logits [N, C], cam [N, size, size], raw_cam [N, h, w] before normalisation)."""
    store = {}

    def fwd_hook(_module, _inputs, output):
        store["A"] = output
        output.register_hook(lambda g: store.__setitem__("G", g))

    handle = target_layer.register_forward_hook(fwd_hook)
    try:
        model.zero_grad(set_to_none=True)
        x = x.clone().requires_grad_(False)
        logits = model(x)
        idx = torch.as_tensor(classes, dtype=torch.long).reshape(-1)
        if idx.numel() == 1:
            idx = idx.expand(len(x))
        target = logits.gather(1, idx[:, None]).sum()  # images are independent in eval mode
        target.backward()
    finally:
        handle.remove()
    A, G = store["A"].detach(), store["G"].detach()
    weights = G.mean(dim=(2, 3))
    raw = F.relu((weights[:, :, None, None] * A).sum(dim=1))
    cam = minmax(raw)
    size = size or x.shape[-1]
    cam = F.interpolate(cam[:, None], size=(size, size), mode="bilinear", align_corners=False)[:, 0]
    return logits.detach(), minmax(cam), raw


def cam_from_features(features: torch.Tensor, weight_row: torch.Tensor, size: int) -> torch.Tensor:
    """The feature-map route (what ResLens computes from the ONNX outputs): for GAP + linear, the gradient-mean
    weights are W[c] / (h * w); the constant factor cancels in the first min-max."""
    hw = features.shape[-2] * features.shape[-1]
    raw = F.relu(torch.einsum("nkhw,k->nhw", features, weight_row / hw))
    cam = F.interpolate(minmax(raw)[:, None], size=(size, size), mode="bilinear", align_corners=False)[:, 0]
    return minmax(cam)
