"""PyTorch side of the inference benchmark: the same network as a ResLens model bundle, in PyTorch eager mode, and
Grad-CAM the way pytorch-grad-cam computes it (autograd hooks on layer4[-1], backward of the raw logit).

    /usr/bin/python3 bench/inference/pytorch_peer.py --bundle models/brain-lesion-demo --tsv

The network: for the default model, the training checkpoint (models/training/runs/main/best.pt or last.pt, or
--checkpoint) when present, i.e. the very network that was exported; otherwise it is rebuilt from its architecture
with random weights (timings do not depend on weight values; the ONNX file holds BatchNorm folded into the
convolutions, so it cannot be loaded back into the PyTorch modules): metadata.json's reslens.training.model_config
(models/training/model.py's ResNetCam) when present, else --arch (resnet18: torchvision's, for the stand-in bundle of
export_standin.py; reslens-cam: ResNetCam with models/training/train.py's MODEL_CONFIG). Input shape from the
bundle's preprocessing (Resize, RepeatChannel).

Cases (per image, batch 1 unless said): eager_single (forward under inference_mode), eager_batch (forward of a
batch of --batch, time per image), autograd_gradcam (forward with autograd, backward of one logit, channel means of
the gradients, weighted sum, ReLU, min-max, bilinear resize to the input size, min-max: pytorch-grad-cam's GradCAM).
Each case: --iterations timed iterations of about --seconds each after one warm-up iteration; per iteration the mean
wall and process-CPU time per image. Output: one line per case (TSV: case, median wall ms, median CPU ms, min wall,
max wall) or a readable table.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
TRAINING = os.path.join(HERE, "..", "..", "models", "training")


def input_shape(meta):
    channels, size = 1, None
    for step in meta["reslens"]["preprocessing"]:
        if step["name"] == "RepeatChannel":
            channels *= int(step["repeats"])
        if step["name"] == "Resize":
            size = tuple(int(v) for v in step["spatial_size"])
    if size is None:
        sys.exit("the bundle's preprocessing has no Resize step")
    return channels, size


def build(meta, arch, checkpoint):
    training = meta["reslens"].get("training") or {}
    if checkpoint is None and meta.get("name") == "brain-lesion-demo":
        for name in ("best.pt", "last.pt"):
            candidate = os.path.join(TRAINING, "runs", "main", name)
            if os.path.exists(candidate):
                checkpoint = candidate
                break
    if checkpoint:  # the trained network itself: same architecture and weights as the exported model
        sys.path.insert(0, TRAINING)
        import model as model_lib
        ck = torch.load(checkpoint)
        net = model_lib.build(ck["config"])
        net.load_state_dict(ck["model"])
        return net, f"ResNetCam {json.dumps(ck['config'])} from {os.path.relpath(checkpoint)}"
    config = training.get("model_config") or training.get("model")
    if isinstance(config, dict) and "widths" in config:
        sys.path.insert(0, TRAINING)
        import model as model_lib
        return model_lib.build(config), "ResNetCam " + json.dumps(config) + " (random weights)"
    if arch == "resnet18" or training.get("architecture") == "torchvision.resnet18":
        import torchvision
        channels, _ = input_shape(meta)
        net = torchvision.models.resnet18(num_classes=len(meta["reslens"]["postprocessing"]["class_names"]))
        if channels != 3:
            net.conv1 = torch.nn.Conv2d(channels, 64, kernel_size=7, stride=2, padding=3, bias=False)
        return net, "torchvision resnet18 (random weights)"
    sys.path.insert(0, TRAINING)
    import model as model_lib
    import train
    return model_lib.build(train.MODEL_CONFIG), "ResNetCam " + json.dumps(train.MODEL_CONFIG) + " (random weights)"


def min_max(cam):
    cam = cam - cam.amin(dim=(-2, -1), keepdim=True)
    return cam / (cam.amax(dim=(-2, -1), keepdim=True) + 1e-7)


def autograd_gradcam(net, x, cls, size):
    """pytorch-grad-cam's GradCAM for one image, kept in torch (as its numpy/cv2 steps cost about the same)."""
    store = {}

    def hook(_m, _i, out):
        store["a"] = out
        out.register_hook(lambda g: store.__setitem__("g", g))

    handle = net.layer4[-1].register_forward_hook(hook)
    try:
        net.zero_grad(set_to_none=True)
        logits = net(x)
        logits[0, cls].backward()
    finally:
        handle.remove()
    with torch.no_grad():
        alpha = store["g"].mean(dim=(2, 3), keepdim=True)
        cam = torch.relu((alpha * store["a"]).sum(dim=1, keepdim=True))
        cam = F.interpolate(min_max(cam), size=size, mode="bilinear", align_corners=False)
        return min_max(cam)


