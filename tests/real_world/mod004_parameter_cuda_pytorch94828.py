# expect: MOD004
# reduced from: pytorch/pytorch#94828 ("nn.Parameter(tensor_t).cuda() is ignored")
import torch
import torch.nn as nn


class Scale(nn.Module):
    def __init__(self):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(1)).cuda()

    def forward(self, x):
        return x * self.scale
