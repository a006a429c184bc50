"""Feature extractors that keep their constants on the CPU, compute there and move the
result to the input's device: they work on any device as they are."""

import torch
from torch import nn


class Filterbank(nn.Module):
    """Three CPU tensors that meet each other; only the filters they make move."""

    def __init__(self, n_fft=16, n_bands=8):
        super().__init__()
        self.window = torch.hann_window(n_fft)
        self.bands = torch.rand(n_bands, n_fft)
        self.gains = torch.linspace(0.5, 1.5, n_bands)
        self.proj = nn.Linear(n_bands, n_bands)

    def forward(self, x):
        filters = self.bands * self.window * self.gains[:, None]
        return self.proj(x @ filters.T.to(x.device))


class ShapedFilterbank(nn.Module):
    """The same three tensors, two of them combined through a local variable first."""

    def __init__(self, n_fft=16, n_bands=8):
        super().__init__()
        self.window = torch.hann_window(n_fft)
        self.bands = torch.rand(n_bands, n_fft)
        self.gains = torch.linspace(0.5, 1.5, n_bands)
        self.proj = nn.Linear(n_bands, n_bands)

    def forward(self, x):
        shaped = self.bands * self.window
        filters = shaped * self.gains[:, None]
        return self.proj(x @ filters.T.to(x.device))


class HelperFilterbank(nn.Module):
    """Two of the tensors meet in a helper method, the third meets its result."""

    def __init__(self, n_fft=16, n_bands=8):
        super().__init__()
        self.window = torch.hann_window(n_fft)
        self.bands = torch.rand(n_bands, n_fft)
        self.gains = torch.linspace(0.5, 1.5, n_bands)
        self.proj = nn.Linear(n_bands, n_bands)

    def filters(self):
        return self.bands * self.window

    def forward(self, x):
        weights = self.filters() * self.gains[:, None]
        return self.proj(x @ weights.T.to(x.device))


class SpectralFeatures(nn.Module):
    """Three CPU tensors that meet each other and the input brought to the CPU; only the
    result moves."""

    def __init__(self, n_fft=16, n_bands=8):
        super().__init__()
        self.window = torch.hann_window(n_fft)
        self.bands = torch.rand(n_bands, n_fft // 2 + 1)
        self.gains = torch.linspace(0.5, 1.5, n_bands)
        self.proj = nn.Linear(n_bands, n_bands)

    def forward(self, x):
        frames = x.detach().cpu() * self.window
        spectrum = torch.fft.rfft(frames).abs()
        bands = (spectrum @ self.bands.T) * self.gains
        return self.proj(bands.to(x.device))


class PairwiseScale(nn.Module):
    """Two CPU tensors combined on the CPU, the product moved."""

    def __init__(self, dim=8):
        super().__init__()
        self.low = torch.linspace(0.0, 1.0, dim)
        self.high = torch.linspace(1.0, 2.0, dim)
        self.fc = nn.Linear(dim, dim)

    def forward(self, x):
        scale = self.low * self.high + 1.0
        return self.fc(x) * scale.to(x.device)


class MovedAtUse(nn.Module):
    """A tensor only ever used through `.to(x.device)`."""

    def __init__(self, dim=8):
        super().__init__()
        self.offset = torch.arange(dim, dtype=torch.float32)
        self.fc = nn.Linear(dim, dim)

    def forward(self, x):
        return self.fc(x) + self.offset.to(x.device)


class CpuIndexed(nn.Module):
    """A permutation used as an index, and a CPU table indexed on the CPU."""

    def __init__(self, dim=8):
        super().__init__()
        self.perm = torch.randperm(dim)
        self.table = torch.randn(dim, dim)
        self.fc = nn.Linear(dim, dim)

    def forward(self, x):
        rows = self.table[self.perm]
        return self.fc(x[..., self.perm]) + rows.sum(0).to(x.device)


class ZeroDimDivisor(nn.Module):
    """A 0-dim temperature divides a device tensor; a CPU ramp divided by it moves later."""

    def __init__(self, dim=8):
        super().__init__()
        self.temperature = torch.tensor(2.0)
        self.ramp = torch.arange(dim, dtype=torch.float32)
        self.fc = nn.Linear(dim, dim)

    def forward(self, x):
        logits = self.fc(x) / self.temperature
        bias = (self.ramp / self.temperature).to(x.device)
        return logits + bias
