# expect: MOD101
# reduced from: lightly-ai/lightly#963 (a loss module without super().__init__():
# 'InfoNCELoss' object has no attribute '_modules')
import torch


class InfoNCELoss(torch.nn.Module):
    def __init__(self, temperature=0.1):
        self.temperature = temperature

    def forward(self, a, b):
        return -(a * b).sum() / self.temperature
