# expect: MOD203
# reduced from: numenta/nupic.torch#51 ("Forward hooks are ignored when calling the forward
# method") and MPoL-dev/MPoL#151
from torch import nn


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = nn.Linear(4, 4)

    def forward(self, x):
        return self.layer.forward(x)
