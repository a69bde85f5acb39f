"""The demonstration network: a torchvision-style ResNet with a global-average-pool + linear head.

Built from torchvision's own BasicBlock so that the graph exported to ONNX is the familiar ResNet pattern
(Conv/BN folded, Relu, Add, GlobalAveragePool, Flatten, Gemm). torchvision's ResNet class cannot be used directly
because it fixes the stage widths at 64..512 for basic blocks; this class takes the widths as a parameter.
"""
from __future__ import annotations

import torch
import torch.nn as nn
from torchvision.models.resnet import BasicBlock, conv1x1


class ResNetCam(nn.Module):
    """ResNet whose last residual block output ("features") feeds GAP -> Flatten -> Linear.

    The class-activation map of class c is ``W[c] . features[:, :, i, j]``: exactly what Grad-CAM shows for this
    head, which is why training supervises that map directly (see train.py).
    """

    def __init__(self, widths=(32, 64, 128, 256), blocks=(2, 2, 2, 2), strides=(1, 2, 2, 1),
                 in_channels=1, num_classes=2, stem_maxpool=True):
        super().__init__()
        self.widths = tuple(widths)
        self.blocks = tuple(blocks)
        self.strides = tuple(strides)
        self.stem_maxpool = stem_maxpool
        self.inplanes = widths[0]
        self.conv1 = nn.Conv2d(in_channels, widths[0], kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(widths[0])
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1) if stem_maxpool else nn.Identity()
        stages = []
        for width, count, stride in zip(widths, blocks, strides):
            stages.append(self._make_layer(width, count, stride))
        self.layer1, self.layer2, self.layer3, self.layer4 = stages
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(widths[-1], num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.constant_(m.weight, 1)
                nn.init.constant_(m.bias, 0)
        # Zero-init of the last BN in each residual branch: every block starts as identity, which makes the
        # early epochs of a small-data run noticeably steadier.
        for m in self.modules():
            if isinstance(m, BasicBlock):
                nn.init.constant_(m.bn2.weight, 0)

    def _make_layer(self, planes, count, stride):
        downsample = None
        if stride != 1 or self.inplanes != planes:
            downsample = nn.Sequential(conv1x1(self.inplanes, planes, stride), nn.BatchNorm2d(planes))
        layers = [BasicBlock(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes
        layers += [BasicBlock(planes, planes) for _ in range(1, count)]
        return nn.Sequential(*layers)

    @property
    def total_stride(self):
        s = 2 * (2 if self.stem_maxpool else 1)
        for st in self.strides:
            s *= st
        return s

    def features(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer1(x)
        x = self.layer2(x)
        x = self.layer3(x)
        return self.layer4(x)

    def head(self, feats):
        return self.fc(torch.flatten(self.avgpool(feats), 1))

    def forward(self, x):
        return self.head(self.features(x))

    def config(self):
        return {"widths": list(self.widths), "blocks": list(self.blocks), "strides": list(self.strides),
                "in_channels": self.conv1.in_channels, "num_classes": self.fc.out_features,
                "stem_maxpool": self.stem_maxpool}


class LogitsAndFeatures(nn.Module):
    """Export wrapper: returns (logits, features) so one ONNX run gives both the score and the Grad-CAM inputs."""

    def __init__(self, net: ResNetCam):
        super().__init__()
        self.net = net

    def forward(self, image):
        feats = self.net.features(image)
        return self.net.head(feats), feats


def build(config: dict) -> ResNetCam:
    return ResNetCam(widths=tuple(config["widths"]), blocks=tuple(config["blocks"]),
                     strides=tuple(config["strides"]), in_channels=config.get("in_channels", 1),
                     num_classes=config.get("num_classes", 2), stem_maxpool=config.get("stem_maxpool", True))
