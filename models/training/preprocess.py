"""The model-input contract shared by dataset generation, evaluation, golden fixtures and (re-implemented) the Java
pipeline. Keep this file the single Python definition of it; metadata.json declares the same steps.

slice (2-D stored values after the modality LUT, DICOM row/column order)
  -> ScaleIntensityRangePercentiles {lower 1, upper 99, b_min 0, b_max 1, clip true}
  -> Resize {spatial_size [S, S], bilinear, align_corners false, no antialias, aspect stretch}
  -> float32 tensor [1, 1, S, S] (NCHW, one channel)

Numerics, so another implementation can match bit-for-bit up to float rounding:
- percentiles are numpy.percentile's default "linear" method over ALL pixels, computed in float64;
- the scaling (v - p_lo) / (p_hi - p_lo) is done in float64, clipped to [0, 1], then cast to float32
  (p_hi == p_lo gives an all-zero image);
- the resize runs in float32 with torch.nn.functional.interpolate(mode="bilinear", align_corners=False,
  antialias=False): source coordinate = (dst + 0.5) * in/out - 0.5, clamped below at 0, neighbours clamped to
  the edge.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

INPUT_SIZE = 128  # S: see models/training/README.md for why 128

PERCENTILES = {"name": "ScaleIntensityRangePercentiles", "lower": 1.0, "upper": 99.0, "b_min": 0.0, "b_max": 1.0,
               "clip": True}


def resize_step(size: int = INPUT_SIZE) -> dict:
    return {"name": "Resize", "spatial_size": [size, size], "mode": "bilinear", "align_corners": False,
            "antialias": False, "aspect": "stretch"}


def scale_intensity_range_percentiles(slice2d: np.ndarray, lower: float = 1.0, upper: float = 99.0,
                                      b_min: float = 0.0, b_max: float = 1.0, clip: bool = True) -> np.ndarray:
    v = np.asarray(slice2d).astype(np.float64)
    if v.ndim != 2:
        raise ValueError(f"expected a 2-D slice, got shape {v.shape}")
    p_lo, p_hi = np.percentile(v, [lower, upper])
    if p_hi == p_lo:
        x = np.zeros_like(v)
    else:
        x = (v - p_lo) / (p_hi - p_lo)
    if b_min != 0.0 or b_max != 1.0:
        x = x * (b_max - b_min) + b_min
    if clip:
        x = np.clip(x, min(b_min, b_max), max(b_min, b_max))
    return x.astype(np.float32)


def resize_bilinear(image: np.ndarray, size: int = INPUT_SIZE) -> np.ndarray:
    t = torch.from_numpy(np.ascontiguousarray(image, dtype=np.float32))[None, None]
    out = F.interpolate(t, size=(size, size), mode="bilinear", align_corners=False, antialias=False)
    return out[0, 0].numpy()


def preprocess(slice2d: np.ndarray, size: int = INPUT_SIZE) -> np.ndarray:
    """One slice -> float32 array [1, 1, size, size]."""
    x = scale_intensity_range_percentiles(slice2d, **{k: v for k, v in PERCENTILES.items() if k != "name"})
    return resize_bilinear(x, size)[None, None].astype(np.float32)


def preprocess_batch(slices, size: int = INPUT_SIZE) -> np.ndarray:
    return np.concatenate([preprocess(s, size) for s in slices], axis=0)


def declarative_steps(size: int = INPUT_SIZE) -> list:
    """The steps as metadata.json states them (MONAI transform names, ResLens's declarative block)."""
    return [dict(PERCENTILES), resize_step(size)]
