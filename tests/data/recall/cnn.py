import torch
from torch import nn


class ConvBNAct(nn.Sequential):
    def __init__(self, cin, cout, stride=1):
        super().__init__(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout),
                         nn.ReLU(inplace=True))


class ResidualBlock(nn.Module):
    def __init__(self, channels):
        super(ResidualBlock, self).__init__()
        self.conv1 = ConvBNAct(channels, channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1)
        self.act = nn.ReLU()

    def forward(self, x):
        return self.act(x + self.conv2(self.conv1(x)))


class Normalize(nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean).view(1, -1, 1, 1))
        self.register_buffer("std", torch.tensor(std).view(1, -1, 1, 1), persistent=False)

    def forward(self, x):
        return (x - self.mean) / self.std


class ResNetLike(nn.Module):
    def __init__(self, num_classes=10, width=32, depth=3):
        super().__init__()
        self.norm = Normalize([0.5, 0.5, 0.5], [0.25, 0.25, 0.25])
        self.stem = ConvBNAct(3, width, stride=2)
        layers = []
        for _ in range(depth):
            layers.append(ResidualBlock(width))
        self.body = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.head = nn.Linear(width, num_classes)

    def forward(self, x):
        x = self.body(self.stem(self.norm(x)))
        return self.head(torch.flatten(self.pool(x), 1))


def freeze_stem(model):
    for p in model.stem.parameters():
        p.requires_grad = False
