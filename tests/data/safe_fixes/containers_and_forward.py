"""Container constructors given the wrong arguments, a misspelled forward, a buffer
registered under a name already assigned."""

import math

import torch
from torch import nn


class Stem(nn.Module):
    def __init__(self, channels=8):
        super().__init__()
        self.body = nn.Sequential([nn.Conv2d(3, channels, 3, padding=1), nn.ReLU()])

    def forward(self, x):
        return self.body(x)


class Tower(nn.Module):
    def __init__(self, dim=8, depth=3):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(dim, dim) for _ in range(depth))

    def forward(self, x):
        return self.layers(x)


class Branches(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.branches = nn.ModuleList(nn.Linear(dim, dim), nn.Linear(dim, dim))

    def forward(self, x):
        return sum(branch(x) for branch in self.branches)


class Activated(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(dim, dim), nn.GELU, nn.Linear(dim, dim))

    def forward(self, x):
        return self.net(x)


class Projection(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.fc = nn.Linear(dim, dim)

    def foward(self, x):
        return self.fc(x)


class BaseBlock(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.fc = nn.Linear(dim, dim)

    def forward(self, x):
        return self.fc(x)


class ScaledBlock(BaseBlock):
    """Its misspelled forward never ran: the base's did."""

    def forwad(self, x):
        return self.fc(x) * 2


class PositionalTable(nn.Module):
    def __init__(self, dim=8, max_len=16):
        super().__init__()
        position = torch.arange(max_len).unsqueeze(1)
        self.table = torch.sin(position / math.sqrt(dim)) * torch.ones(max_len, dim)
        self.register_buffer("table", self.table)

    def forward(self, x):
        return x + self.table[: x.size(1)]
