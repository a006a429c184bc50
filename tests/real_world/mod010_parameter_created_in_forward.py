# expect: MOD010
# reduced from: the MOD010 evidence (a parameter created in forward is re-created each call
# and missed by an optimizer built before the first call)
import torch
from torch import nn


class LazyScale(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x):
        self.scale = nn.Parameter(torch.ones(x.shape[-1]))
        return x * self.scale
