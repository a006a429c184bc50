# expect: MOD003
# reduced from: asyml/texar-pytorch#72 (parameters held in a plain list are never optimised)
import torch
from torch import nn


class Highway(nn.Module):
    def __init__(self, layers=3, size=8):
        super().__init__()
        self.gates = [nn.Parameter(torch.zeros(size)) for _ in range(layers)]

    def forward(self, x):
        for gate in self.gates:
            x = x * torch.sigmoid(gate)
        return x
