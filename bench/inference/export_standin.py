"""Writes a stand-in model bundle for the inference benchmark when the default model is not there, exported to ONNX
with logits and the layer4 output, and a metadata.json in ResLens's bundle format:
  resnet18     torchvision's resnet18 (random weights, 2 classes, 3 x 224 x 224 input);
  reslens-cam  the default model's architecture (models/training/model.py, train.py's MODEL_CONFIG; random weights,
               1 x 128 x 128 input), for figures representative of the default model before it is trained.

    /usr/bin/python3 bench/inference/export_standin.py /tmp/reslens-bench/inference/resnet18 [resnet18|reslens-cam]
"""
import hashlib
import json
import os
import sys

import torch
import torchvision


class LogitsAndFeatures(torch.nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, image):
        n = self.net
        x = n.maxpool(n.relu(n.bn1(n.conv1(image))))
        feats = n.layer4(n.layer3(n.layer2(n.layer1(x))))
        return n.fc(torch.flatten(n.avgpool(feats), 1)), feats


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/reslens-bench/inference/resnet18"
    arch = sys.argv[2] if len(sys.argv) > 2 else "resnet18"
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    if arch == "reslens-cam":
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "models", "training"))
        import model as model_lib
        import train
        net = model_lib.build(train.MODEL_CONFIG).eval()
        channels, size, training = 1, 128, {"model_config": train.MODEL_CONFIG}
    else:
        net = torchvision.models.resnet18(num_classes=2).eval()
        channels, size, training = 3, 224, {"architecture": "torchvision.resnet18"}
    path = os.path.join(out, "model.onnx")
    torch.onnx.export(LogitsAndFeatures(net), torch.rand(1, channels, size, size), path, input_names=["image"],
                      output_names=["logits", "features"], opset_version=13,
                      dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}, "features": {0: "batch"}})
    sha = hashlib.sha256(open(path, "rb").read()).hexdigest()
    meta = {
        "version": "0.0.0", "task": f"benchmark stand-in: {arch} with random weights",
        "reslens": {
            "onnx": {"file": "model.onnx", "sha256": sha, "input": "image", "logits_output": "logits",
                     "feature_output": "features"},
            "preprocessing": [
                {"name": "ScaleIntensityRangePercentiles", "lower": 1.0, "upper": 99.0, "b_min": 0.0, "b_max": 1.0,
                 "clip": True},
                {"name": "Resize", "spatial_size": [size, size], "mode": "bilinear", "align_corners": False,
                 "aspect": "stretch"}] + ([{"name": "RepeatChannel", "repeats": 3}] if channels == 3 else []),
            "postprocessing": {"activation": "softmax", "positive_class": 1, "class_names": ["normal", "lesion"]},
            "explainability": {"method": "gradcam", "feature_output": "features", "explained_class": 1},
            "training": training,
        },
    }
    with open(os.path.join(out, "metadata.json"), "w") as f:
        json.dump(meta, f, indent=2)
    print(out)


if __name__ == "__main__":
    main()
