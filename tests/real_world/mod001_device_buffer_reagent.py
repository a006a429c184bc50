# expect: MOD001
# reduced from: facebookresearch/ReAgent#629 (tensors "weren't pushed to the device when
# model.to(device) was called")
import torch
import torch.nn as nn


class QuantileHead(nn.Module):
    def __init__(self, num_atoms=8):
        super().__init__()
        self.linear = nn.Linear(16, num_atoms)
        self.quantiles = (torch.arange(num_atoms).float() + 0.5) / num_atoms

    def forward(self, x):
        return self.linear(x) * self.quantiles
