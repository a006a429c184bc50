# expect: MOD101
# reduced from: Genentech/gReLU#188 ("ExplaiNNTrunk.__init__ missing super().__init__() call")
from torch import nn


class Trunk(nn.Module):
    def __init__(self, channels=4, units=8):
        self.conv = nn.Conv1d(channels, units, 3)

    def forward(self, x):
        return self.conv(x)