def measure(fn, per_call_images, iterations, seconds):
    fn()  # first call: allocations, lazy init
    end = time.perf_counter() + seconds  # warm-up iteration
    while time.perf_counter() < end:
        fn()
    walls, cpus = [], []
    for _ in range(iterations):
        calls = 0
        w0, c0 = time.perf_counter(), time.process_time()
        end = w0 + seconds
        while True:
            fn()
            calls += 1
            if time.perf_counter() >= end:
                break
        w1, c1 = time.perf_counter(), time.process_time()
        walls.append((w1 - w0) * 1000 / (calls * per_call_images))
        cpus.append((c1 - c0) * 1000 / (calls * per_call_images))
    return statistics.median(walls), statistics.median(cpus), min(walls), max(walls)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bundle", required=True, help="model bundle folder (metadata.json)")
    ap.add_argument("--arch", choices=["resnet18", "reslens-cam"], default="reslens-cam")
    ap.add_argument("--checkpoint", default=None, help="a models/training checkpoint (config and weights)")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--iterations", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=1.0)
    ap.add_argument("--explained-class", type=int, default=None)
    ap.add_argument("--tsv", action="store_true")
    args = ap.parse_args(argv)

    torch.set_num_threads(args.threads)
    with open(os.path.join(args.bundle, "metadata.json")) as f:
        meta = json.load(f)
    net, described = build(meta, args.arch, args.checkpoint)
    net.eval()
    channels, size = input_shape(meta)
    cls = args.explained_class
    if cls is None:
        ex = meta["reslens"].get("explainability") or {}
        post = meta["reslens"]["postprocessing"]
        cls = ex.get("explained_class", post.get("positive_class", 1 if len(post["class_names"]) > 1 else 0))
    gen = torch.Generator().manual_seed(1)
    one = torch.rand((1, channels) + size, generator=gen)
    batch = torch.rand((args.batch, channels) + size, generator=gen)

    def eager_single():
        with torch.inference_mode():
            net(one)

    def eager_batch():
        with torch.inference_mode():
            net(batch)

    def gradcam():
        autograd_gradcam(net, one, cls, size)

    results = {
        "eager_single": measure(eager_single, 1, args.iterations, args.seconds),
        "eager_batch": measure(eager_batch, args.batch, args.iterations, args.seconds),
        "autograd_gradcam": measure(gradcam, 1, args.iterations, args.seconds),
    }
    if args.tsv:
        for case, (wall, cpu, lo, hi) in results.items():
            print(f"{case}\t{wall:.4f}\t{cpu:.4f}\t{lo:.4f}\t{hi:.4f}")
        print(f"#network\t{described}\t{torch.__version__}\t{args.threads} threads\tinput {channels}x{size}")
    else:
        print(f"{described}, torch {torch.__version__}, {args.threads} threads, input 1x{channels}x{size[0]}x{size[1]}")
        for case, (wall, cpu, lo, hi) in results.items():
            print(f"{case:<18} wall {wall:8.3f} ms/image  CPU {cpu:8.3f} ms/image  (wall {lo:.3f}-{hi:.3f})")


if __name__ == "__main__":
    main()
