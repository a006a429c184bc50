# expect: MOD001
# reduced from: SimonThomine/RememberingNormality#7 (a memory bank built with .to('cuda')
# and requires_grad=True was never trained)
import torch
from torch import nn


class MemoryBank(nn.Module):
    def __init__(self, slots=10, channels=32):
        super().__init__()
        self.keys = torch.randn(slots, channels, requires_grad=True).to("cuda")

    def forward(self, query):
        return query @ self.keys.t()
