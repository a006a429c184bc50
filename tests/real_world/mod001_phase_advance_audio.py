# expect: MOD001
# reduced from: pytorch/audio#457 ("phase_advance should be a buffer so it moves device
# correctly": expected device cuda:0 but got device cpu)
import math

import torch


class TimeStretch(torch.nn.Module):
    def __init__(self, hop_length=256, n_freq=201):
        super(TimeStretch, self).__init__()
        self.phase_advance = torch.linspace(0, math.pi * hop_length, n_freq)[..., None]

    def forward(self, spec):
        return spec * self.phase_advance
