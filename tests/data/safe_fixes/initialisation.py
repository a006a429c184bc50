"""The base initialiser: missing, late, uncalled, misspelled."""

import torch
from torch import nn


class Classifier(nn.Module):
    def __init__(self, in_features=16, classes=4):
        self.fc = nn.Linear(in_features, classes)  # before nn.Module.__init__
        super().__init__()

    def forward(self, x):
        return self.fc(x)


class ConfiguredBase(nn.Module):
    """Reads what the subclass set before calling it."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(self.width, self.width)

    def forward(self, x):
        return self.proj(x)


class Configured(ConfiguredBase):
    def __init__(self, width=8):
        self.width = width  # a plain value set before the base reads it
        super().__init__()
        self.gate = nn.Linear(width, width)

    def forward(self, x):
        return super().forward(x) * torch.sigmoid(self.gate(x))


class NoSuperInit(nn.Module):
    def __init__(self, dim=8):
        self.body = nn.Sequential(nn.Linear(dim, dim), nn.ReLU())

    def forward(self, x):
        return self.body(x)


class UncalledSuperInit(nn.Module):
    def __init__(self, dim=8):
        super().__init__
        self.fc = nn.Linear(dim, dim)

    def forward(self, x):
        return self.fc(x)


class UncalledScale(nn.Module):
    """Holds no submodule: it builds without the base initialiser, and fails when called."""

    def __init__(self, factor=2.0):
        super().__init__
        self.factor = factor

    def forward(self, x):
        return x * self.factor


class MisspelledInit(nn.Module):
    def __int__(self, dim=8):
        super().__init__()
        self.fc = nn.Linear(dim, dim)

    def forward(self, x):
        return self.fc(x)


class Backbone(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.fc = nn.Linear(dim, dim)

    def forward(self, x):
        return self.fc(x)


class Head(Backbone):
    """Its own initialiser is misspelled: the base's runs, and forward works without
    the layer the misspelled one would add."""

    def __init_(self, dim=8):
        super().__init__(dim)
        self.extra = nn.Linear(dim, dim)

    def forward(self, x):
        return torch.relu(self.fc(x))
