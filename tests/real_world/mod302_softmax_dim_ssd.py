# expect: MOD302
# reduced from: amdegroot/ssd.pytorch#104 and #114 (softmax without dim: deprecated, and the
# normalised axis depends on the input's rank)
import torch.nn as nn
import torch.nn.functional as F


class Detect(nn.Module):
    def __init__(self):
        super().__init__()
        self.softmax = nn.Softmax()

    def forward(self, conf, loc):
        return self.softmax(conf), F.log_softmax(loc)
