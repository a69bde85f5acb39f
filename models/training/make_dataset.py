"""Pre-generates the synthetic dataset (train / val / test) so that training spends its CPU time on the network.

Layout under --out (default models/training/data):
  train/chunk_NNN.npz  TRAIN_CHUNK slices each: x float16 [n, S, S] (preprocessed inputs, preprocess.py, the exact
                       model input), cells uint8 [n, h, w] (1 where a feature-map cell contains lesion pixels: the
                       CAM supervision), meta (JSON lines: seed, label, diameter, contrast, ...). Written one chunk at
                       a time so that training can start on the first chunks while the rest are generated.
  val/x.npy, cells.npy, meta.jsonl, mask_s.npy (uint8 [N, S, S], lesion mask resized to the input grid)
  test/ ...          the same, plus the labelled folder read by `reslens evaluate`:
  test/slices/NNNNN.npy  raw uint16 240 x 240 slice (stored values, DICOM row/column order)
  test/masks/NNNNN.npy   uint8 240 x 240 lesion mask (lesion slices only)
  test/labels.csv        slice_file,label,diameter_mm,contrast,mask_file,... (paths relative to test/)
  test/test.npz          the same slices, masks and labels as one compressed numpy archive

Seeds: slice i of a split uses seed SPLIT_SEED[split] + i; the ranges never overlap, so the test set's lesion
shapes, positions and augmentations are never drawn in training. Even i: normal slice, odd i: lesion slice.
"""
from __future__ import annotations

import os as _os

# Under CPU contention (a shared 2-core machine) libgomp's default busy-waiting makes 2 threads 4x slower than 1;
# passive waiting keeps 2 threads at ~90 % of the single-thread efficiency. Must be set before torch loads.
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import csv
import json
import multiprocessing as mp
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import preprocess  # noqa: E402
import synth  # noqa: E402

SPLIT_SEED = {"train": 1_000_000, "val": 2_000_000, "test": 3_000_000}
FEATURE_STRIDE = 8  # must match the network (model.ResNetCam.total_stride)
TRAIN_CHUNK = 1000

_atlas = None


def _init_worker():
    global _atlas
    import torch
    torch.set_num_threads(1)
    _atlas = synth.Atlas()


