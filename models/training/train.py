"""Trains the demonstration ResNet on the pre-generated data, within a wall-clock budget, resumable.

Loss = cross-entropy on the exported head's logits (global average pool + linear)
     + CAM_WEIGHT * a per-cell loss on the class-activation map e(i, j) = (W[1] - W[0]) . A(i, j)
     + TIE_WEIGHT * ||W[0] + W[1]||^2
     + MIL_WEIGHT * binary cross-entropy of logsumexp over cells of e (a soft "most lesion-like cell").
e is the same W x A that Grad-CAM shows. The per-cell loss has two phases:
- until ANCHOR_FROM of the budget: binary cross-entropy of e + beta against "cell contains lesion pixels" (beta is a
  training-only offset): learns where lesions are, but leaves normal cells anywhere below -beta;
- afterwards "anchored": normal cells are pulled to e = 0 (squared error) and lesion cells pushed above
  ANCHOR_TARGET (softplus hinge), each averaged over its own cells. With normal tissue held at 0 the global average
  pool moves only where a lesion is, which is what a GAP head needs to detect a lesion covering 1 of 256 cells.
The tie term keeps W[0] close to -W[1], so the exported Grad-CAM of class 1 (which uses W[1] alone) shows the
discriminative "lesion versus normal" map. The network exported is still a plain ResNet: the auxiliary losses only
shape its weights, Grad-CAM is computed honestly from the exported graph.

Curriculum: lesion slices are drawn by "ease" (larger and clearer first); the admitted range widens linearly until
CURRICULUM_END of the training budget, after which every slice is eligible. Normal and lesion slices are drawn
50/50. Left-right flips are applied on the fly (they commute exactly with the preprocessing).
"""
from __future__ import annotations

import os as _os

# Under CPU contention (a shared 2-core machine) libgomp's default busy-waiting makes 2 threads 4x slower than 1;
# passive waiting keeps 2 threads at ~90 % of the single-thread efficiency. Must be set before torch loads.
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model as model_lib  # noqa: E402

MODEL_CONFIG = {"widths": [32, 64, 128, 128], "blocks": [1, 1, 1, 1], "strides": [1, 2, 1, 1], "in_channels": 1,
                "num_classes": 2, "stem_maxpool": True}
CAM_WEIGHT = 1.0
TIE_WEIGHT = 1.0
POS_CELL_WEIGHT = 4.0
ANCHOR_FROM = 0.21
ANCHOR_TARGET = 8.0
MIL_WEIGHT = 0.5
CURRICULUM_END = 0.45
CHECKPOINT_EVERY_S = 180
VALIDATE_EVERY_S = 420


def log_to(path):
    def log(msg):
        line = f"{time.strftime('%H:%M:%S')} {msg}"
        print(line, flush=True)
        if path:
            with open(path, "a") as f:
                f.write(line + "\n")
    return log


def load_split(data_dir, split):
    d = os.path.join(data_dir, split)
    if split == "train" and not os.path.exists(os.path.join(d, "x.npy")):
        return load_train_chunks(d)
    x = torch.from_numpy(np.load(os.path.join(d, "x.npy")))
    cells = torch.from_numpy(np.load(os.path.join(d, "cells.npy")))
    metas = [json.loads(line) for line in open(os.path.join(d, "meta.jsonl"))]
    return _as_split(x, cells, metas, d)


def load_train_chunks(d):
    """Every complete chunk written so far (make_dataset.py may still be adding chunks)."""
    names = sorted(f for f in os.listdir(d) if f.startswith("chunk_") and f.endswith(".npz") and ".tmp" not in f)
    xs, cells, metas = [], [], []
    for name in names:
        with np.load(os.path.join(d, name)) as z:
            xs.append(z["x"])
            cells.append(z["cells"])
            metas += [json.loads(line) for line in str(z["meta"]).split("\n")]
    if not xs:
        raise FileNotFoundError(f"no training chunks in {d}")
    return _as_split(torch.from_numpy(np.concatenate(xs)), torch.from_numpy(np.concatenate(cells)), metas, d)


def _as_split(x, cells, metas, d):
    out = {"x": x, "cells": cells, "meta": metas,
           "label": torch.tensor([m["label"] for m in metas], dtype=torch.long),
           "diameter": np.array([m["diameter_mm"] for m in metas]),
           "contrast": np.array([m["contrast"] for m in metas])}
    if os.path.exists(os.path.join(d, "mask_s.npy")):
        out["mask_s"] = np.load(os.path.join(d, "mask_s.npy"))
    return out


