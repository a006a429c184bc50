# expect: MOD002
# reduced from: pytorch/pytorch#666 and #715 (layers kept in a Python list are missing
# from model.parameters())
import torch.nn as nn


class MLP(nn.Module):
    def __init__(self, sizes=(4, 8, 2)):
        super().__init__()
        self.layers = []
        for i in range(len(sizes) - 1):
            self.layers.append(nn.Linear(sizes[i], sizes[i + 1]))

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x