def cell_targets(mask: np.ndarray, cells: int) -> np.ndarray:
    h, w = mask.shape
    if h % cells or w % cells:
        raise ValueError("slice size must be a multiple of the feature-map size")
    return mask.reshape(cells, h // cells, cells, w // cells).max(axis=(1, 3)).astype(np.uint8)


def _make(job):
    split, index, size = job
    seed = SPLIT_SEED[split] + index
    out, info = synth.make_training_slice(_atlas, seed, split, positive=bool(index % 2))
    x = preprocess.preprocess(out.pixels, size)[0, 0]
    cells = cell_targets(out.mask, size // FEATURE_STRIDE)
    info["index"] = index
    result = {"x": x.astype(np.float16), "cells": cells, "info": info}
    if split != "train":
        mask_s = preprocess.resize_bilinear(out.mask.astype(np.float32), size) >= 0.5
        result["mask_s"] = mask_s.astype(np.uint8)
    if split == "test":
        result["pixels"] = out.pixels
        result["mask"] = out.mask.astype(np.uint8)
    return result


def generate(split: str, count: int, out_dir: str, size: int, workers: int, log=print):
    d = os.path.join(out_dir, split)
    if os.path.exists(os.path.join(d, "DONE")):
        log(f"{split}: present ({d})")
        return
    os.makedirs(d, exist_ok=True)
    t0 = time.time()
    xs = np.zeros((count, size, size), np.float16)
    cells = None
    masks_s = np.zeros((count, size, size), np.uint8) if split != "train" else None
    metas = []
    if split == "test":
        os.makedirs(os.path.join(d, "slices"), exist_ok=True)
        os.makedirs(os.path.join(d, "masks"), exist_ok=True)
        raws = np.zeros((count, synth.GRID, synth.GRID), np.uint16)
        masks = np.zeros((count, synth.GRID, synth.GRID), np.uint8)
    jobs = [(split, i, size) for i in range(count)]
    with mp.Pool(workers, initializer=_init_worker) as pool:
        for k, r in enumerate(pool.imap(_make, jobs, chunksize=16)):
            i = r["info"]["index"]
            xs[i] = r["x"]
            if cells is None:
                cells = np.zeros((count,) + r["cells"].shape, np.uint8)
            cells[i] = r["cells"]
            metas.append(r["info"])
            if masks_s is not None:
                masks_s[i] = r["mask_s"]
            if split == "test":
                raws[i] = r["pixels"]
                masks[i] = r["mask"]
            if (k + 1) % 2000 == 0:
                log(f"{split}: {k + 1}/{count} slices, {time.time() - t0:.0f} s")
    metas.sort(key=lambda m: m["index"])
    np.save(os.path.join(d, "x.npy"), xs)
    np.save(os.path.join(d, "cells.npy"), cells)
    if masks_s is not None:
        np.save(os.path.join(d, "mask_s.npy"), masks_s)
    with open(os.path.join(d, "meta.jsonl"), "w") as f:
        for m in metas:
            f.write(json.dumps(m) + "\n")
    if split == "test":
        _write_labelled_folder(d, raws, masks, metas)
    with open(os.path.join(d, "DONE"), "w") as f:
        f.write(f"{count} slices in {time.time() - t0:.0f} s\n")
    log(f"{split}: {count} slices in {time.time() - t0:.0f} s")


def _write_labelled_folder(d, raws, masks, metas):
    rows = []
    for m, raw, mask in zip(metas, raws, masks):
        name = f"{m['index']:05d}.npy"
        np.save(os.path.join(d, "slices", name), raw)
        mask_file = ""
        if m["label"]:
            mask_file = f"masks/{name}"
            np.save(os.path.join(d, mask_file), mask)
        rows.append({"slice_file": f"slices/{name}", "label": m["label"], "diameter_mm": m["diameter_mm"],
                     "contrast": m["contrast"], "mask_file": mask_file,
                     "slice_diameter_mm": m["slice_diameter_mm"], "kind": m["kind"],
                     "mr_contrast": m["mr_contrast"], "atlas_z_mm": m["atlas_z"], "seed": m["seed"]})
    with open(os.path.join(d, "labels.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    np.savez_compressed(os.path.join(d, "test.npz"), slices=raws, masks=masks,
                        labels=np.array([m["label"] for m in metas], np.uint8),
                        diameter_mm=np.array([m["diameter_mm"] for m in metas], np.float32),
                        contrast=np.array([m["contrast"] for m in metas], np.float32),
                        seeds=np.array([m["seed"] for m in metas], np.int64))
    with open(os.path.join(d, "README.txt"), "w") as f:
        f.write("Held-out synthetic test set (slice-position bands and seeds never used in training).\n"
                "labels.csv: slice_file (raw uint16 240x240 .npy, stored values, slope 1 intercept 0, DICOM\n"
                "row/column order, 1.0 mm pixels), label (1 lesion, 0 normal), diameter_mm (nominal 3-D lesion\n"
                "diameter), contrast (lesion vs surrounding tissue, fraction), mask_file (uint8 240x240 .npy,\n"
                "1 = lesion; empty for normal slices), slice_diameter_mm (equivalent diameter of the lesion\n"
                "cross-section in this slice), kind, mr_contrast, atlas_z_mm, seed.\n")


def generate_train_chunks(count: int, out_dir: str, size: int, workers: int, log=print):
    d = os.path.join(out_dir, "train")
    os.makedirs(d, exist_ok=True)
    chunks = (count + TRAIN_CHUNK - 1) // TRAIN_CHUNK
    with mp.Pool(workers, initializer=_init_worker) as pool:
        for c in range(chunks):
            path = os.path.join(d, f"chunk_{c:03d}.npz")
            if os.path.exists(path):
                continue
            t0 = time.time()
            lo, hi = c * TRAIN_CHUNK, min(count, (c + 1) * TRAIN_CHUNK)
            results = sorted(pool.map(_make, [("train", i, size) for i in range(lo, hi)], chunksize=8),
                             key=lambda r: r["info"]["index"])
            meta = "\n".join(json.dumps(r["info"]) for r in results)
            tmp = path + ".tmp.npz"
            np.savez(tmp, x=np.stack([r["x"] for r in results]), cells=np.stack([r["cells"] for r in results]),
                     meta=np.array(meta))
            os.replace(tmp, path)
            log(f"train: chunk {c + 1}/{chunks} ({hi - lo} slices) in {time.time() - t0:.0f} s")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"))
    ap.add_argument("--train", type=int, default=24000)
    ap.add_argument("--val", type=int, default=1000)
    ap.add_argument("--test", type=int, default=2000)
    ap.add_argument("--size", type=int, default=preprocess.INPUT_SIZE)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args(argv)
    for split, n in (("val", a.val), ("test", a.test)):
        generate(split, n, a.out, a.size, a.workers)
    generate_train_chunks(a.train, a.out, a.size, a.workers)


if __name__ == "__main__":
    main()
