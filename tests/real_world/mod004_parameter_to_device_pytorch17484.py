# expect: MOD004
# reduced from: pytorch/pytorch#17484 ("Parameter not registering if .to(device) is used":
# state_dict() is empty)
import torch
from torch import nn

device = torch.device("cpu")


class Bias(nn.Module):
    def __init__(self, size=4):
        super().__init__()
        self.bias = nn.Parameter(torch.zeros(size)).to(device)

    def forward(self, x):
        return x + self.bias
