"""Deprecated PyTorch functions inside modules, each with a replacement that computes the
same thing."""

import torch
from torch import nn


class Whitening(nn.Module):
    """Decorrelates features with a Cholesky factor of their covariance."""

    def __init__(self, dim=8):
        super().__init__()
        self.fc = nn.Linear(dim, dim)

    def forward(self, x):
        h = self.fc(x).reshape(-1, x.shape[-1])
        covariance = h.T @ h + torch.eye(h.shape[-1], device=x.device)
        upper = torch.cholesky(covariance, upper=True)
        return h @ upper


class Orthogonalize(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.fc = nn.Linear(dim, dim)

    def forward(self, x):
        q, r = torch.qr(self.fc(x).reshape(-1, x.shape[-1]), some=False)
        return q @ r


class LowRankMix(nn.Module):
    def __init__(self, dim=8, rank=2):
        super().__init__()
        self.down = nn.Parameter(torch.randn(dim, rank))
        self.up = nn.Parameter(torch.randn(rank, dim))
        self.gate = nn.Parameter(torch.randn(dim))

    def forward(self, x):
        mix = torch.chain_matmul(self.down, self.up, torch.ger(self.gate, self.gate))
        return x @ mix


class MixedPrecisionHead(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.fc = nn.Linear(dim, dim)

    def forward(self, x):
        with torch.cpu.amp.autocast(dtype=torch.bfloat16):
            return self.fc(x).float()