def ease(diameter, contrast):
    """0 .. 1: the smaller of log-size (3 -> 40 mm) and log-contrast (5 -> 60 %) ranks, so that an "easy" lesion is
    both large and clear (a 40 mm lesion at 5 % contrast is not easy)."""
    ed = np.clip(np.log(np.maximum(diameter, 3.0) / 3.0) / math.log(40 / 3), 0, 1)
    ec = np.clip(np.log(np.maximum(contrast, 0.05) / 0.05) / math.log(12), 0, 1)
    return np.minimum(ed, ec)


def roc_auc(scores, labels):
    scores = np.asarray(scores, float)
    labels = np.asarray(labels, int)
    pos, neg = scores[labels == 1], scores[labels == 0]
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    order = np.argsort(np.concatenate([pos, neg]), kind="mergesort")
    ranks = np.empty(len(order))
    allv = np.concatenate([pos, neg])[order]
    # average ranks for ties
    i = 0
    r = np.empty(len(allv))
    while i < len(allv):
        j = i
        while j + 1 < len(allv) and allv[j + 1] == allv[i]:
            j += 1
        r[i:j + 1] = (i + j) / 2 + 1
        i = j + 1
    ranks[order] = r
    return float((ranks[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def sensitivity_at_specificity(scores, labels, specificity=0.9):
    scores = np.asarray(scores, float)
    labels = np.asarray(labels, int)
    neg = np.sort(scores[labels == 0])
    if len(neg) == 0 or (labels == 1).sum() == 0:
        return float("nan")
    threshold = neg[min(len(neg) - 1, int(math.ceil(specificity * len(neg))) - 1)]
    return float((scores[labels == 1] > threshold).mean())


def gradcam_from_features(feats, weight_row):
    """Exported-graph Grad-CAM for a GAP + linear head: ReLU(sum_k W[c,k] A_k) (the 1/(h*w) factor cancels in the
    min-max). Returns the raw map [N, h, w] before normalisation."""
    return F.relu(torch.einsum("nkhw,k->nhw", feats, weight_row))


def upsampled_cam(cam, size):
    cam = cam - cam.amin(dim=(1, 2), keepdim=True)
    cam = cam / (cam.amax(dim=(1, 2), keepdim=True) + 1e-7)
    cam = F.interpolate(cam[:, None], size=(size, size), mode="bilinear", align_corners=False)[:, 0]
    cam = cam - cam.amin(dim=(1, 2), keepdim=True)
    return cam / (cam.amax(dim=(1, 2), keepdim=True) + 1e-7)


def evaluate(net, data, batch=128, tolerance_px=4):
    """Python-side monitoring metrics (the model card's numbers come from the Java pipeline)."""
    net.eval()
    scores, hits, inside = [], [], []
    size = data["x"].shape[-1]
    with torch.no_grad():
        for s in range(0, len(data["x"]), batch):
            x = data["x"][s:s + batch].float()[:, None]
            feats = net.features(x)
            logits = net.head(feats)
            scores.append((logits[:, 1] - logits[:, 0]).numpy())
            cam = upsampled_cam(gradcam_from_features(feats, net.fc.weight[1]), size).numpy()
            for k in range(len(x)):
                i = s + k
                if data["label"][i] != 1:
                    continue
                m = data["mask_s"][i].astype(bool)
                if not m.any():
                    continue
                r, c = np.unravel_index(np.argmax(cam[k]), cam[k].shape)
                rr, cc = np.nonzero(m)
                hits.append(float(np.min((rr - r) ** 2 + (cc - c) ** 2) <= tolerance_px ** 2))
                inside.append(float(cam[k][m].sum() / (cam[k].sum() + 1e-12)))
    net.train()
    scores = np.concatenate(scores)
    labels = data["label"].numpy()
    pos_idx = np.nonzero(labels == 1)[0]
    goal = (labels == 0) | ((data["diameter"] >= 10) & (data["contrast"] >= 0.15))
    goal_pos = [j for j, i in enumerate(pos_idx) if data["diameter"][i] >= 10 and data["contrast"][i] >= 0.15]
    return {"auc": roc_auc(scores, labels), "auc_goal": roc_auc(scores[goal], labels[goal]),
            "sens90_goal": sensitivity_at_specificity(scores[goal], labels[goal]),
            "pointing": float(np.mean(hits)) if hits else float("nan"),
            "pointing_goal": float(np.mean([hits[j] for j in goal_pos])) if goal_pos else float("nan"),
            "mass_in_mask": float(np.mean(inside)) if inside else float("nan")}


def save_atomic(obj, path):
    tmp = path + ".tmp"
    torch.save(obj, tmp)
    os.replace(tmp, path)


def train(args):
    torch.set_num_threads(args.threads)
    os.makedirs(args.run_dir, exist_ok=True)
    log = log_to(os.path.join(args.run_dir, "train.log"))
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    ckpt_path = os.path.join(args.run_dir, "last.pt")
    best_path = os.path.join(args.run_dir, "best.pt")

    val_data = load_split(args.data, "val")
    train_data = pos = neg = pos_ease = None

    train_dir = os.path.join(args.data, "train")
    chunk_count = [-1]

    def reload_train():
        nonlocal train_data, pos, neg, pos_ease
        if os.path.exists(os.path.join(train_dir, "x.npy")):
            if train_data is not None:
                return
        else:
            count = len([f for f in os.listdir(train_dir) if f.startswith("chunk_") and ".tmp" not in f])
            if count == chunk_count[0]:
                return
            chunk_count[0] = count
        train_data = load_split(args.data, "train")
        labels = train_data["label"].numpy()
        pos = np.nonzero(labels == 1)[0]
        neg = np.nonzero(labels == 0)[0]
        pos_ease = ease(train_data["diameter"][pos], train_data["contrast"][pos])
        log(f"data: {len(labels)} training slices ({len(pos)} lesion), {len(val_data['x'])} validation slices")

    reload_train()

    net = model_lib.build(MODEL_CONFIG)
    beta = torch.nn.Parameter(torch.tensor(-2.0))
    mil_bias = torch.nn.Parameter(torch.tensor(-4.0))
    params = list(net.parameters()) + [beta, mil_bias]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=args.weight_decay)
    state = {"step": 0, "elapsed_s": 0.0, "samples": 0, "train_minutes": args.train_minutes, "best_score": -1.0,
             "history": []}
    gen = torch.Generator().manual_seed(args.seed)
    if args.resume and os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path)
        net.load_state_dict(ck["model"])
        beta.data.copy_(ck["beta"])
        mil_bias.data.copy_(ck["mil_bias"])
        opt.load_state_dict(ck["optimizer"])
        state = ck["state"]
        gen.set_state(ck["generator"])
        log(f"resumed at step {state['step']}, {state['elapsed_s'] / 60:.1f} of {state['train_minutes']:.1f} "
            f"training minutes done")
    elif os.path.exists(ckpt_path):
        raise SystemExit(f"{ckpt_path} exists: pass --resume or use a new --run-dir")
    total_s = state["train_minutes"] * 60
    stop_at = time.time() + args.max_session_minutes * 60 if args.max_session_minutes else float("inf")
    net = net.to(memory_format=torch.channels_last)
    net.train()

    cells_n = train_data["cells"].shape[-1]
    pos_weight = torch.tensor(POS_CELL_WEIGHT)
    last_ckpt = last_val = last_reload = time.time()
    session_start = time.time()
    elapsed0 = state["elapsed_s"]
    run_loss = {"ce": 0.0, "cam": 0.0, "n": 0, "correct": 0}

    def checkpoint(path=ckpt_path):
        save_atomic({"model": net.state_dict(), "beta": beta.detach().clone(),
                     "mil_bias": mil_bias.detach().clone(), "optimizer": opt.state_dict(),
                     "state": state, "generator": gen.get_state(), "config": MODEL_CONFIG}, path)

    def validate():
        metrics = evaluate(net, val_data)
        metrics.update(step=state["step"], minutes=round(state["elapsed_s"] / 60, 2), samples=state["samples"])
        state["history"].append(metrics)
        log("val " + json.dumps({k: (round(v, 4) if isinstance(v, float) else v) for k, v in metrics.items()}))
        score = metrics["auc_goal"] + 0.5 * metrics["auc"] + 0.5 * (metrics["pointing_goal"]
                                                                    if not math.isnan(metrics["pointing_goal"]) else 0)
        if score > state["best_score"]:
            state["best_score"] = score
            save_atomic({"model": net.state_dict(), "config": MODEL_CONFIG, "metrics": metrics,
                         "state": {k: v for k, v in state.items() if k != "history"}}, best_path)
            log(f"new best (score {score:.4f})")

    while state["elapsed_s"] < total_s and time.time() < stop_at:
        progress = state["elapsed_s"] / total_s
        # curriculum: admitted lesion slices have ease >= threshold; threshold falls from 0.5 (>= 11 mm and >= 17 %)
        # to 0
        threshold = max(0.0, 0.5 * (1 - progress / CURRICULUM_END))
        eligible = pos[pos_ease >= threshold]
        if len(eligible) < 64:  # too few admitted yet: take the easiest ones available
            eligible = pos[np.argsort(-pos_ease)[:64]]
        half = args.batch // 2
        pi = eligible[torch.randint(len(eligible), (half,), generator=gen).numpy()]
        ni = neg[torch.randint(len(neg), (args.batch - half,), generator=gen).numpy()]
        idx = torch.from_numpy(np.concatenate([pi, ni]))
        x = train_data["x"][idx].float()[:, None]
        cells = train_data["cells"][idx].float()
        y = train_data["label"][idx]
        flip = torch.rand(len(idx), generator=gen) < 0.5
        x[flip] = x[flip].flip(-1)
        cells[flip] = cells[flip].flip(-1)
        x = x.contiguous(memory_format=torch.channels_last)

        warm = min(1.0, progress / 0.03)
        lr = args.lr * warm * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))
        for g in opt.param_groups:
            g["lr"] = lr

        feats = net.features(x)
        logits = net.head(feats)
        ce = F.cross_entropy(logits, y)
        w = net.fc.weight
        evidence = torch.einsum("nkhw,k->nhw", feats, w[1] - w[0])
        if evidence.shape[-1] != cells_n:
            raise SystemExit(f"feature map {tuple(evidence.shape[-2:])} does not match the cell targets ({cells_n})")
        if progress < ANCHOR_FROM:
            cam_loss = F.binary_cross_entropy_with_logits(evidence + beta, cells, pos_weight=pos_weight)
        else:
            lesion_cells = cells > 0.5
            cam_loss = evidence[~lesion_cells].pow(2).mean()
            if lesion_cells.any():
                cam_loss = cam_loss + F.softplus(ANCHOR_TARGET - evidence[lesion_cells]).mean()
        tie = (w[0] + w[1]).pow(2).sum()
        mil_logit = torch.logsumexp(evidence.flatten(1), dim=1) + mil_bias
        mil = F.binary_cross_entropy_with_logits(mil_logit, y.float())
        loss = ce + CAM_WEIGHT * cam_loss + TIE_WEIGHT * tie + MIL_WEIGHT * mil
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

        state["step"] += 1
        state["samples"] += len(idx)
        state["elapsed_s"] = elapsed0 + (time.time() - session_start)
        run_loss["ce"] += ce.item()
        run_loss["cam"] += cam_loss.item()
        run_loss["mil"] = run_loss.get("mil", 0.0) + mil.item()
        run_loss["n"] += 1
        run_loss["correct"] += int((logits.argmax(1) == y).sum())
        if state["step"] % args.log_every == 0:
            k = run_loss["n"]
            log(f"step {state['step']} {state['elapsed_s'] / 60:.1f} min, {state['samples']} samples, "
                f"lr {lr:.2e}, ease>={threshold:.2f}, ce {run_loss['ce'] / k:.4f}, cam {run_loss['cam'] / k:.4f}, "
                f"mil {run_loss['mil'] / k:.4f}, "
                f"acc {run_loss['correct'] / (k * args.batch):.3f}, tie {tie.item():.2e}, "
                f"{state['samples'] / max(1.0, state['elapsed_s']):.1f} samples/s")
            run_loss = {"ce": 0.0, "cam": 0.0, "n": 0, "correct": 0}
        now = time.time()
        if now - last_reload > 120:
            reload_train()
            last_reload = time.time()
        if now - last_val > args.validate_every_s:
            validate()
            last_val = time.time()
        if now - last_ckpt > args.checkpoint_every_s:
            checkpoint()
            last_ckpt = time.time()
    validate()
    checkpoint()
    finished = state["elapsed_s"] >= total_s
    log(f"{'finished' if finished else 'paused (session limit)'} at step {state['step']}, "
        f"{state['samples']} samples, {state['elapsed_s'] / 60:.1f} min")
    return finished


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(here, "data"))
    ap.add_argument("--run-dir", default=os.path.join(here, "runs", "main"))
    ap.add_argument("--train-minutes", type=float, default=90.0,
                    help="planned training time (sets the schedule; kept across --resume)")
    ap.add_argument("--max-session-minutes", type=float, default=0.0,
                    help="stop this invocation after this long even if training is not finished (0: no limit)")
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--weight-decay", type=float, default=1e-4)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--log-every", type=int, default=50)
    ap.add_argument("--validate-every-s", type=float, default=VALIDATE_EVERY_S)
    ap.add_argument("--checkpoint-every-s", type=float, default=CHECKPOINT_EVERY_S)
    return train(ap.parse_args(argv))


if __name__ == "__main__":
    main()
